package inmem_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/inmem"
)

func TestDailyCounterStartsAgainAtMidnightUTC(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 23, 23, 59, 0, 0, time.UTC)
	c := inmem.NewDailyCounter(func() time.Time { return clock })
	if n, _ := c.Add(ctx, "", 100); n != 100 {
		t.Fatalf("Add = %d", n)
	}
	if n, _ := c.Add(ctx, "", 50); n != 150 {
		t.Fatalf("Add = %d", n)
	}
	if n, _ := c.Add(ctx, "client:a", 7); n != 7 {
		t.Fatalf("Add of another key = %d", n)
	}
	if n, _ := c.Get(ctx, ""); n != 150 {
		t.Fatalf("keys are not counted apart: %d", n)
	}
	clock = clock.Add(2 * time.Minute)
	if n, _ := c.Get(ctx, ""); n != 0 {
		t.Fatalf("after midnight: %d", n)
	}
	if n, _ := c.Get(ctx, "client:a"); n != 0 || c.Len() != 0 {
		t.Fatalf("after midnight: %d, %d keys", n, c.Len())
	}
}

// TestDailyCounterKeysAreBounded: a flood of keys keeps the counter at
// DailyCounterKeys, and what it forgets it overestimates, never
// underestimates: a big spender keeps its count, and a key pushed out
// comes back with at least what it had.
func TestDailyCounterKeysAreBounded(t *testing.T) {
	ctx := context.Background()
	c := inmem.NewDailyCounter(nil)
	c.Add(ctx, "", 1_000_000)
	c.Add(ctx, "client:big", 90_000)
	for i := range inmem.DailyCounterKeys + 2000 {
		c.Add(ctx, fmt.Sprint("client:", i), int64(1+i%100))
	}
	if c.Len() > inmem.DailyCounterKeys {
		t.Fatalf("%d keys, want at most %d", c.Len(), inmem.DailyCounterKeys)
	}
	if n, _ := c.Get(ctx, "client:big"); n < 90_000 {
		t.Errorf("the big spender counts %d, want at least 90,000", n)
	}
	if n, _ := c.Get(ctx, ""); n < 1_000_000 {
		t.Errorf("the total counts %d, want at least 1,000,000", n)
	}
	for i := range inmem.DailyCounterKeys + 2000 {
		if n, _ := c.Get(ctx, fmt.Sprint("client:", i)); n < int64(1+i%100) {
			t.Fatalf("client:%d counts %d, want at least %d", i, n, 1+i%100)
		}
	}
}
