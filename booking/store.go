package booking

import (
	"context"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Store is the system of record: providers, their schedules and bookings.
// Implementations (sqlite, postgres) translate their errors into domain
// errors and guarantee, in the database itself, that two active bookings of
// one provider never overlap. Every method honours ctx's deadline.
//
// A change whose commit was sent but never answered (the connection lost,
// the server crashed) may or may not have happened: it returns
// EUNAVAILABLE/outcome_unknown, and a retry made with the same
// idempotency key (WithIdempotency) settles it. A change that failed
// before its commit was sent returns plain EUNAVAILABLE.
type Store interface {
	// CreateProvider validates and inserts p with its services, setting
	// their IDs and timestamps. Returns EINVALID.
	CreateProvider(ctx context.Context, p *rendezvous.Provider) error
	// UpdateProvider changes the given fields. Returns ENOTFOUND.
	UpdateProvider(ctx context.Context, id int64, upd rendezvous.ProviderUpdate) (*rendezvous.Provider, error)
	// Provider returns a provider with its services. Returns ENOTFOUND.
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
	// Providers lists providers with their services, ordered by ID.
	Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, error)
	// CountProviders returns how many providers exist.
	CountProviders(ctx context.Context) (int, error)

	// CreateService validates and adds a service to a provider. Returns
	// EINVALID, and ENOTFOUND when the provider does not exist.
	CreateService(ctx context.Context, s *rendezvous.Service) error
	// UpdateService changes a service of a provider. Returns ENOTFOUND.
	UpdateService(ctx context.Context, providerID, serviceID int64, upd rendezvous.ServiceUpdate) (*rendezvous.Service, error)

	// SetHours replaces a provider's weekly opening hours. Returns
	// ENOTFOUND. Options: WriteOptions.Freed.
	SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours, opts ...WriteOption) error
	// AddTimeOff records an absence, setting its ID. Returns ENOTFOUND.
	AddTimeOff(ctx context.Context, off *rendezvous.TimeOff) error
	// DeleteTimeOff removes an absence. Returns ENOTFOUND. Options:
	// WriteOptions.Freed.
	DeleteTimeOff(ctx context.Context, providerID, id int64, opts ...WriteOption) error
	// Schedule returns a provider's schedule with the time off that ends
	// after since. Returns ENOTFOUND.
	Schedule(ctx context.Context, providerID int64, since time.Time) (*rendezvous.Schedule, error)
	// Group returns every provider of a kind in a city (matched like
	// ProviderFilter.City) with services and schedule, time off ending after
	// since included. It feeds the availability search's cache.
	Group(ctx context.Context, kind rendezvous.Kind, city string, since time.Time) ([]ProviderSchedule, error)
	// BusySpans returns, for each given provider, the spans
	// [start, blocked_until) of its active bookings that overlap [from, to).
	BusySpans(ctx context.Context, providerIDs []int64, from, to time.Time) (map[int64][]rendezvous.Span, error)

	// CreateBooking books b.Start for b's provider and service, atomically:
	// in one transaction it reads the provider's schedule and bookings,
	// checks the start with availability.Check as of now, fills in End,
	// BlockedUntil, Status and timestamps, and inserts. Returns ENOTFOUND
	// for an unknown provider or service, EINVALID/slot_unavailable when the
	// start is not a free slot, and ECONFLICT/slot_taken when another
	// booking holds the time (also when a concurrent insert wins the race
	// and the database's own constraint rejects this one). Options add
	// guarantees kept in the same transaction (WriteOptions).
	CreateBooking(ctx context.Context, b *rendezvous.Booking, now time.Time, opts ...WriteOption) error
	// Booking returns a booking. Returns ENOTFOUND.
	Booking(ctx context.Context, id string) (*rendezvous.Booking, error)
	// Bookings lists bookings matching f, ordered by start.
	Bookings(ctx context.Context, f rendezvous.BookingFilter) ([]*rendezvous.Booking, error)
	// CancelBooking frees a booking's slot and raises its TokenVersion,
	// in one transaction. version is the TokenVersion of the manage token
	// the change is made with, checked in that transaction (0: a change
	// made without a token). Cancelling a cancelled booking returns it
	// unchanged. Returns ENOTFOUND, EUNAUTHORIZED/invalid_token for another
	// version, and ECONFLICT/booking_not_active for an appointment that has
	// already started. Options: WriteOptions.Once and Freed.
	CancelBooking(ctx context.Context, id string, version int, now time.Time, opts ...WriteOption) (*rendezvous.Booking, error)
	// RescheduleBooking moves an active booking to start, with the same
	// checks and guarantees as CreateBooking (its own current time does not
	// count as busy), and raises its TokenVersion; version is checked as by
	// CancelBooking. Returns ENOTFOUND, EUNAUTHORIZED/invalid_token,
	// ECONFLICT/booking_not_active for a cancelled booking,
	// EINVALID/slot_unavailable and ECONFLICT/slot_taken. Options:
	// WriteOptions.Once and Freed.
	RescheduleBooking(ctx context.Context, id string, version int, start, now time.Time, opts ...WriteOption) (*rendezvous.Booking, error)
	// IdempotencyRecord returns the record of the change made with the key
	// of keyHash in scope, unless it expired by now. Returns ENOTFOUND.
	IdempotencyRecord(ctx context.Context, scope string, keyHash []byte, now time.Time) (*IdempotencyRecord, error)
	// SweepIdempotency deletes the records expired by now and returns how
	// many it deleted.
	SweepIdempotency(ctx context.Context, now time.Time) (int, error)

	// Import bulk-loads a directory into an empty store, in one
	// transaction, keeping the IDs the entries carry. The sequence must
	// yield a fresh entry each time (entries are kept until written).
	// Returns ECONFLICT if the store already has providers, and
	// ECONFLICT/slot_taken if two active bookings of a provider overlap.
	// Names returns the directory's cities, each with the time zone of its
	// providers, and every provider's name: what the understanding of
	// messages must recognise.
	Names(ctx context.Context) (*rendezvous.Names, error)
	Import(ctx context.Context, entries func(yield func(*rendezvous.DirectoryEntry) bool)) error

	// CreateAdminKey stores the hash of a new admin API key.
	CreateAdminKey(ctx context.Context, k *rendezvous.AdminKey) error
	// AdminKey returns the admin key with the given public prefix, if it is
	// not revoked. Returns ENOTFOUND.
	AdminKey(ctx context.Context, prefix string) (*rendezvous.AdminKey, error)

	// Erasure, retention and the audit log: see privacy.go.
	PrivacyStore

	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the store's connections.
	Close() error
}

// ProviderSchedule is a provider together with its schedule.
type ProviderSchedule struct {
	Provider *rendezvous.Provider
	Schedule *rendezvous.Schedule
}
