package inmem

import (
	"context"
	"sync"
	"time"
)

// DailyCounter counts within a UTC day (the daily token budget of the
// language-model brain on one instance). It starts again at midnight UTC.
type DailyCounter struct {
	now func() time.Time

	mu  sync.Mutex
	day string
	n   int64
}

// NewDailyCounter returns a counter at zero; now nil means time.Now.
func NewDailyCounter(now func() time.Time) *DailyCounter {
	if now == nil {
		now = time.Now
	}
	return &DailyCounter{now: now}
}

func (c *DailyCounter) rollLocked() {
	if d := c.now().UTC().Format("2006-01-02"); d != c.day {
		c.day, c.n = d, 0
	}
}

// Add adds n and returns today's total.
func (c *DailyCounter) Add(_ context.Context, n int64) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollLocked()
	c.n += n
	return c.n, nil
}

// Get returns today's total.
func (c *DailyCounter) Get(context.Context) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollLocked()
	return c.n, nil
}
