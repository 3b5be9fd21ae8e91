package redis

import (
	"context"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DailyCounter counts within a UTC day in Redis, shared by every instance:
// the daily token budget of the language-model brain. Each day's count is
// one key, kept two days.
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

func (d *DailyCounter) key() string { return d.prefix + d.now().UTC().Format("2006-01-02") }

// Add adds n to today's count and returns the total.
func (d *DailyCounter) Add(ctx context.Context, n int64) (int64, error) {
	key := d.key()
	pipe := d.c.rdb.TxPipeline()
	incr := pipe.IncrBy(ctx, key, n)
	pipe.Expire(ctx, key, 48*time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, unavailable("daily counter", err)
	}
	return incr.Val(), nil
}

// Get returns today's count.
func (d *DailyCounter) Get(ctx context.Context) (int64, error) {
	n, err := d.c.rdb.Get(ctx, d.key()).Int64()
	switch {
	case errors.Is(err, goredis.Nil):
		return 0, nil // nothing spent yet today
	case err != nil:
		return 0, unavailable("daily counter", err)
	}
	return n, nil
}
