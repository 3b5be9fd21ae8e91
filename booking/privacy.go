package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// The customer's data rights: a copy of what is stored (export) and its
// removal (erasure), for one booking with its manage token, or for every
// booking of an email address when the caller has established that the
// requester controls it (an operator today; a verified-email proof once
// notifications bring one). docs/privacy.md tells the whole story.

// PrivacyStore is the part of Store that erases personal data, applies
// retention and keeps the audit log of administrative actions.
type PrivacyStore interface {
	// EraseBooking removes the customer's name, email and phone from a
	// booking and sets its ErasedAt, in one transaction that also raises
	// its TokenVersion (revoking every manage token) and cancels it when
	// it is active and has not started (an appointment nobody can be
	// reached for only blocks the slot); its provider, service, times and
	// status stay, as the provider's record. The same transaction deletes
	// the booking's idempotency records (when the customer acted, and the
	// answers a retry would get). version is checked as by CancelBooking (0: the
	// desk's own erasure). Erasing an erased booking changes nothing and
	// reports Already. Returns ENOTFOUND and EUNAUTHORIZED/invalid_token.
	// Options: WriteOptions.Freed and Jobs (the plan of the booking as
	// erased), both only when it cancels, in the erasure's transaction.
	EraseBooking(ctx context.Context, id string, version int, now time.Time, opts ...WriteOption) (*Erased, error)
	// AnonymiseBookings erases, as EraseBooking does without cancelling
	// anything, the bookings cut selects that are not erased yet: at most
	// limit of each kind, oldest first. Instances may run it at once: a
	// booking is anonymised once. Returns how many of each kind it
	// anonymised.
	AnonymiseBookings(ctx context.Context, cut RetentionCut, limit int, now time.Time) (Anonymised, error)

	// AddAuditEntry appends e to the audit log, setting its ID. Returns
	// EINVALID when a field is out of bounds.
	AddAuditEntry(ctx context.Context, e *rendezvous.AuditEntry) error
	// AuditEntries returns at most limit entries with an ID above after,
	// in ID order.
	AuditEntries(ctx context.Context, after int64, limit int) ([]*rendezvous.AuditEntry, error)
	// DeleteAuditEntries deletes at most limit entries recorded before
	// before, oldest first, and returns how many.
	DeleteAuditEntries(ctx context.Context, before time.Time, limit int) (int, error)
}

// Erased is what an erasure did to one booking.
type Erased struct {
	// Booking is the booking after the erasure.
	Booking *rendezvous.Booking
	// Cancelled tells that the erasure cancelled the booking.
	Cancelled bool
	// Already tells that the booking had been erased before: nothing
	// changed.
	Already bool
}

// RetentionCut selects the bookings whose personal data has been kept
// long enough: active ones whose appointment ended before Ended, cancelled
// ones cancelled before Cancelled. A zero time selects none of its kind.
type RetentionCut struct {
	Ended     time.Time
	Cancelled time.Time
}

// Anonymised counts the bookings a retention run anonymised, by kind.
type Anonymised struct {
	Past      int
	Cancelled int
}

// maxExport bounds the bookings of one email address an export gathers.
const maxExport = 10_000

// Export is everything Rendezvous's database holds about some bookings
// and their customer, with the directory entries they refer to.
type Export struct {
	At       time.Time
	Bookings []ExportedBooking
	// Waitlist are the address's waitlist entries (an export by address
	// with Options.Waitlist).
	Waitlist []*rendezvous.WaitlistEntry
}

// WaitlistData is the waitlist's part of a customer's data: exported
// and erased with their bookings (waitlist.Store).
type WaitlistData interface {
	WaitlistEntries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error)
	// EraseWaitlist deletes the address's entries and inserts, in the
	// same transaction, the jobs of each (nil: none).
	EraseWaitlist(ctx context.Context, email string, jobs func(*rendezvous.WaitlistEntry) []Job) (int, error)
}

// WaitlistPlanner plans the jobs of waitlist entries that leave with an
// erasure (the webhooks' waitlist.left).
type WaitlistPlanner interface {
	Left(e *rendezvous.WaitlistEntry, reason string, now time.Time) []Job
}

// ExportedBooking is one booking of an export with its provider.
type ExportedBooking struct {
	Booking  *rendezvous.Booking
	Provider *rendezvous.Provider
}

// Erasure reports what an erasure did.
type Erasure struct {
	At time.Time
	// Bookings are the bookings it erased, each after the erasure; an
	// erasure by email address lists only those it changed.
	Bookings []*Erased
	// WaitlistEntries counts the waitlist entries an erasure by address
	// deleted.
	WaitlistEntries int
}

// ExportBooking returns what is stored about a booking to the holder of a
// manage token of its current version. Returns EUNAUTHORIZED (before
// anything else) and ENOTFOUND.
func (d *Desk) ExportBooking(ctx context.Context, id, token string) (*Export, error) {
	b, p, err := d.Booking(ctx, id, token)
	if err != nil {
		return nil, err
	}
	return &Export{At: d.now(), Bookings: []ExportedBooking{{Booking: b, Provider: p}}}, nil
}

