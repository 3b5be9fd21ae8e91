package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// SearchQuery asks for the earliest free slots across every provider of a
// kind in a city.
type SearchQuery struct {
	Kind rendezvous.Kind
	City string
	// After and Before bound the slots' start times; zero After means now,
	// zero Before means After plus 7 days.
	After, Before time.Time
	// Service, when set, keeps providers offering a service whose name
	// contains it (case- and accent-insensitive) and books that service;
	// otherwise each provider's first service is used.
	Service string
	// Limit is how many slots to return: 10 by default, at most 50.
	Limit int
	// ExcludeProviders are providers whose slots are not wanted ("anyone
	// else?" after their slots were shown).
	ExcludeProviders []int64
}

// busyBatch is how many providers' bookings one query loads. The earliest
// slots are nearly always found among the first few dozen providers in
// order of their first opening, so the search reads a bounded number of
// bookings however large the group is.
const busyBatch = 32

// Earliest returns the earliest free slots across the group, in order of
// start time (ties by provider id).
//
// Its cost grows with the number of slots asked for, not with the size of
// the group: every provider enters a heap keyed by a cheap lower bound of
// its first opening; only the providers that reach the top of the heap get
// a slot iterator and their bookings — from the availability index, or
// from the database in batches of the next providers in line.
func (d *Desk) Earliest(ctx context.Context, q SearchQuery) ([]rendezvous.Slot, error) {
	if err := d.normalizeSearch(&q); err != nil {
		return nil, err
	}
	g, err := d.groups.get(ctx, q.Kind, q.City)
	if err != nil {
		return nil, fmt.Errorf("earliest slots: %w", err)
	}
	now := d.now()
	service := rendezvous.FoldKey(q.Service)
	from := q.After
	if from.Before(now) {
		from = now
	}

	h := d.heaps.Get().(*candidateHeap)
	defer func() {
		clear(h.items) // drop the members
		h.items = h.items[:0]
		for _, it := range h.its[:h.used] {
			it.Clear()
		}
		h.used = 0
		d.heaps.Put(h)
	}()
	var bounds openingBounds
	before, fromNs, nowNs := q.Before.UnixNano(), from.UnixNano(), now.UnixNano()
	for i := range g.members {
		m := &g.members[i]
		if slices.Contains(q.ExcludeProviders, m.Provider.ID) {
			continue
		}
		svc, ok := pickService(m, service)
		if !ok {
			continue
		}
		// No slot starts before the provider's notice: bounding from
		// there keeps out of the heap's top the providers open now but
		// closing before their notice has passed (at six in the evening,
		// most of a city's), each of which cost a slot iterator.
		b := bounds.of(max(fromNs, nowNs+int64(m.Provider.Policy.MinNotice)), m.loc)
		key, ok := m.firstOpening(b.start, b.week, b.slack)
		if !ok || key >= before {
			continue
		}
		h.items = append(h.items, candidate{member: m, id: m.id, svc: svc, key: key})
	}
	h.init()

	fromIndex := d.index != nil && d.index.Ready(q.After)
	out := make([]rendezvous.Slot, 0, min(q.Limit, 16)) // sized for the usual 10; more grow it
	for len(out) < q.Limit && len(h.items) > 0 {
		c := &h.items[0]
		if c.it == nil {
			c.it = h.iterator(c.member.Schedule, availability.Query{Duration: c.service().Duration, From: q.After, To: q.Before, Now: now})
		}
		if !c.loaded {
			if fromIndex {
				// Memory answers one provider as cheaply as many.
				c.it.SetBusyFrom(d.index.Busy(c.id))
				c.loaded = true
			} else {
				if err := d.loadBusy(ctx, h, q); err != nil {
					return nil, err
				}
				continue // the top may have changed
			}
		}
		t, ok := c.it.Peek()
		if !ok {
			h.pop()
			continue
		}
		if t.UnixNano() > c.key {
			// Its true next slot is later than its key: requeue.
			c.key = t.UnixNano()
			h.fix0()
			continue
		}
		out = append(out, d.slot(c.member.Provider, c.service(), t, c.member.Schedule.Location))
		c.it.Next()
		if t, ok := c.it.Peek(); ok {
			c.key = t.UnixNano()
			h.fix0()
		} else {
			h.pop()
		}
	}
	return out, nil
}

