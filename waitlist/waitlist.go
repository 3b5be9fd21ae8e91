// Package waitlist keeps customers waiting for a slot that fits and tells
// them when one frees up: a change that frees a provider's time (a
// cancellation, a booking moved away, time off removed, opening hours
// widened) enqueues a matcher job in its own transaction (Planner); the
// matcher finds the entries the freed time may serve and emails each an
// offer of the earliest free slot that fits — a signed, single-use,
// expiring link that books it in one step with the details kept with the
// entry. First come, first served: the database decides between two
// customers offered the same slot; the one too late is offered the next
// slot that fits.
package waitlist

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/notify"
)

// KindMatch is the kind of the matcher's job.
const KindMatch = "waitlist.match"

// maxPerMatch bounds the entries one freed span is offered to: the
// first to click books; more emails would only disappoint.
const maxPerMatch = 20

// Desk is what the waitlist needs of the booking desk.
type Desk interface {
	Now() time.Time
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
	Location(ctx context.Context, kind rendezvous.Kind, city string) (*time.Location, error)
	FreeSlots(ctx context.Context, providerID, serviceID int64, from, to time.Time) ([]rendezvous.Slot, error)
	Earliest(ctx context.Context, q booking.SearchQuery) ([]rendezvous.Slot, error)
	BookOffer(ctx context.Context, req rendezvous.BookingRequest, offerID string) (*booking.Confirmation, error)
	// BookingRecord reads a booking as it stands now.
	BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error)
}

// Tokens signs offers' links.
type Tokens interface {
	IssueOfferToken(offerID string) (string, error)
	// VerifyOfferToken returns the offer a token is for, or
	// EUNAUTHORIZED/invalid_token (also once expired).
	VerifyOfferToken(token string) (string, error)
}

// Metrics receives the waitlist's events. Nil-safe.
type Metrics interface {
	WaitlistJoined()
	WaitlistOffered()
	WaitlistBooked()
	WaitlistTaken()
}

// Events plans the jobs that tell of the waitlist's changes (the
// webhooks' fan-out), written in each change's own transaction.
type Events interface {
	Joined(e *rendezvous.WaitlistEntry, now time.Time) []booking.Job
	Offered(e *rendezvous.WaitlistEntry, o *rendezvous.WaitlistOffer, p *rendezvous.Provider, now time.Time) []booking.Job
	// Left: reason is rendezvous.WaitlistWithdrawn or WaitlistErased.
	Left(e *rendezvous.WaitlistEntry, reason string, now time.Time) []booking.Job
}

// Config is a Service's dependencies.
type Config struct {
	Store  Store
	Desk   Desk
	Tokens Tokens
	// Sender and Renderer send the offers' emails.
	Sender   notify.Sender
	Renderer notify.Renderer
	// MaxPerAddress bounds the active entries of one address
	// (rendezvous.DefaultMaxWaitlistPerAddress).
	MaxPerAddress int
	// Events, when set, plans the jobs of each change (webhooks).
	Events  Events
	Metrics Metrics
	Logger  *slog.Logger
}

// Service is the waitlist. It is safe for concurrent use.
type Service struct{ cfg Config }

// New returns the waitlist on cfg.
func New(cfg Config) *Service {
	if cfg.MaxPerAddress <= 0 {
		cfg.MaxPerAddress = rendezvous.DefaultMaxWaitlistPerAddress
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg}
}

var idEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// newID returns prefix and n random Crockford characters.
func newID(prefix string, n int) string {
	raw := make([]byte, n*5/8+1)
	_, _ = rand.Read(raw) // crypto/rand never fails on supported platforms
	return prefix + idEncoding.EncodeToString(raw)[:n]
}

// Entry prefixes.
const (
	entryPrefix = "WL-"
	offerPrefix = "WO-"
)

// IsEntryID reports whether s is spelt like an entry's id: what a path
// parameter is checked against before it reaches a database.
func IsEntryID(s string) bool {
	rest, ok := strings.CutPrefix(s, entryPrefix)
	if !ok || len(rest) != 10 {
		return false
	}
	for i := range len(rest) {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", rune(rest[i])) {
			return false
		}
	}
	return true
}

// Join puts a customer on the waitlist. e's customer must be complete
// (name, email, phone) and its email proved by the caller; its language
// defaults to the provider's or English. Returns EINVALID (per field),
// ENOTFOUND for an unknown provider, kind in a city or service, and
// ECONFLICT/too_many_waitlist_entries.
func (s *Service) Join(ctx context.Context, e rendezvous.WaitlistEntry) (*rendezvous.WaitlistEntry, error) {
	now := s.cfg.Desk.Now()
	var regions []string
	var p *rendezvous.Provider
	if e.ProviderID > 0 {
		var err error
		if p, err = s.cfg.Desk.Provider(ctx, e.ProviderID); err != nil {
			return nil, err
		}
		if e.ServiceID != 0 {
			if _, ok := p.Service(e.ServiceID); !ok {
				return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d has no service %d", p.ID, e.ServiceID)
			}
		}
		regions = append(regions, rendezvous.PhoneRegion(p.TimeZone))
	}
	if err := rendezvous.ValidateWaitlistEntry(&e, now); err != nil {
		return nil, err
	}
	if p == nil {
		loc, err := s.cfg.Desk.Location(ctx, e.Kind, e.City)
		if err != nil {
			return nil, err
		}
		regions = append(regions, rendezvous.PhoneRegion(loc.String()))
	}
	cust, err := rendezvous.NormalizeCustomer(e.Customer, regions...)
	if err != nil {
		return nil, err
	}
	e.Customer = cust
	if e.Language, err = rendezvous.BookingLanguage(e.Language, p); err != nil {
		return nil, err
	}
	e.ID = newID(entryPrefix, 10)
	e.FulfilledAt, e.BookingID = nil, ""
	var jobs func(*rendezvous.WaitlistEntry) []booking.Job
	if s.cfg.Events != nil {
		jobs = func(e *rendezvous.WaitlistEntry) []booking.Job { return s.cfg.Events.Joined(e, now) }
	}
	if err := s.cfg.Store.CreateWaitlistEntry(ctx, &e, s.cfg.MaxPerAddress, now, jobs); err != nil {
		return nil, err
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.WaitlistJoined()
	}
	return &e, nil
}

