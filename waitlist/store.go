package waitlist

import (
	"context"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Store keeps the waitlist's entries and offers (sqlite, postgres). The
// booking an offer makes marks it used in the booking's own transaction
// (booking.WithOffer), which the store's CreateBooking honours.
type Store interface {
	// CreateWaitlistEntry inserts e, unless its address already holds max
	// entries active at now: ECONFLICT/too_many_waitlist_entries. Entries
	// of one address are counted in the insert's transaction, so that two
	// at once cannot both pass. The jobs of the entry as stored (nil:
	// none) are inserted in the same transaction.
	CreateWaitlistEntry(ctx context.Context, e *rendezvous.WaitlistEntry, max int, now time.Time, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error
	// WaitlistEntry returns an entry. Returns ENOTFOUND.
	WaitlistEntry(ctx context.Context, id string) (*rendezvous.WaitlistEntry, error)
	// WaitlistEntries returns every entry of an address (normalised),
	// active or not, oldest first.
	WaitlistEntries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error)
	// DeleteWaitlistEntry deletes an entry of the address, with its
	// offers, and inserts the jobs of the entry deleted (nil: none) in
	// the same transaction. Returns ENOTFOUND also for another address's
	// entry.
	DeleteWaitlistEntry(ctx context.Context, id, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error
	// EraseWaitlist deletes every entry of an address with its offers,
	// inserts the jobs of each entry deleted (nil: none) in the same
	// transaction, and returns how many entries it deleted.
	EraseWaitlist(ctx context.Context, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) (int, error)
	// ListWaitlist returns the entries f selects, oldest first (by
	// CreatedAt, then ID), at most f.Limit.
	ListWaitlist(ctx context.Context, f rendezvous.WaitlistFilter) ([]*rendezvous.WaitlistEntry, error)
	// MatchWaitlist returns the entries active at m.Now that a freed span
	// of m's provider may serve — those for the provider, and those for
	// its kind in its city (compared like ProviderFilter.City) — whose
	// wanted days overlap [m.From, m.To) (a zero span: any), oldest
	// first, at most m.Limit.
	MatchWaitlist(ctx context.Context, m rendezvous.WaitlistMatch) ([]*rendezvous.WaitlistEntry, error)
	// CreateWaitlistOffer inserts o, or, when its entry was offered the
	// same slot (provider and start) before, returns that offer instead.
	// The jobs of a new offer (nil: none) are inserted in the same
	// transaction; an offer made before has none again.
	CreateWaitlistOffer(ctx context.Context, o *rendezvous.WaitlistOffer, jobs func(*rendezvous.WaitlistOffer) []booking.Job) (*rendezvous.WaitlistOffer, error)
	// WaitlistOffer returns an offer. Returns ENOTFOUND.
	WaitlistOffer(ctx context.Context, id string) (*rendezvous.WaitlistOffer, error)
	// MarkWaitlistOfferSent records that an offer's email went.
	MarkWaitlistOfferSent(ctx context.Context, id string, at time.Time) error
	// SweepWaitlist deletes, with their offers, the entries that expired
	// or were fulfilled before before, and returns how many.
	SweepWaitlist(ctx context.Context, before time.Time) (int, error)
	// CountWaitlist returns how many entries are active at now.
	CountWaitlist(ctx context.Context, now time.Time) (int, error)
}
