// Package ratelimittest is the contract of a rate limiter: one suite run
// against the in-memory limiter of a single instance and the Redis limiter
// shared by instances alike.
//
// The Redis limiter reads the time from the Redis server, so the suite
// cannot use a fake clock: it runs on the real one with short periods, and
// its timing bounds leave room for a slow machine (-race, a busy CI
// runner). The whole suite takes about two seconds.
package ratelimittest

import (
	"context"
	"crypto/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Limiter is what the suite tests: the Allow method of inmem.RateLimiter
// and redis.RateLimiter.
type Limiter interface {
	Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error)
}

// Opener returns two limiters sharing their state (two instances on one
// Redis; for the in-memory limiter, the same value twice).
type Opener func(t *testing.T) (a, b Limiter)

// tolerance absorbs the rounding of durations that Redis computes in
// floating-point seconds.
const tolerance = time.Millisecond

// Run runs the suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, a, b Limiter)
	}{
		{"BurstPassesThenRefused", burstPassesThenRefused},
		{"PassesAgainAfterRetryAfter", passesAgainAfterRetryAfter},
		{"RemainingCountsDown", remainingCountsDown},
		{"KeysAreIndependent", keysAreIndependent},
		{"StateIsShared", stateIsShared},
		{"TotalBoundedUnderConcurrency", totalBoundedUnderConcurrency},
		{"InvalidRateIsAnError", invalidRateIsAnError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := open(t)
			tt.run(t, a, b)
		})
	}
}

// newKey returns a key no other test uses.
func newKey(t *testing.T) string { return t.Name() + "/" + rand.Text() }

func allow(t *testing.T, l Limiter, key string, rate rendezvous.Rate) rendezvous.RateDecision {
	t.Helper()
	d, err := l.Allow(context.Background(), key, rate)
	if err != nil {
		t.Fatalf("Allow(%q, %v): %v", key, rate, err)
	}
	return d
}

// checkAllowed checks an allowed decision with the given remaining count.
func checkAllowed(t *testing.T, d rendezvous.RateDecision, rate rendezvous.Rate, remaining int) {
	t.Helper()
	if !d.Allowed || d.Limit != rate.Burst || d.Remaining != remaining || d.RetryAfter != 0 {
		t.Fatalf("got %+v, want allowed with Limit %d, Remaining %d, RetryAfter 0", d, rate.Burst, remaining)
	}
}

// checkRefused checks a refused decision taken elapsed after a key's
// first request, which had filled the key's bucket.
func checkRefused(t *testing.T, d rendezvous.RateDecision, rate rendezvous.Rate, elapsed time.Duration) {
	t.Helper()
	interval := rate.Interval()
	full := interval * time.Duration(rate.Burst)
	if d.Allowed || d.Limit != rate.Burst || d.Remaining != 0 {
		t.Fatalf("got %+v, want refused with Limit %d, Remaining 0", d, rate.Burst)
	}
	if d.RetryAfter <= 0 || d.RetryAfter > interval+tolerance || d.RetryAfter < interval-elapsed-tolerance {
		t.Errorf("RetryAfter = %v, want about the emission interval %v (%v elapsed)", d.RetryAfter, interval, elapsed)
	}
	if d.ResetAfter > full+tolerance || d.ResetAfter < full-elapsed-tolerance {
		t.Errorf("ResetAfter = %v, want about %v (%v elapsed)", d.ResetAfter, full, elapsed)
	}
}

func burstPassesThenRefused(t *testing.T, a, _ Limiter) {
	rate := rendezvous.Rate{Count: 10, Period: time.Second, Burst: 5}
	key := newKey(t)
	start := time.Now()
	for i := range rate.Burst {
		checkAllowed(t, allow(t, a, key, rate), rate, rate.Burst-1-i)
	}
	d := allow(t, a, key, rate)
	checkRefused(t, d, rate, time.Since(start))
}