// loadBusy reads from the store the bookings of the candidate at the top
// and of the next ones in line, in one query, so that the search makes a
// few queries of a few dozen providers each whatever the size of the
// group.
func (d *Desk) loadBusy(ctx context.Context, h *candidateHeap, q SearchQuery) error {
	var batch, aside []candidate
	for pops := 0; len(batch) < busyBatch && pops < 2*busyBatch && len(h.items) > 0; pops++ {
		x := h.pop()
		if x.loaded {
			aside = append(aside, x)
		} else {
			batch = append(batch, x)
		}
	}
	ids := make([]int64, len(batch))
	for i, b := range batch {
		ids[i] = b.member.Provider.ID
	}
	busy, err := d.store.BusySpans(ctx, ids, q.After, q.Before.Add(rendezvous.MaxBlockedSpan))
	if err != nil {
		return fmt.Errorf("earliest slots: %w", err)
	}
	for _, b := range batch {
		if b.it == nil {
			b.it = h.iterator(b.member.Schedule, availability.Query{Duration: b.service().Duration, From: q.After, To: q.Before, Now: d.now()})
		}
		b.it.SetBusy(busy[b.member.Provider.ID])
		b.loaded = true
		h.push(b)
	}
	for _, x := range aside {
		h.push(x)
	}
	return nil
}

// busySpans returns the busy spans of the given providers that overlap
// [from, to), from the index when it is ready for them, otherwise from the
// store (in one query).
func (d *Desk) busySpans(ctx context.Context, ids []int64, from, to time.Time) (func(id int64) []rendezvous.Span, error) {
	if d.index != nil && d.index.Ready(from) {
		return func(id int64) []rendezvous.Span { return d.index.Spans(id, from, to, nil) }, nil
	}
	busy, err := d.store.BusySpans(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	return func(id int64) []rendezvous.Span { return busy[id] }, nil
}

func (d *Desk) normalizeSearch(q *SearchQuery) error {
	var fields []rendezvous.FieldError
	if !q.Kind.Valid() {
		fields = append(fields, rendezvous.FieldError{Field: "kind", Message: "must be one of " + kindNames()})
	}
	if strings.TrimSpace(q.City) == "" {
		fields = append(fields, rendezvous.FieldError{Field: "city", Message: "is required"})
	}
	if q.Limit == 0 {
		q.Limit = 10
	}
	if q.Limit < 1 || q.Limit > 50 {
		fields = append(fields, rendezvous.FieldError{Field: "limit", Message: "must be between 1 and 50"})
	}
	if q.After.IsZero() {
		q.After = d.now()
	}
	if q.Before.IsZero() {
		q.Before = q.After.Add(7 * 24 * time.Hour)
	}
	if err := d.checkWindow(q.After, q.Before, "after", "before"); err != nil {
		return err
	}
	return rendezvous.ValidationError(fields)
}

// checkWindow refuses empty, reversed and too long windows.
func (d *Desk) checkWindow(from, to time.Time, fromField, toField string) error {
	if !to.After(from) {
		return rendezvous.ValidationError([]rendezvous.FieldError{{Field: toField, Message: "must be after " + fromField}})
	}
	if to.Sub(from) > d.maxWindow {
		return &rendezvous.Error{Code: rendezvous.EINVALID, Reason: rendezvous.ReasonWindowTooLarge,
			Message: fmt.Sprintf("the window from %s to %s is longer than %d days", fromField, toField, int(d.maxWindow.Hours()/24)),
			Fields:  []rendezvous.FieldError{{Field: toField, Message: fmt.Sprintf("must be at most %d days after %s", int(d.maxWindow.Hours()/24), fromField)}}}
	}
	return nil
}

// pickService returns the index of the member's service whose name
// contains the folded query, or of its first service when the query is
// empty.
func pickService(m *member, folded string) (int, bool) {
	if folded == "" {
		return 0, m.services > 0 // without reading the provider: the hot case
	}
	for i, key := range m.serviceKeys {
		if strings.Contains(key, folded) {
			return i, true
		}
	}
	return 0, false
}

func (d *Desk) slot(p *rendezvous.Provider, s rendezvous.Service, start time.Time, loc *time.Location) rendezvous.Slot {
	return rendezvous.Slot{
		ProviderID:   p.ID,
		ProviderName: p.Name,
		ServiceID:    s.ID,
		Start:        start.In(loc),
		End:          start.Add(s.Duration).In(loc),
	}
}

// Location returns the time zone of a kind's providers in a city (the
// first one's), for reading calendar dates said in that city; ENOTFOUND
// when there is none.
func (d *Desk) Location(ctx context.Context, kind rendezvous.Kind, city string) (*time.Location, error) {
	if !kind.Valid() {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "kind", Message: "must be one of " + kindNames()}})
	}
	g, err := d.groups.get(ctx, kind, city)
	if err != nil {
		return nil, err
	}
	if len(g.members) == 0 {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no %s in %s", kind, city)
	}
	return g.members[0].Schedule.Location, nil
}

