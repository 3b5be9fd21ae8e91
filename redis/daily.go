package redis

import (
	"context"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DailyCounter counts within a UTC day in Redis, per key, shared by every
// instance: the token budgets of the language-model brain (the whole
// service's, key "", and each client's). Each day's count of a key is one
// Redis key, P<day> for "" and P<day>:<key> for the others, kept two days:
// how many there are is bounded by the day's spending, and Redis's
// maxmemory bounds them all.
type DailyCounter struct {
	c      *Client
	prefix string
	now    func() time.Time
}

// DailyCounter returns a counter under prefix; now nil means time.Now.
func (c *Client) DailyCounter(prefix string, now func() time.Time) *DailyCounter {
	if now == nil {
		now = time.Now
	}
	return &DailyCounter{c: c, prefix: prefix, now: now}
}

func (d *DailyCounter) key(key string) string {
	k := d.prefix + d.now().UTC().Format("2006-01-02")
	if key != "" {
		k += ":" + key
	}
	return k
}

// Add adds n to key's count today and returns the total. Returns
// EUNAVAILABLE when Redis does not answer.
func (d *DailyCounter) Add(ctx context.Context, key string, n int64) (int64, error) {
	k := d.key(key)
	pipe := d.c.rdb.TxPipeline()
	incr := pipe.IncrBy(ctx, k, n)
	pipe.Expire(ctx, k, 48*time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, unavailable("daily counter", err)
	}
	return incr.Val(), nil
}

// Get returns key's count today. Returns EUNAVAILABLE when Redis does not
// answer.
func (d *DailyCounter) Get(ctx context.Context, key string) (int64, error) {
	n, err := d.c.rdb.Get(ctx, d.key(key)).Int64()
	switch {
	case errors.Is(err, goredis.Nil):
		return 0, nil // nothing spent yet today
	case err != nil:
		return 0, unavailable("daily counter", err)
	}
	return n, nil
}