func passesAgainAfterRetryAfter(t *testing.T, a, _ Limiter) {
	// Half a second between requests: a busy machine that oversleeps by a
	// few tens of milliseconds still sees exactly one request allowed.
	rate := rendezvous.Rate{Count: 2, Period: time.Second, Burst: 2}
	key := newKey(t)
	allow(t, a, key, rate)
	allow(t, a, key, rate)
	d := allow(t, a, key, rate)
	if d.Allowed {
		t.Fatalf("request past the burst: %+v", d)
	}
	// A refused request costs nothing: waiting RetryAfter is enough.
	time.Sleep(d.RetryAfter + tolerance)
	checkAllowed(t, allow(t, a, key, rate), rate, 0)
	if d := allow(t, a, key, rate); d.Allowed {
		t.Fatalf("second request after the wait: %+v", d)
	}
}

func remainingCountsDown(t *testing.T, a, _ Limiter) {
	// One request a minute: nothing refills during the test.
	rate := rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 4}
	key := newKey(t)
	start := time.Now()
	for _, want := range []int{3, 2, 1, 0} {
		checkAllowed(t, allow(t, a, key, rate), rate, want)
	}
	checkRefused(t, allow(t, a, key, rate), rate, time.Since(start))
}

func keysAreIndependent(t *testing.T, a, _ Limiter) {
	rate := rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 1}
	k1, k2 := newKey(t), newKey(t)
	checkAllowed(t, allow(t, a, k1, rate), rate, 0)
	if d := allow(t, a, k1, rate); d.Allowed {
		t.Fatalf("second request of %s: %+v", k1, d)
	}
	checkAllowed(t, allow(t, a, k2, rate), rate, 0)
}

func stateIsShared(t *testing.T, a, b Limiter) {
	rate := rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 2}
	key := newKey(t)
	start := time.Now()
	checkAllowed(t, allow(t, a, key, rate), rate, 1)
	checkAllowed(t, allow(t, b, key, rate), rate, 0)
	checkRefused(t, allow(t, a, key, rate), rate, time.Since(start))
	checkRefused(t, allow(t, b, key, rate), rate, time.Since(start))
}

// totalBoundedUnderConcurrency hammers one key from 20 goroutines on each
// limiter for 1.2 s at 10/s burst 5: GCRA lets through the burst plus one
// request per interval, 5 + 12 = 17, whoever asks.
func totalBoundedUnderConcurrency(t *testing.T, a, b Limiter) {
	const (
		workers = 20
		window  = 1200 * time.Millisecond
	)
	rate := rendezvous.Rate{Count: 10, Period: time.Second, Burst: 5}
	key := newKey(t)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	startGate := make(chan struct{})
	var deadline time.Time
	for _, l := range []Limiter{a, b} {
		for range workers {
			wg.Go(func() {
				<-startGate
				for time.Now().Before(deadline) {
					d, err := l.Allow(context.Background(), key, rate)
					if err != nil {
						t.Error(err)
						return
					}
					if d.Limit != rate.Burst || (d.Allowed && d.RetryAfter != 0) || (!d.Allowed && (d.Remaining != 0 || d.RetryAfter <= 0)) {
						t.Errorf("inconsistent decision %+v", d)
						return
					}
					if d.Allowed {
						allowed.Add(1)
					}
					time.Sleep(time.Millisecond) // hammer, but leave the machine usable
				}
			})
		}
	}
	deadline = time.Now().Add(window)
	close(startGate)
	wg.Wait()
	// The upper bound allows one request in flight at the deadline; the
	// lower one, a scheduler that misses one refill.
	want := int64(rate.Burst) + int64(window/rate.Interval())
	if n := allowed.Load(); n > want+1 || n < want-2 {
		t.Errorf("%d requests allowed in %v, want %d (-2, +1)", n, window, want)
	}
}

func invalidRateIsAnError(t *testing.T, a, _ Limiter) {
	for _, rate := range []rendezvous.Rate{
		{Count: 0, Period: time.Second, Burst: 1},
		{Count: 1, Period: 0, Burst: 1},
		{Count: 1, Period: time.Second, Burst: 0},
		{Count: -1, Period: time.Second, Burst: 1},
	} {
		d, err := a.Allow(context.Background(), newKey(t), rate)
		if err == nil || d.Allowed {
			t.Errorf("Allow with %+v = %+v, %v; want an error", rate, d, err)
		}
	}
}
