package booking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// SpanSource is what the availability index reads from the store.
type SpanSource interface {
	// BusySpans is Store.BusySpans.
	BusySpans(ctx context.Context, providerIDs []int64, from, to time.Time) (map[int64][]rendezvous.Span, error)
	// ActiveSpans calls fn with the span [start, blocked_until) of every
	// active booking that ends after since, provider by provider, in one
	// read.
	ActiveSpans(ctx context.Context, since time.Time, fn func(providerID int64, s rendezvous.Span)) error
}

// ChangeFeed tells an instance what the other instances of a shared
// database change (PostgreSQL's LISTEN/NOTIFY). Follow returns only when
// ctx ends, reconnecting as often as needed.
type ChangeFeed interface {
	Follow(ctx context.Context, h FeedHandler) error
}

// FeedHandler receives a ChangeFeed's events, one at a time.
type FeedHandler interface {
	// Listening says the feed listens (again): every change committed from
	// now on will be delivered; those committed before may have been
	// missed.
	Listening()
	// Lost says the feed's connection is gone: changes are missed until
	// the next Listening.
	Lost(err error)
	// Changed delivers a committed change.
	Changed(c Change)
}

// Change is a committed change of the directory, as a feed reports it.
type Change struct {
	// Providers lists the providers whose active bookings changed.
	Providers []int64
	// AllProviders says that too many providers' bookings changed to
	// list them (an import).
	AllProviders bool
	// Schedules says that some provider's hours, time off, services or
	// policy changed.
	Schedules bool
}

// IndexOptions tunes an Index. Zero values mean the defaults.
type IndexOptions struct {
	// Feed delivers other instances' changes; nil when this instance is
	// the only writer (SQLite), whose own changes the desk applies.
	Feed ChangeFeed
	// Resync is how often the index is rebuilt from the store whatever
	// the feed says (1 hour): the rebuild also forgets past bookings.
	Resync time.Duration
	// Now is the clock; time.Now by default.
	Now    func() time.Time
	Logger *slog.Logger
}

// Index is the availability index of one instance: every provider's busy
// spans in memory (availability.BusyIndex), built from the store when Run
// starts and kept in step with it — this instance's bookings, cancellations
// and reschedules at once (the desk refreshes the provider before it
// answers), other instances' through the change feed, and everything again
// after the feed reconnects. Until it is built, and whenever it may have
// missed a change, it says it is not ready and the desk reads the store.
//
// The database stays the arbiter: a booking is checked again in its
// transaction, so a proposal made from a stale index can be refused as
// slot_taken, never booked twice; the refusal refreshes the provider.
type Index struct {
	src    SpanSource
	feed   ChangeFeed
	resync time.Duration
	now    func() time.Time
	log    *slog.Logger
	busy   *availability.BusyIndex

	ready atomic.Bool
	since atomic.Int64 // Unix ns: spans ending before it are not held
	// epoch rises whenever the index may have missed a change (the feed
	// lost, a refresh failed): a rebuild that started in an older epoch
	// does not make the index ready.
	epoch atomic.Uint64

	mu         sync.Mutex
	pending    map[int64]struct{}
	full       bool // a rebuild is wanted
	onSchedule []func()
	wake       chan struct{}
	applied    atomic.Uint64 // changes applied, for tests and metrics
}

// NewIndex returns an index on src; Run builds it and keeps it in step.
func NewIndex(src SpanSource, opts IndexOptions) *Index {
	if opts.Resync <= 0 {
		opts.Resync = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Index{
		src: src, feed: opts.Feed, resync: opts.Resync, now: opts.Now, log: opts.Logger,
		busy:    availability.NewBusyIndex(),
		pending: map[int64]struct{}{},
		wake:    make(chan struct{}, 1),
	}
}

// indexPast is how far back the index holds bookings: far enough that a
// day's availability asked from its midnight, anywhere, is answered from
// memory.
const indexPast = 3 * 24 * time.Hour

// indexHorizon is how far ahead the index holds bookings: all of them, in
// practice (the booking horizon is at most a year or two).
const indexHorizon = 100 * 365 * 24 * time.Hour

// Run builds the index and keeps it in step until ctx ends; it returns
// nil then. Errors reading the store are logged and retried: meanwhile the
// index is not ready and the desk reads the store.
func (x *Index) Run(ctx context.Context) error {
	if x.feed == nil {
		x.requestRebuild()
	} else {
		// The feed's Listening asks for the build, once nothing can be
		// missed any more.
		go func() {
			if err := x.feed.Follow(ctx, x); err != nil && ctx.Err() == nil {
				x.log.Error("availability index: change feed stopped", "err", err)
			}
		}()
	}
	tick := time.NewTicker(x.resync)
	defer tick.Stop()
	retry := time.Duration(0)
	for {
		x.mu.Lock()
		full, ids := x.full, x.takePending()
		x.full = false
		x.mu.Unlock()
		var err error
		switch {
		case full:
			err = x.rebuild(ctx)
		case len(ids) > 0:
			err = x.refresh(ctx, ids)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			x.log.Error("availability index: read the store", "err", err)
			x.Rebuild()
			retry = min(max(2*retry, 100*time.Millisecond), 10*time.Second)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(retry):
			}
			continue
		}
		retry = 0
		x.mu.Lock()
		idle := !x.full && len(x.pending) == 0
		x.mu.Unlock()
		if !idle {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-x.wake:
		case <-tick.C:
			x.requestRebuild()
		}
	}
}

