package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/ratelimittest"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// TestRateLimiterContract runs the contract with two instances on one
// Redis.
func TestRateLimiterContract(t *testing.T) {
	ratelimittest.Run(t, func(t *testing.T) (a, b ratelimittest.Limiter) {
		c, prefix := redistest.Client(t)
		return c.RateLimiter(prefix), second(t).RateLimiter(prefix)
	})
}

func TestRateLimiterKeysExpire(t *testing.T) {
	ctx := context.Background()
	c, prefix := redistest.Client(t)
	rdb := raw(t)
	l := c.RateLimiter(prefix)
	if _, err := l.Allow(ctx, "10.0.0.1", rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 3}); err != nil {
		t.Fatal(err)
	}
	ttl, err := rdb.TTL(ctx, "rate:"+prefix+"10.0.0.1").Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL of the key = %v, %v; want at most the time to refill (1 min)", ttl, err)
	}
	if err := l.Ping(ctx); err != nil {
		t.Error(err)
	}
}
