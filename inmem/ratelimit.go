package inmem

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/rendezvous-oss/rendezvous"
)

// DefaultRateLimitKeys is the number of keys a RateLimiter keeps when
// NewRateLimiter is given no positive bound.
const DefaultRateLimitKeys = 100_000

// dropPerCall bounds how many stale keys one Allow removes, so that every
// call stays O(1); since each call adds at most one key, this is enough to
// keep the stale ones from piling up.
const dropPerCall = 4

// RateLimiter is the rate limiter of a single instance: GCRA with the
// semantics of github.com/go-redis/redis_rate/v10 (and so of the redis
// package's RateLimiter), with state in this process's memory.
//
// Per key it keeps one theoretical arrival time (TAT): the instant at which
// the key's bucket would be full again. Keys live in an LRU of at most
// maxKeys entries, so memory stays bounded however many keys callers (or
// attackers choosing client addresses) make up. A key whose TAT has passed
// carries no information, since it behaves exactly like an unknown key:
// such keys are dropped from the least recently used end as calls go by.
// When the LRU is full of keys that are still limited, the least recently
// used of them is forgotten, which lets that key through again: size
// maxKeys for the number of clients that can be limited at one time.
//
// Every call is O(1), starts no goroutine, and is safe for concurrent use.
type RateLimiter struct {
	now  func() time.Time
	base time.Time // TATs are offsets from base, so that a monotonic clock stays monotonic

	mu   sync.Mutex
	tats *simplelru.LRU[string, time.Duration]
}

// NewRateLimiter returns a limiter keeping at most maxKeys keys
// (DefaultRateLimitKeys if maxKeys <= 0); now is the clock (time.Now if
// nil).
func NewRateLimiter(maxKeys int, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	if maxKeys <= 0 {
		maxKeys = DefaultRateLimitKeys
	}
	tats, err := simplelru.NewLRU[string, time.Duration](maxKeys, nil)
	if err != nil {
		panic(fmt.Sprintf("inmem: NewLRU(%d): %v", maxKeys, err)) // unreachable: maxKeys > 0
	}
	return &RateLimiter{now: now, base: now(), tats: tats}
}

// Allow counts one request for key under rate and says whether it may
// proceed. A request is allowed when, after it, the key's TAT is at most
// Burst emission intervals (Period/Count) ahead of now; a refused request
// changes nothing. Returns an error (EINTERNAL: a configuration mistake,
// not the caller's) when rate is not usable: Count, Period or Burst not
// positive, or an interval too short or a burst too long to count in
// nanoseconds.
func (l *RateLimiter) Allow(_ context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error) {
	interval, burstOffset, err := gcraParams(rate)
	if err != nil {
		return rendezvous.RateDecision{}, err
	}
	now := l.now().Sub(l.base)

	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropStaleLocked(now)
	tat, ok := l.tats.Get(key)
	if !ok || tat < now {
		tat = now
	}
	newTAT := tat + interval
	diff := now - (newTAT - burstOffset)
	if diff < 0 {
		return rendezvous.RateDecision{
			Limit:      rate.Burst,
			RetryAfter: -diff,
			ResetAfter: tat - now,
		}, nil
	}
	l.tats.Add(key, newTAT)
	return rendezvous.RateDecision{
		Allowed:    true,
		Limit:      rate.Burst,
		Remaining:  int(diff / interval),
		ResetAfter: newTAT - now,
	}, nil
}

// dropStaleLocked removes a few least recently used keys whose TAT has
// passed.
func (l *RateLimiter) dropStaleLocked(now time.Duration) {
	for range dropPerCall {
		_, tat, ok := l.tats.GetOldest()
		if !ok || tat > now {
			return
		}
		l.tats.RemoveOldest()
	}
}

// Len returns the number of keys the limiter holds.
func (l *RateLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tats.Len()
}

// Ping always succeeds: the limiter is this process's memory.
func (l *RateLimiter) Ping(context.Context) error { return nil }

// gcraParams returns the emission interval and the burst offset of rate.
func gcraParams(rate rendezvous.Rate) (interval, burstOffset time.Duration, err error) {
	if rate.Count <= 0 || rate.Period <= 0 || rate.Burst <= 0 {
		return 0, 0, fmt.Errorf("rate limit %v: count, period and burst must be positive", rate)
	}
	interval = rate.Interval()
	if interval <= 0 || int64(rate.Burst) > math.MaxInt64/2/int64(interval) {
		return 0, 0, fmt.Errorf("rate limit %v: out of range", rate)
	}
	return interval, interval * time.Duration(rate.Burst), nil
}