// takePending empties the set of providers to refresh; x.mu is held.
func (x *Index) takePending() []int64 {
	if len(x.pending) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(x.pending))
	for id := range x.pending {
		ids = append(ids, id)
	}
	clear(x.pending)
	slices.Sort(ids)
	return ids
}

func (x *Index) signal() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

func (x *Index) requestRebuild() {
	x.mu.Lock()
	x.full = true
	x.mu.Unlock()
	x.signal()
}

// rebuild reads every active booking and replaces the index.
func (x *Index) rebuild(ctx context.Context) error {
	epoch := x.epoch.Load()
	start := x.now()
	since := start.Add(-indexPast)
	b := x.busy.NewBuilder(x.busy.Ticket())
	n := 0
	if err := x.src.ActiveSpans(ctx, since, func(id int64, s rendezvous.Span) {
		b.Add(id, s)
		n++
	}); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	b.Commit()
	x.since.Store(since.UnixNano())
	x.applied.Add(1)
	if x.epoch.Load() != epoch {
		return nil // Rebuild was asked again meanwhile
	}
	x.ready.Store(true)
	x.log.Info("availability index built", "bookings", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// refreshBatch bounds the providers one refresh reads at once.
const refreshBatch = 500

// refresh reads the spans of the given providers again.
func (x *Index) refresh(ctx context.Context, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), refreshBatch)
		ticket := x.busy.Ticket()
		since := time.Unix(0, x.since.Load())
		spans, err := x.src.BusySpans(ctx, ids[:n], since, since.Add(indexHorizon))
		if err != nil {
			return fmt.Errorf("refresh %d providers: %w", n, err)
		}
		x.busy.Set(ticket, ids[:n], spans)
		ids = ids[n:]
	}
	x.applied.Add(1)
	return nil
}

// Refresh reads one provider's spans again, at once: the desk calls it
// after each of its own changes, whatever their outcome (a slot_taken
// refusal means the index missed a booking). An error makes the index
// not ready until it is rebuilt.
//
// It reads even while the index is not ready: a rebuild under way may
// have started before the change, and tickets keep the newer read.
func (x *Index) Refresh(ctx context.Context, providerID int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := x.refresh(ctx, []int64{providerID}); err != nil {
		x.log.Error("availability index: refresh after a change", "err", err)
		x.Rebuild()
	}
}

// Rebuild asks for the index to be read whole again, and stops answering
// until it is: after a change whose provider is unknown, or whose outcome
// is.
func (x *Index) Rebuild() {
	x.epoch.Add(1)
	x.ready.Store(false)
	x.requestRebuild()
}

// Ready reports whether the index can answer for [from, …): it is built,
// in step with the feed, and holds the bookings that may overlap from.
func (x *Index) Ready(from time.Time) bool {
	return x.ready.Load() && from.UnixNano() >= x.since.Load()
}

// Spans appends to buf the provider's spans that overlap [from, to), as
// Store.BusySpans would return them. Valid when Ready(from).
func (x *Index) Spans(providerID int64, from, to time.Time, buf []rendezvous.Span) []rendezvous.Span {
	return x.busy.Spans(providerID, from, to, buf)
}

// Busy returns every span the index holds of the provider, read in place
// (availability.Iterator.SetBusyFrom). Valid when Ready.
func (x *Index) Busy(providerID int64) availability.Busy { return x.busy.Busy(providerID) }

// Size returns how many providers with bookings and bookings it holds.
func (x *Index) Size() (providers, bookings int) { return x.busy.Size() }

// Applied counts the reads applied so far (rebuilds and refreshes): a
// test waits for it to move.
func (x *Index) Applied() uint64 { return x.applied.Load() }

// OnScheduleChange registers fn to run when the feed reports a change of
// hours, time off, services or policy (the desk drops its caches).
func (x *Index) OnScheduleChange(fn func()) {
	x.mu.Lock()
	x.onSchedule = append(x.onSchedule, fn)
	x.mu.Unlock()
}

// Listening implements FeedHandler: anything may have been missed before.
func (x *Index) Listening() {
	x.Rebuild()
	x.schedulesChanged()
}

// Lost implements FeedHandler: until the feed listens again, the index
// cannot know what other instances change, so it stops answering.
func (x *Index) Lost(err error) {
	x.epoch.Add(1)
	if x.ready.Swap(false) {
		x.log.Warn("availability index: change feed lost; reading the store until it is back", "err", err)
	}
}

// Changed implements FeedHandler.
func (x *Index) Changed(c Change) {
	if c.Schedules {
		x.schedulesChanged()
	}
	x.mu.Lock()
	if c.AllProviders {
		x.full = true
	}
	for _, id := range c.Providers {
		x.pending[id] = struct{}{}
	}
	x.mu.Unlock()
	if c.AllProviders || len(c.Providers) > 0 {
		x.signal()
	}
}

func (x *Index) schedulesChanged() {
	x.mu.Lock()
	fns := slices.Clone(x.onSchedule)
	x.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// outcomeUnknown reports whether err leaves the change's outcome unknown, so
// that only a rebuild can tell what the store holds.
func outcomeUnknown(err error) bool {
	var e *rendezvous.Error
	return errors.As(err, &e) && e.Code == rendezvous.EUNAVAILABLE
}
