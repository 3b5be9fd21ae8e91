package redis

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"

	"github.com/rendezvous-oss/rendezvous"
)

// allowTimeout bounds one Allow: a rate limit check must not hold a request
// for long when Redis is in trouble; the caller may then count in memory.
const allowTimeout = 500 * time.Millisecond

// RateLimiter is a rate limiter whose state is in Redis, shared by every
// instance that uses the same server and prefix: GCRA run by redis_rate in
// one script on the Redis server's clock. Safe for concurrent use.
type RateLimiter struct {
	rdb     *goredis.Client
	limiter *redis_rate.Limiter
	prefix  string
}

// RateLimiter returns the rate limiter under prefix (e.g.
// "rendezvous:ratelimit:"); a key k is stored as "rate:" prefix k.
func (c *Client) RateLimiter(prefix string) *RateLimiter {
	return &RateLimiter{rdb: c.rdb, limiter: redis_rate.NewLimiter(c.rdb), prefix: prefix}
}

// Allow counts one request for key under rate and says whether it may
// proceed, with the semantics of inmem.RateLimiter. Returns an error
// (EINTERNAL: a configuration mistake) when Count, Period or Burst is not
// positive, and EUNAVAILABLE when Redis does not answer within 500 ms (or
// before ctx ends).
func (l *RateLimiter) Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error) {
	interval, burstOffset, err := gcraParams(rate)
	if err != nil {
		return rendezvous.RateDecision{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, allowTimeout)
	defer cancel()
	res, err := l.limiter.Allow(ctx, l.prefix+key, redis_rate.Limit{Rate: rate.Count, Period: rate.Period, Burst: rate.Burst})
	if err != nil {
		return rendezvous.RateDecision{}, fmt.Errorf("redis: rate limit: %w", unavailable("rate limiter", err))
	}
	d := rendezvous.RateDecision{
		Allowed:    res.Allowed > 0,
		Limit:      rate.Burst,
		ResetAfter: max(res.ResetAfter, 0),
	}
	if !d.Allowed {
		d.RetryAfter = max(res.RetryAfter, time.Nanosecond)
		return d, nil
	}
	// redis_rate computes Remaining in floating-point seconds since 2017,
	// whose rounding often takes one off (3 instead of 4 after the first
	// of a burst of 5). It is (burst offset - ResetAfter) / interval:
	// recompute it, granting the microsecond that is the resolution of
	// Redis's clock.
	d.Remaining = int((burstOffset - d.ResetAfter + time.Microsecond) / interval)
	d.Remaining = min(max(d.Remaining, 0), rate.Burst-1)
	return d, nil
}

// Ping checks that Redis answers. Returns EUNAVAILABLE when it does not.
func (l *RateLimiter) Ping(ctx context.Context) error {
	if err := l.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: ping: %w", unavailable("rate limiter", err))
	}
	return nil
}

// gcraParams returns the emission interval and the burst offset of rate;
// it refuses the rates inmem.RateLimiter refuses.
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
