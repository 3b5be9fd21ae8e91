// Package booking is the booking desk: the rules of Rendezvous on top of a
// Store. It validates customers, finds free slots (one provider's, or the
// earliest across every provider of a kind in a city — the hot path of
// every conversation), books, cancels and reschedules, and issues the
// tokens that let a customer manage a booking. The HTTP API and the chat
// tools both go through it.
package booking

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Tokens issues and verifies the tokens that grant access to one version
// of one booking (rendezvous.Booking.TokenVersion).
type Tokens interface {
	IssueBookingToken(bookingID string, version int) (string, error)
	// VerifyBookingToken returns the booking id and version the token
	// grants access to, or EUNAUTHORIZED.
	VerifyBookingToken(token string) (string, int, error)
}

// Metrics receives the desk's business events. Nil-safe: a Desk without
// metrics counts nothing.
type Metrics interface {
	BookingCreated()
	BookingConflict()
}

// Options tunes a Desk. Zero values mean the defaults.
type Options struct {
	// Now is the clock; time.Now by default. Tests pin it.
	Now func() time.Time
	// GroupTTL is how long the desk keeps providers and a kind+city's
	// schedules in memory before reloading them (30 s); with an Index, a
	// change of schedules reported by its feed drops them at once. Bookings
	// are read from the Index when there is one, from the database
	// otherwise; either way every booking is checked again in the
	// database.
	GroupTTL time.Duration
	// GroupCacheSize bounds how many kind+city groups are cached (1024).
	GroupCacheSize int
	// MaxWindow bounds availability windows (90 days).
	MaxWindow time.Duration
	Metrics   Metrics

	// MaxUpcomingPerCustomer caps the upcoming bookings (active, not yet
	// ended) of one email address, and of one phone number, checked in
	// the booking's transaction (DefaultMaxUpcomingPerCustomer).
	MaxUpcomingPerCustomer int

	// Jobs plans the background work (emails, reminders) each booking
	// change enqueues in its own transaction; nil enqueues nothing.
	Jobs Planner
	// Freed plans the work of a change that frees time (the waitlist's
	// matcher), in the change's transaction; nil enqueues nothing.
	Freed FreedPlanner
	// Waitlist, when set, is exported and erased with the bookings of an
	// address (ExportByEmail, EraseByEmail).
	Waitlist WaitlistData
	// WaitlistEvents, when set, plans the jobs of the waitlist entries an
	// erasure by address deletes.
	WaitlistEvents WaitlistPlanner

	// Index, when set, answers the search's questions about bookings from
	// memory (see Index); the desk keeps it in step with its own changes
	// and drops its caches when the index's feed reports a change of
	// schedules. Nil: bookings are read from the store on every query.
	Index *Index
}

// DefaultMaxUpcomingPerCustomer is the default cap of upcoming bookings
// per email address and per phone number: a family's appointments (a
// parent booking for two or three children, and for themselves) fit,
// while hoarding a calendar takes a new email address and phone number
// every five slots.
const DefaultMaxUpcomingPerCustomer = 5

// Desk is the booking desk. It is safe for concurrent use.
type Desk struct {
	store     Store
	tokens    Tokens
	now       func() time.Time
	groups    *groupCache
	providers *providerCache
	names     *names
	maxWindow time.Duration
	metrics   Metrics

	maxUpcoming int // never 0: the cap always holds
	jobs        Planner
	freed       FreedPlanner
	waitlist    WaitlistData
	// waitlistEvents: Options.WaitlistEvents.
	waitlistEvents WaitlistPlanner
	index          *Index    // nil without one
	heaps          sync.Pool // of *candidateHeap, for Earliest
}

// NewDesk returns a desk on store that signs manage tokens with tokens.
func NewDesk(store Store, tokens Tokens, opts Options) *Desk {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.GroupTTL <= 0 {
		opts.GroupTTL = 30 * time.Second
	}
	if opts.GroupCacheSize <= 0 {
		opts.GroupCacheSize = 1024
	}
	if opts.MaxWindow <= 0 {
		opts.MaxWindow = 90 * 24 * time.Hour
	}
	if opts.MaxUpcomingPerCustomer <= 0 {
		opts.MaxUpcomingPerCustomer = DefaultMaxUpcomingPerCustomer
	}
	if opts.Index != nil {
		store = indexedStore{Store: store, index: opts.Index}
	}
	d := &Desk{
		store:     store,
		tokens:    tokens,
		now:       opts.Now,
		groups:    newGroupCache(store, opts.GroupCacheSize, opts.GroupTTL, opts.Now),
		providers: newProviderCache(store, 4096, opts.GroupTTL, opts.Now),
		names:     &names{store: store, now: opts.Now},
		maxWindow: opts.MaxWindow,
		metrics:   opts.Metrics,

		maxUpcoming:    opts.MaxUpcomingPerCustomer,
		jobs:           opts.Jobs,
		freed:          opts.Freed,
		waitlist:       opts.Waitlist,
		waitlistEvents: opts.WaitlistEvents,
		index:          opts.Index,
		heaps:          sync.Pool{New: func() any { return &candidateHeap{} }},
	}
	if opts.Index != nil {
		opts.Index.OnScheduleChange(d.purge)
	}
	return d
}

// Now returns the desk's current time.
func (d *Desk) Now() time.Time { return d.now() }

// MaxWindow returns the longest availability window the desk accepts.
func (d *Desk) MaxWindow() time.Duration { return d.maxWindow }

// Provider returns a provider with its services. Returns ENOTFOUND.
func (d *Desk) Provider(ctx context.Context, id int64) (*rendezvous.Provider, error) {
	return d.store.Provider(ctx, id)
}

// Providers lists providers matching f and, when there may be more,
// returns the AfterID to pass for the next page (0 when this is the last).
func (d *Desk) Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, int64, error) {
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, 0, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "kind", Message: "must be one of " + kindNames()}})
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.Limit > 100 {
		return nil, 0, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "limit", Message: "must be between 1 and 100"}})
	}
	want := f.Limit
	f.Limit++ // one more tells whether there is a next page
	ps, err := d.store.Providers(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("list providers: %w", err)
	}
	if len(ps) > want {
		return ps[:want], ps[want-1].ID, nil
	}
	return ps, 0, nil
}

func kindNames() string {
	s := ""
	for i, k := range rendezvous.Kinds() {
		if i > 0 {
			s += ", "
		}
		s += string(k)
	}
	return s
}

// Ping checks the store.
func (d *Desk) Ping(ctx context.Context) error { return d.store.Ping(ctx) }

// withJobs is the option that enqueues the jobs of event e, planned from
// the booking as the change leaves it, in the change's transaction.
func (d *Desk) withJobs(e Event, now time.Time) WriteOption {
	if d.jobs == nil {
		return nil
	}
	return WithJobs(func(b *rendezvous.Booking) JobPlan { return d.jobs.Plan(e, b, now) })
}