// Entries returns every entry of a verified address, oldest first.
func (s *Service) Entries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error) {
	return s.cfg.Store.WaitlistEntries(ctx, email)
}

// MaxListPage bounds a page of List.
const MaxListPage = 200

// List returns a page of the entries f selects, oldest first, for an
// operator; f.Now is set here. Returns EINVALID for a status that is none
// of rendezvous.WaitlistStatuses, a kind that is none, or a limit out of
// 1..MaxListPage.
func (s *Service) List(ctx context.Context, f rendezvous.WaitlistFilter) ([]*rendezvous.WaitlistEntry, error) {
	fields := rendezvous.CheckText("city", f.City, 100, false)
	if f.Status != "" && !slices.Contains(rendezvous.WaitlistStatuses(), f.Status) {
		fields = append(fields, rendezvous.FieldError{Field: "status", Message: "must be one of " + strings.Join(rendezvous.WaitlistStatuses(), ", ")})
	}
	if f.Kind != "" && !f.Kind.Valid() {
		fields = append(fields, rendezvous.FieldError{Field: "kind", Message: "is not a kind of provider"})
	}
	if f.ProviderID < 0 {
		fields = append(fields, rendezvous.FieldError{Field: "provider_id", Message: "must be positive"})
	}
	if f.Limit < 1 || f.Limit > MaxListPage {
		fields = append(fields, rendezvous.FieldError{Field: "limit", Message: fmt.Sprintf("must be from 1 to %d", MaxListPage)})
	}
	if err := rendezvous.ValidationError(fields); err != nil {
		return nil, err
	}
	f.Now = s.cfg.Desk.Now()
	return s.cfg.Store.ListWaitlist(ctx, f)
}

// Leave withdraws an entry of a verified address. Returns ENOTFOUND
// (also for another address's entry).
func (s *Service) Leave(ctx context.Context, id, email string) error {
	if !IsEntryID(id) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "waitlist entry not found")
	}
	return s.cfg.Store.DeleteWaitlistEntry(ctx, id, email, s.left(rendezvous.WaitlistWithdrawn))
}

// left returns the jobs of entries leaving for reason: nil without
// Events.
func (s *Service) left(reason string) func(*rendezvous.WaitlistEntry) []booking.Job {
	if s.cfg.Events == nil {
		return nil
	}
	now := s.cfg.Desk.Now()
	return func(e *rendezvous.WaitlistEntry) []booking.Job { return s.cfg.Events.Left(e, reason, now) }
}

// Erase deletes every entry of an address, with its offers: part of the
// erasure of the customer's data.
func (s *Service) Erase(ctx context.Context, email string) (int, error) {
	n, err := s.cfg.Store.EraseWaitlist(ctx, email, s.left(rendezvous.WaitlistErased))
	if err != nil {
		return n, fmt.Errorf("erase waitlist: %w", err)
	}
	return n, nil
}

// Sweep deletes entries that expired or were fulfilled before before.
func (s *Service) Sweep(ctx context.Context, before time.Time) (int, error) {
	return s.cfg.Store.SweepWaitlist(ctx, before)
}

// Count returns how many entries wait now (metrics).
func (s *Service) Count(ctx context.Context) (int, error) {
	return s.cfg.Store.CountWaitlist(ctx, s.cfg.Desk.Now())
}

// Planner plans the matcher's job of each change that frees time
// (booking.Options.Freed).
type Planner struct {
	// MaxAttempts bounds the job's tries (notify.DefaultMaxAttempts).
	MaxAttempts int
}

var _ booking.FreedPlanner = Planner{}

// Freed implements booking.FreedPlanner: one matcher job for the span; a
// zero span (opening hours widened) covers every day an entry may wait
// for.
func (p Planner) Freed(providerID int64, span rendezvous.Span, now time.Time) []booking.Job {
	if span.Start.IsZero() {
		span = rendezvous.Span{Start: now, End: now.Add(rendezvous.MaxWaitlistHorizon)}
	}
	if !span.End.After(now) {
		return nil // freed in the past: nobody can take it
	}
	attempts := p.MaxAttempts
	if attempts <= 0 {
		attempts = notify.DefaultMaxAttempts
	}
	return []booking.Job{{Kind: KindMatch, ProviderID: providerID, From: span.Start.UTC(), To: span.End.UTC(), MaxAttempts: attempts}}
}