// candidate is a member in the search's heap. It is small (the heap moves
// it around) and holds what ordering needs without following pointers.
type candidate struct {
	key    int64 // Unix ns: a lower bound of the member's next free slot
	id     int64 // the provider's, for ties
	member *member
	it     *availability.Iterator // built when the candidate first reaches the top
	svc    int                    // index of the service to book
	loaded bool                   // its bookings are known
}

func (c *candidate) service() rendezvous.Service { return c.member.Provider.Services[c.svc] }

// candidateHeap orders candidates by key, then provider id. It holds them
// by value, in a slice the desk reuses from search to search: a search of
// a group of a thousand providers allocates iterators for the few that
// reach the top, not a thousand candidates. (container/heap would box
// every push in an interface.)
// The iterators are kept from search to search too (its, of which used
// are taken by the search under way).
type candidateHeap struct {
	items []candidate
	its   []*availability.Iterator
	used  int
}

// iterator returns an iterator over sch for q, one of those kept when
// there is one free.
func (h *candidateHeap) iterator(sch *rendezvous.Schedule, q availability.Query) *availability.Iterator {
	if h.used == len(h.its) {
		h.its = append(h.its, new(availability.Iterator))
	}
	it := h.its[h.used]
	h.used++
	it.Reset(sch, q)
	return it
}

func (h *candidateHeap) less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	if a.key != b.key {
		return a.key < b.key
	}
	return a.id < b.id
}

func (h *candidateHeap) init() {
	for i := len(h.items)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// fix0 restores the order after the top's key grew.
func (h *candidateHeap) fix0() { h.down(0) }

func (h *candidateHeap) push(c candidate) {
	h.items = append(h.items, c)
	for i := len(h.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		h.items[i], h.items[parent] = h.items[parent], h.items[i]
		i = parent
	}
}

func (h *candidateHeap) pop() candidate {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items[last] = candidate{}
	h.items = h.items[:last]
	if last > 0 {
		h.down(0)
	}
	return top
}

func (h *candidateHeap) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			return
		}
		h.items[i], h.items[j] = h.items[j], h.items[i]
		i = j
	}
}

// openingBounds keeps what a lower bound of first openings needs for each
// instant and zone a search bounds from: a group has one zone, nearly
// always, and its providers a few notices (hours), so a handful, each
// worked out once per search instead of once per provider.
type openingBounds struct {
	n    int
	seen [4]openingBound
}

type openingBound struct {
	loc   *time.Location
	start searchInstant
	week  int
	slack time.Duration
}

func (o *openingBounds) of(ns int64, loc *time.Location) *openingBound {
	for i := range o.n {
		if b := &o.seen[i]; b.loc == loc && b.start.ns == ns {
			return b
		}
	}
	i := o.n
	if i == len(o.seen) {
		i = int(uint64(ns) % uint64(len(o.seen))) // rare: replace one
	} else {
		o.n++
	}
	from := time.Unix(0, ns)
	o.seen[i] = openingBound{loc: loc, start: newSearchInstant(from), week: minuteOfWeek(from, loc), slack: weekSlack(from, loc)}
	return &o.seen[i]
}
