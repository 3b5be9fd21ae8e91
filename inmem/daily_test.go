package inmem_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/inmem"
)

func TestDailyCounterStartsAgainAtMidnightUTC(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 23, 23, 59, 0, 0, time.UTC)
	c := inmem.NewDailyCounter(func() time.Time { return clock })
	if n, _ := c.Add(ctx, 100); n != 100 {
		t.Fatalf("Add = %d", n)
	}
	if n, _ := c.Add(ctx, 50); n != 150 {
		t.Fatalf("Add = %d", n)
	}
	clock = clock.Add(2 * time.Minute)
	if n, _ := c.Get(ctx); n != 0 {
		t.Fatalf("after midnight: %d", n)
	}
}
