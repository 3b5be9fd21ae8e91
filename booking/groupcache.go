package booking

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/singleflight"

	"github.com/rendezvous-oss/rendezvous"
)

// group is the cached directory of one kind in one city, with what the
// search precomputes once per load rather than once per query.
type group struct {
	members  []member
	loadedAt time.Time
	promoted atomic.Int64 // Unix ns when a hit last moved it to the LRU's front
}

// member is one provider of a group.
type member struct {
	ProviderSchedule
	// serviceKeys are the folded names of the provider's services, in
	// order, and services their number.
	serviceKeys []string
	services    int
	// id and loc are the provider's and its zone, at hand for the search.
	id  int64
	loc *time.Location
	// week is the opening hours as minutes from Sunday 00:00 local time,
	// sorted: enough to bound the first possible slot after any instant
	// without building an iterator.
	week []weekInterval
}

type weekInterval struct{ start, end int }

const minutesPerWeek = 7 * 24 * 60

func newMember(ps ProviderSchedule) member {
	m := member{ProviderSchedule: ps, services: len(ps.Provider.Services), id: ps.Provider.ID, loc: ps.Schedule.Location}
	for _, s := range ps.Provider.Services {
		m.serviceKeys = append(m.serviceKeys, rendezvous.FoldKey(s.Name))
	}
	for _, iv := range ps.Schedule.Hours {
		if iv.End > iv.Start {
			base := int(iv.Weekday) * 24 * 60
			m.week = append(m.week, weekInterval{base + int(iv.Start), base + int(iv.End)})
		}
	}
	slices.SortFunc(m.week, func(a, b weekInterval) int { return a.start - b.start })
	return m
}

// packWeeks moves the members' weekly intervals into one array, in the
// members' order: the search reads them all, and reads them fastest
// side by side.
func packWeeks(members []member) {
	n := 0
	for i := range members {
		n += len(members[i].week)
	}
	all := make([]weekInterval, 0, n)
	for i := range members {
		w := members[i].week
		all = append(all, w...)
		members[i].week = all[len(all)-len(w) : len(all) : len(all)]
	}
}

// firstOpening returns a lower bound, in Unix ns, of the first instant at
// or after t at which the provider is open, and false if it never opens.
// localWeek is t's minute of the week in the provider's zone; slack is
// subtracted from the bound when the zone's clocks change in the coming
// week (minutes of the week then drift from instants by up to that much).
// The bound is never late: the search only uses it to order providers
// before computing their real slots, and exact bounds keep it from loading
// providers that open later than the slots it finds. It works in integers:
// the search calls it for every provider of a group.
func (m *member) firstOpening(t searchInstant, localWeek int, slack time.Duration) (int64, bool) {
	if len(m.week) == 0 {
		return 0, false
	}
	wait := -1
	for _, iv := range m.week {
		if iv.end > localWeek {
			wait = max(0, iv.start-localWeek)
			break
		}
	}
	if wait < 0 { // next week's first interval
		wait = m.week[0].start + minutesPerWeek - localWeek
	}
	if wait == 0 {
		return t.ns, true
	}
	// localWeek dropped t's seconds: count from the minute.
	return t.minute + int64(time.Duration(wait)*time.Minute-slack), true
}

// searchInstant is the instant a search starts from, in Unix ns, and the
// start of its minute.
type searchInstant struct{ ns, minute int64 }

func newSearchInstant(t time.Time) searchInstant {
	return searchInstant{ns: t.UnixNano(), minute: t.Truncate(time.Minute).UnixNano()}
}

// weekSlack is how early opening bounds must be made in loc for a week
// from t: zero unless the clocks change within it.
func weekSlack(t time.Time, loc *time.Location) time.Duration {
	_, before := t.In(loc).Zone()
	_, after := t.Add(8 * 24 * time.Hour).In(loc).Zone()
	if before == after {
		return 0
	}
	return 2 * time.Hour // the largest clock change in use (Antarctica/Troll)
}

// minuteOfWeek is t's minute of the week (from Sunday 00:00) in loc.
func minuteOfWeek(t time.Time, loc *time.Location) int {
	l := t.In(loc)
	return int(l.Weekday())*24*60 + l.Hour()*60 + l.Minute()
}

// groupCache keeps recently searched kind+city groups in memory, bounded
// in count (LRU) and in age (TTL). Concurrent misses for one group load it
// once. It holds no goroutine of its own.
type groupCache struct {
	store Store
	ttl   time.Duration
	now   func() time.Time

	// mu is read-locked for a hit (Peek) and locked for the rest: every
	// search of every conversation reads the cache, and one lock for all
	// of them made a convoy under load. A hit moves its group to the
	// front of the LRU at most once a second (promoted).
	mu    sync.RWMutex
	cache *lru.LRU[string, *group]
	gen   uint64 // bumped by purge, so loads started before it are not kept
	sf    singleflight.Group
}

func newGroupCache(store Store, size int, ttl time.Duration, now func() time.Time) *groupCache {
	c, err := lru.NewLRU[string, *group](size, nil)
	if err != nil {
		panic(fmt.Sprintf("group cache: %v", err)) // only for size <= 0, excluded by NewDesk
	}
	return &groupCache{store: store, ttl: ttl, now: now, cache: c}
}

// get returns the group of kind in city, loading it when absent or stale.
func (c *groupCache) get(ctx context.Context, kind rendezvous.Kind, city string) (*group, error) {
	var buf [96]byte
	key := string(rendezvous.AppendFoldKey(append(append(buf[:0], kind...), 0), city))
	now := c.now()
	c.mu.RLock()
	g, ok := c.cache.Peek(key)
	gen := c.gen
	c.mu.RUnlock()
	if ok && now.Sub(g.loadedAt) < c.ttl {
		if p := g.promoted.Load(); now.UnixNano()-p >= int64(time.Second) && g.promoted.CompareAndSwap(p, now.UnixNano()) {
			c.mu.Lock()
			c.cache.Get(key) // the recency of an LRU, to the second
			c.mu.Unlock()
		}
		return g, nil
	}
	v, err, _ := c.sf.Do(key, func() (any, error) {
		// The load is shared by every waiting caller: it must not be
		// cancelled because the first of them gave up.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		members, err := c.store.Group(lctx, kind, city, now)
		if err != nil {
			return nil, fmt.Errorf("load %s in %s: %w", kind, city, err)
		}
		g := &group{members: make([]member, len(members)), loadedAt: now}
		zones := map[string]*time.Location{}
		for i, ps := range members {
			// One *time.Location per zone, not per provider: the search
			// computes zone offsets once per zone it meets.
			if loc := ps.Schedule.Location; loc != nil {
				if z, ok := zones[loc.String()]; ok {
					ps.Schedule.Location = z
				} else {
					zones[loc.String()] = loc
				}
			}
			g.members[i] = newMember(ps)
		}
		packWeeks(g.members)
		c.mu.Lock()
		if c.gen == gen {
			c.cache.Add(key, g)
		}
		c.mu.Unlock()
		return g, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*group), nil
}

// purge forgets every group, after an administrative change.
func (c *groupCache) purge() {
	c.mu.Lock()
	c.cache.Purge()
	c.gen++
	c.mu.Unlock()
}
