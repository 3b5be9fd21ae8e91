package inmem_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/ratelimittest"
	"github.com/rendezvous-oss/rendezvous/sessiontest"
)

func TestRateLimiterContract(t *testing.T) {
	ratelimittest.Run(t, func(t *testing.T) (a, b ratelimittest.Limiter) {
		l := inmem.NewRateLimiter(1000, nil)
		return l, l
	})
}

// TestRateLimiterGCRA follows one key on a fake clock through the numbers
// redis_rate's script gives.
func TestRateLimiterGCRA(t *testing.T) {
	ctx := context.Background()
	clock := sessiontest.NewClock()
	l := inmem.NewRateLimiter(10, clock.Now)
	rate := rendezvous.Rate{Count: 10, Period: time.Second, Burst: 3} // one per 100 ms
	steps := []struct {
		name    string
		advance time.Duration
		want    rendezvous.RateDecision
	}{
		{"First", 0, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 2, ResetAfter: 100 * time.Millisecond}},
		{"Second", 0, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 1, ResetAfter: 200 * time.Millisecond}},
		{"Third", 0, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 0, ResetAfter: 300 * time.Millisecond}},
		{"RefusedPastBurst", 0, rendezvous.RateDecision{Limit: 3, RetryAfter: 100 * time.Millisecond, ResetAfter: 300 * time.Millisecond}},
		{"RefusedCostsNothing", 40 * time.Millisecond, rendezvous.RateDecision{Limit: 3, RetryAfter: 60 * time.Millisecond, ResetAfter: 260 * time.Millisecond}},
		{"OneRefilled", 60 * time.Millisecond, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 0, ResetAfter: 300 * time.Millisecond}},
		{"PartlyRefilledCountsWhole", 250 * time.Millisecond, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 1, ResetAfter: 150 * time.Millisecond}},
		{"FullAfterIdle", time.Hour, rendezvous.RateDecision{Allowed: true, Limit: 3, Remaining: 2, ResetAfter: 100 * time.Millisecond}},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		got, err := l.Allow(ctx, "k", rate)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("%s: decision (-want +got):\n%s", s.name, diff)
		}
	}
}

func TestRateLimiterBoundedKeys(t *testing.T) {
	ctx := context.Background()
	rate := rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 1}
	t.Run("NeverMoreThanMaxKeys", func(t *testing.T) {
		l := inmem.NewRateLimiter(100, sessiontest.NewClock().Now)
		for i := range 10_000 {
			if _, err := l.Allow(ctx, fmt.Sprint("10.0.", i/256, ".", i%256), rate); err != nil {
				t.Fatal(err)
			}
		}
		if n := l.Len(); n != 100 {
			t.Errorf("Len = %d, want 100", n)
		}
	})
	t.Run("StaleKeysDropped", func(t *testing.T) {
		clock := sessiontest.NewClock()
		l := inmem.NewRateLimiter(100, clock.Now)
		for i := range 50 {
			if _, err := l.Allow(ctx, fmt.Sprint("old", i), rate); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(time.Minute) // every TAT has passed
		for i := range 20 {
			if _, err := l.Allow(ctx, fmt.Sprint("new", i), rate); err != nil {
				t.Fatal(err)
			}
		}
		// Each call drops a few stale keys: 20 calls, 50 stale keys.
		if n := l.Len(); n >= 50 {
			t.Errorf("Len = %d: stale keys are not being dropped", n)
		}
	})
	t.Run("RecentlyLimitedKeySurvivesAFlood", func(t *testing.T) {
		clock := sessiontest.NewClock()
		l := inmem.NewRateLimiter(100, clock.Now)
		if d, _ := l.Allow(ctx, "stale", rate); !d.Allowed {
			t.Fatal("first request refused")
		}
		clock.Advance(time.Minute + time.Second)
		if d, _ := l.Allow(ctx, "attacker", rate); !d.Allowed {
			t.Fatal("first request refused")
		}
		// The stale key goes first, and a key that keeps being refused
		// stays recent, so a flood of 99 other keys does not push it out.
		for i := range 99 {
			if d, _ := l.Allow(ctx, "attacker", rate); d.Allowed {
				t.Fatal("attacker allowed twice")
			}
			if _, err := l.Allow(ctx, fmt.Sprint("flood", i), rate); err != nil {
				t.Fatal(err)
			}
		}
		if d, _ := l.Allow(ctx, "attacker", rate); d.Allowed {
			t.Error("attacker's limit forgotten")
		}
	})
}

func TestRateLimiterZeroMaxKeysUsesDefault(t *testing.T) {
	l := inmem.NewRateLimiter(0, nil)
	if _, err := l.Allow(context.Background(), "k", rendezvous.Rate{Count: 1, Period: time.Second, Burst: 1}); err != nil {
		t.Fatal(err)
	}
	if err := l.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}
