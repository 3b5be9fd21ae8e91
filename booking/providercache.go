package booking

import (
	"context"
	"fmt"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/rendezvous-oss/rendezvous"
)

// providerCache keeps recently used providers (with services) by id, for
// the checks made before a booking reaches the store (the service exists,
// the time zone, the customer's phone region). The store checks again
// inside the booking's transaction, so a stale entry can at worst refuse
// or admit a request that the store then decides on.
type providerCache struct {
	store Store
	ttl   time.Duration
	now   func() time.Time

	mu    sync.Mutex
	cache *lru.LRU[int64, cachedProvider]
}

type cachedProvider struct {
	p        *rendezvous.Provider
	loadedAt time.Time
}

func newProviderCache(store Store, size int, ttl time.Duration, now func() time.Time) *providerCache {
	c, err := lru.NewLRU[int64, cachedProvider](size, nil)
	if err != nil {
		panic(fmt.Sprintf("provider cache: %v", err)) // only for size <= 0
	}
	return &providerCache{store: store, ttl: ttl, now: now, cache: c}
}

// get returns a provider; callers must not modify it. Returns ENOTFOUND.
func (c *providerCache) get(ctx context.Context, id int64) (*rendezvous.Provider, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.cache.Get(id)
	c.mu.Unlock()
	if ok && now.Sub(e.loadedAt) < c.ttl {
		return e.p, nil
	}
	p, err := c.store.Provider(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cache.Add(id, cachedProvider{p: p, loadedAt: now})
	c.mu.Unlock()
	return p, nil
}

func (c *providerCache) purge() {
	c.mu.Lock()
	c.cache.Purge()
	c.mu.Unlock()
}
