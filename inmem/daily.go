package inmem

import (
	"context"
	"sync"
	"time"
)

// DailyCounterKeys bounds the keys a DailyCounter holds in a day. The
// language-model brain counts the service's total and each client
// address's spending, so it is the number of addresses that used the model
// today, which the daily token budget already bounds to a few thousand
// (every model call costs at least a system prompt).
const DailyCounterKeys = 10_000

// DailyCounter counts within a UTC day, per key (the token budgets of the
// language-model brain on one instance: the whole service's and each
// client's). It starts again at midnight UTC.
//
// It holds at most DailyCounterKeys keys. Past them a new key takes the
// place of the one with the smallest count and starts from that count
// (the Space-Saving algorithm): counts may be overestimated, never
// underestimated, so a budget checked against them fails closed — a
// client that spent much is never forgotten to make room.
type DailyCounter struct {
	now     func() time.Time
	maxKeys int

	mu  sync.Mutex
	day string
	n   map[string]int64
	// floor is the count of the last key evicted today: no key outside n
	// counted more (the smallest count only grows), so it is what Get
	// answers for them.
	floor int64
}

// NewDailyCounter returns a counter at zero; now nil means time.Now.
func NewDailyCounter(now func() time.Time) *DailyCounter {
	if now == nil {
		now = time.Now
	}
	return &DailyCounter{now: now, maxKeys: DailyCounterKeys, n: map[string]int64{}}
}

func (c *DailyCounter) rollLocked() {
	if d := c.now().UTC().Format("2006-01-02"); d != c.day {
		c.day, c.n, c.floor = d, map[string]int64{}, 0
	}
}

// Add adds n to key's count and returns today's total for key.
func (c *DailyCounter) Add(_ context.Context, key string, n int64) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollLocked()
	if _, ok := c.n[key]; !ok && len(c.n) >= c.maxKeys {
		c.n[key] = c.evictSmallestLocked()
	}
	c.n[key] += n
	return c.n[key], nil
}

// evictSmallestLocked removes the key with the smallest count and
// returns that count. It runs only when the counter is full, a linear scan
// of a bounded map.
func (c *DailyCounter) evictSmallestLocked() int64 {
	var (
		minKey string
		minN   int64 = -1
	)
	for k, v := range c.n {
		if minN < 0 || v < minN {
			minKey, minN = k, v
		}
	}
	delete(c.n, minKey)
	c.floor = minN
	return minN
}

// Get returns today's total for key: 0 for a key not counted today, or
// the count of the last key evicted if one was (it may have been this
// one).
func (c *DailyCounter) Get(_ context.Context, key string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollLocked()
	if n, ok := c.n[key]; ok {
		return n, nil
	}
	return c.floor, nil
}

// Len returns the number of keys counted today.
func (c *DailyCounter) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollLocked()
	return len(c.n)
}
