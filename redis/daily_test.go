package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

func TestDailyCounterIsShared(t *testing.T) {
	c, prefix := redistest.Client(t)
	ctx := context.Background()
	clock := time.Date(2026, 11, 23, 23, 59, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	a, b := c.DailyCounter(prefix+"tokens:", now), c.DailyCounter(prefix+"tokens:", now)
	if n, err := a.Get(ctx, ""); err != nil || n != 0 {
		t.Fatalf("Get before any spending = %d, %v", n, err)
	}
	a.Add(ctx, "", 100)
	if n, _ := b.Add(ctx, "", 30); n != 130 {
		t.Fatalf("two instances count %d, want 130", n)
	}
	a.Add(ctx, "client:192.0.2.1", 7)
	if n, _ := b.Add(ctx, "client:192.0.2.1", 3); n != 10 {
		t.Fatalf("two instances count %d for a client, want 10", n)
	}
	if n, _ := a.Get(ctx, ""); n != 130 {
		t.Fatalf("keys are not counted apart: %d", n)
	}
	clock = clock.Add(2 * time.Minute)
	if n, _ := a.Get(ctx, ""); n != 0 {
		t.Fatalf("a new day starts at %d", n)
	}
	if n, _ := a.Get(ctx, "client:192.0.2.1"); n != 0 {
		t.Fatalf("a new day starts at %d for a client", n)
	}
}
