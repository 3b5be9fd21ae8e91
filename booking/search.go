package booking

import (
	"container/heap"
	"context"
	"fmt"
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
// a slot iterator, and their bookings are read from the database in
// batches of the next providers in line.
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

	h := make(candidateHeap, 0, len(g.members))
	var loc *time.Location
	week, slack := 0, time.Duration(0)
	for i := range g.members {
		m := &g.members[i]
		svc, ok := pickService(m, service)
		if !ok {
			continue
		}
		if m.Schedule.Location != loc {
			loc = m.Schedule.Location
			week, slack = minuteOfWeek(from, loc), weekSlack(from, loc)
		}
		key, ok := m.firstOpening(from, week, slack)
		if !ok || !key.Before(q.Before) {
			continue
		}
		h = append(h, &candidate{member: m, service: svc, key: key})
	}
	heap.Init(&h)

	var out []rendezvous.Slot
	for len(out) < q.Limit && h.Len() > 0 {
		c := heap.Pop(&h).(*candidate)
		if c.it == nil {
			c.it = availability.NewIterator(c.member.Schedule, availability.Query{Duration: c.service.Duration, From: q.After, To: q.Before, Now: now})
		}
		if !c.loaded {
			if err := d.loadBusy(ctx, &h, c, q); err != nil {
				return nil, err
			}
		}
		t, ok := c.it.Peek()
		if !ok {
			continue
		}
		if t.After(c.key) {
			// Its true next slot is later than its key: requeue.
			c.key = t
			heap.Push(&h, c)
			continue
		}
		out = append(out, d.slot(c.member.Provider, c.service, t, c.member.Schedule.Location))
		c.it.Next()
		if t, ok := c.it.Peek(); ok {
			c.key = t
			heap.Push(&h, c)
		}
	}
	return out, nil
}

// loadBusy reads the bookings of c and of the next providers in line (the
// top of the heap) in one query, so that the search makes a few queries of
// a few dozen providers each whatever the size of the group.
func (d *Desk) loadBusy(ctx context.Context, h *candidateHeap, c *candidate, q SearchQuery) error {
	batch := []*candidate{c}
	var aside []*candidate
	for pops := 0; len(batch) < busyBatch && pops < 2*busyBatch && h.Len() > 0; pops++ {
		x := heap.Pop(h).(*candidate)
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
	busy, err := d.busySpans(ctx, ids, q.After, q.Before.Add(rendezvous.MaxBlockedSpan))
	if err != nil {
		return fmt.Errorf("earliest slots: %w", err)
	}
	for _, b := range batch {
		if b.it == nil {
			b.it = availability.NewIterator(b.member.Schedule, availability.Query{Duration: b.service.Duration, From: q.After, To: q.Before, Now: d.now()})
		}
		b.it.SetBusy(busy(b.member.Provider.ID))
		b.loaded = true
		if b != c {
			heap.Push(h, b)
		}
	}
	for _, x := range aside {
		heap.Push(h, x)
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

// pickService returns the member's service whose name contains the folded
// query, or its first service when the query is empty.
func pickService(m *member, folded string) (rendezvous.Service, bool) {
	for i, s := range m.Provider.Services {
		if folded == "" || strings.Contains(m.serviceKeys[i], folded) {
			return s, true
		}
	}
	return rendezvous.Service{}, false
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

type candidate struct {
	member  *member
	service rendezvous.Service
	key     time.Time              // a lower bound of the member's next free slot
	it      *availability.Iterator // built when the candidate first reaches the top
	loaded  bool                   // its bookings are known
}

// candidateHeap orders candidates by key, then provider id.
type candidateHeap []*candidate

func (h candidateHeap) Len() int { return len(h) }
func (h candidateHeap) Less(i, j int) bool {
	if c := h[i].key.Compare(h[j].key); c != 0 {
		return c < 0
	}
	return h[i].member.Provider.ID < h[j].member.Provider.ID
}
func (h candidateHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candidateHeap) Push(x any)   { *h = append(*h, x.(*candidate)) }
func (h *candidateHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