// EraseBooking erases a booking's personal data (see
// PrivacyStore.EraseBooking) for the holder of a manage token of its
// current version. The erasure revokes that token and issues none: the
// booking no longer belongs to anyone who could manage it. Returns
// EUNAUTHORIZED (before anything else, also for a revoked token) and
// ENOTFOUND.
func (d *Desk) EraseBooking(ctx context.Context, id, token string) (*Erasure, error) {
	version, err := d.authorize(id, token)
	if err != nil {
		return nil, err
	}
	now := d.now()
	e, err := d.store.EraseBooking(ctx, id, version, now, d.withFreed(now), d.withJobs(EventCancelled, now))
	if err != nil {
		return nil, fmt.Errorf("erase booking %s: %w", id, err)
	}
	return &Erasure{At: now, Bookings: []*Erased{e}}, nil
}

// ExportByEmail returns what is stored about every booking made with an
// email address, erased ones aside (they hold no address). The caller must
// have established that the requester controls the address: an operator
// who checked the person's identity, or a verified-email proof. Returns
// EINVALID for an address that is not one.
func (d *Desk) ExportByEmail(ctx context.Context, email string) (*Export, error) {
	addr, err := normalizeEmailField(email)
	if err != nil {
		return nil, err
	}
	now := d.now()
	bs, err := d.store.Bookings(ctx, rendezvous.BookingFilter{Email: addr, Limit: maxExport + 1})
	if err != nil {
		return nil, fmt.Errorf("export bookings by email: %w", err)
	}
	if len(bs) > maxExport {
		// Never silently partial: a request for "everything" gets
		// everything or an error.
		return nil, rendezvous.Errorf(rendezvous.EINVALID, "the address has more than %d bookings: export them from the database", maxExport)
	}
	out := &Export{At: now, Bookings: make([]ExportedBooking, 0, len(bs))}
	for _, b := range bs {
		p, err := d.providers.get(ctx, b.ProviderID)
		if err != nil {
			return nil, fmt.Errorf("export booking %s: provider: %w", b.ID, err)
		}
		out.Bookings = append(out.Bookings, ExportedBooking{Booking: b, Provider: p})
	}
	if d.waitlist != nil {
		if out.Waitlist, err = d.waitlist.WaitlistEntries(ctx, addr); err != nil {
			return nil, fmt.Errorf("export waitlist by email: %w", err)
		}
	}
	return out, nil
}

// EraseByEmail erases the personal data of every booking made with an
// email address, as EraseBooking does for one, and reports those it
// erased (none when the address has no booking) — also with an error,
// when it stopped part way. The caller must have established that the
// requester controls the address, as for ExportByEmail. Returns EINVALID
// for an address that is not one.
func (d *Desk) EraseByEmail(ctx context.Context, email string) (*Erasure, error) {
	addr, err := normalizeEmailField(email)
	if err != nil {
		return nil, err
	}
	now := d.now()
	out := &Erasure{At: now}
	if d.waitlist != nil {
		// First: an entry left waiting would be offered the slots the
		// erasure's cancellations free.
		var jobs func(*rendezvous.WaitlistEntry) []Job
		if d.waitlistEvents != nil {
			jobs = func(e *rendezvous.WaitlistEntry) []Job {
				return d.waitlistEvents.Left(e, rendezvous.WaitlistErased, now)
			}
		}
		if out.WaitlistEntries, err = d.waitlist.EraseWaitlist(ctx, addr, jobs); err != nil {
			return out, fmt.Errorf("erase waitlist by email: %w", err)
		}
	}
	// An erased booking holds no address, so each round finds only the
	// bookings still to erase. One erased by a concurrent request
	// (Already) leaves the list too; a booking that is listed again
	// after its erasure means a store that does not erase: stop rather
	// than loop.
	tried := map[string]bool{}
	for {
		bs, err := d.store.Bookings(ctx, rendezvous.BookingFilter{Email: addr, Limit: 100})
		if err != nil {
			return out, fmt.Errorf("erase bookings by email: %w", err)
		}
		if len(bs) == 0 {
			return out, nil
		}
		fresh := 0
		for _, b := range bs {
			if tried[b.ID] {
				continue
			}
			tried[b.ID] = true
			fresh++
			e, err := d.store.EraseBooking(ctx, b.ID, 0, now, d.withFreed(now), d.withJobs(EventCancelled, now))
			if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
				continue
			}
			if err != nil {
				return out, fmt.Errorf("erase booking %s: %w", b.ID, err)
			}
			if !e.Already {
				out.Bookings = append(out.Bookings, e)
			}
		}
		if fresh == 0 {
			return out, fmt.Errorf("erase bookings by email: %d bookings still hold the address after their erasure", len(bs))
		}
	}
}

// IsReference reports whether s is spelt like a booking reference: the
// prefix and 10 characters of Crockford's base32.
func IsReference(s string) bool {
	rest, ok := strings.CutPrefix(s, ReferencePrefix)
	if !ok || len(rest) != 10 {
		return false
	}
	for i := range len(rest) {
		if !strings.ContainsRune(crockford, rune(rest[i])) {
			return false
		}
	}
	return true
}

// normalizeEmailField normalises an address given to a privacy request,
// naming the field when it is not an address.
func normalizeEmailField(email string) (string, error) {
	addr, err := rendezvous.NormalizeEmail(email)
	if err != nil {
		return "", rendezvous.ValidationError([]rendezvous.FieldError{{Field: "email", Message: err.Error()}})
	}
	return addr, nil
}
