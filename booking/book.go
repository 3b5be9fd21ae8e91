package booking

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so that a
// reference read aloud or copied by hand survives.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ReferencePrefix starts every booking id, which is also the reference
// given to the customer.
const ReferencePrefix = "RDV-"

// newBookingID returns "RDV-" and 10 random Crockford characters (50 bits).
// The id is a reference, not a credential: managing a booking takes its
// signed token, or (in a chat) the reference and the customer's email.
func newBookingID() (string, error) {
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("booking id: %w", err)
	}
	var b strings.Builder
	b.WriteString(ReferencePrefix)
	for _, c := range raw {
		b.WriteByte(crockford[c&31])
	}
	return b.String(), nil
}

// Confirmation is a booking together with the token that manages it.
type Confirmation struct {
	Booking  *rendezvous.Booking
	Provider *rendezvous.Provider
	Token    string
	// Replayed tells that the change had been made by an earlier request
	// with the same idempotency key, whose answer this repeats.
	Replayed bool
}

// Book validates the customer and books req.Start. The customer's phone
// number is read in the provider's country when it has no country code.
// With req.IdempotencyKey, a repeat of the request within IdempotencyTTL
// gets the first booking again (Confirmation.Replayed), however the first
// answer was lost. Returns EINVALID (per-field errors, slot_unavailable,
// or idempotency_key_reused for a key used by another request),
// ENOTFOUND, ECONFLICT/slot_taken, ECONFLICT/too_many_bookings when the
// customer's email or phone already holds Options.MaxUpcomingPerCustomer
// upcoming bookings, and ECONFLICT/idempotency_key_in_flight while a
// request with the same key is being processed; nothing is written on
// error.
func (d *Desk) Book(ctx context.Context, req rendezvous.BookingRequest) (*Confirmation, error) {
	return d.book(ctx, req)
}

// BookOffer books req as Book does, through waitlist offer id: the offer
// is marked used, and its entry fulfilled, in the booking's transaction
// (WithOffer). Returns Book's errors, and ECONFLICT/offer_used or
// offer_expired.
func (d *Desk) BookOffer(ctx context.Context, req rendezvous.BookingRequest, offerID string) (*Confirmation, error) {
	return d.book(ctx, req, WithOffer(offerID))
}

func (d *Desk) book(ctx context.Context, req rendezvous.BookingRequest, extra ...WriteOption) (*Confirmation, error) {
	p, err := d.providers.get(ctx, req.ProviderID)
	if err != nil {
		return nil, err
	}
	if _, ok := p.Service(req.ServiceID); !ok {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d has no service %d", req.ProviderID, req.ServiceID)
	}
	cust, err := rendezvous.NormalizeCustomer(req.Customer, rendezvous.PhoneRegion(p.TimeZone))
	if err != nil {
		return nil, err
	}
	lang, err := rendezvous.BookingLanguage(req.Language, p)
	if err != nil {
		return nil, err
	}
	now := d.now()
	opts := append([]WriteOption{WithMaxUpcoming(d.maxUpcoming), d.withJobs(EventCreated, now)}, extra...)
	if req.EmailVerified {
		opts = append(opts, WithVerifiedEmail())
	}
	var once *Idempotency
	if req.IdempotencyKey != "" {
		// The request's meaning, not its bytes: the same slot and customer
		// however the JSON, the offset of the start or the phone number
		// were written.
		once, err = newIdempotency("book", req.IdempotencyKey, "book", strconv.FormatInt(req.ProviderID, 10),
			strconv.FormatInt(req.ServiceID, 10), strconv.FormatInt(req.Start.Unix(), 10), cust.Name, cust.Email, cust.Phone)
		if err != nil {
			return nil, err
		}
		if c, err := d.replay(ctx, once); c != nil || err != nil {
			return c, err
		}
		opts = append(opts, WithIdempotency(once))
	}
	for attempt := 0; ; attempt++ {
		id, err := newBookingID()
		if err != nil {
			return nil, err
		}
		b := &rendezvous.Booking{ID: id, ProviderID: req.ProviderID, ServiceID: req.ServiceID, Start: req.Start, Customer: cust, Language: lang}
		err = d.store.CreateBooking(ctx, b, now, opts...)
		switch {
		case err == nil:
			if d.metrics != nil {
				d.metrics.BookingCreated()
			}
			return d.confirm(p, b)
		case rendezvous.ErrorReasonOf(err) == rendezvous.ReasonIdempotencyKeyInFlight:
			return d.settle(ctx, once, err)
		case rendezvous.ErrorReasonOf(err) == rendezvous.ReasonSlotTaken && d.metrics != nil:
			d.metrics.BookingConflict()
		case rendezvous.ErrorReasonOf(err) == string(rendezvous.ECONFLICT) && attempt < 3:
			continue // an id collision (2^-50 per pair): draw another
		}
		return nil, err
	}
}

func (d *Desk) confirm(p *rendezvous.Provider, b *rendezvous.Booking) (*Confirmation, error) {
	tok, err := d.ManageToken(b.ID, b.TokenVersion)
	if err != nil {
		return nil, err
	}
	return &Confirmation{Booking: b, Provider: p, Token: tok}, nil
}

// ManageToken mints a manage token for version of booking id. The chat
// keeps the ids and versions of the bookings a session may manage, never
// their tokens, and mints one when it needs it: a token that is not
// stored cannot leak from the session store, and one minted for an old
// version is refused like any revoked token.
func (d *Desk) ManageToken(id string, version int) (string, error) {
	tok, err := d.tokens.IssueBookingToken(id, version)
	if err != nil {
		return "", fmt.Errorf("booking %s: %w", id, err)
	}
	return tok, nil
}

// errTokenRefused is the one answer to every token that does not grant
// the booking asked for, whatever the reason.
func errTokenRefused() error {
	return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token does not grant access to this booking")
}

// authorize checks that token grants access to booking id and returns the
// version it grants. A token for another booking is refused like a forged
// one.
func (d *Desk) authorize(id, token string) (int, error) {
	sub, version, err := d.tokens.VerifyBookingToken(token)
	if err != nil {
		return 0, err
	}
	if sub != id {
		return 0, errTokenRefused()
	}
	return version, nil
}

// Booking returns a booking to the holder of a manage token of its
// current version. Returns EUNAUTHORIZED before anything else (also for a
// token revoked by a later change), then ENOTFOUND.
func (d *Desk) Booking(ctx context.Context, id, token string) (*rendezvous.Booking, *rendezvous.Provider, error) {
	version, err := d.authorize(id, token)
	if err != nil {
		return nil, nil, err
	}
	b, p, err := d.bookingWithProvider(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if b.TokenVersion != version {
		return nil, nil, errTokenRefused()
	}
	return b, p, nil
}

func (d *Desk) bookingWithProvider(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error) {
	b, err := d.store.Booking(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := d.providers.get(ctx, b.ProviderID)
	if err != nil {
		return nil, nil, fmt.Errorf("booking %s: provider: %w", id, err)
	}
	return b, p, nil
}

// Cancel cancels a booking for the holder of a manage token of its
// current version. The cancellation revokes that token: the answer
// carries a fresh one, which reads the cancelled booking (and, later,
// exports or erases it). Returns EUNAUTHORIZED (also for a revoked
// token), ENOTFOUND and ECONFLICT/booking_not_active.
func (d *Desk) Cancel(ctx context.Context, id, token string) (*Confirmation, error) {
	return d.CancelOnce(ctx, id, token, "")
}

func (d *Desk) cancel(ctx context.Context, id string, version int, once *Idempotency) (*Confirmation, error) {
	now := d.now()
	b, err := d.store.CancelBooking(ctx, id, version, now, append(withOnce(once), d.withJobs(EventCancelled, now), d.withFreed(now))...)
	if err != nil {
		return d.settle(ctx, once, err)
	}
	p, err := d.providers.get(ctx, b.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("booking %s: provider: %w", id, err)
	}
	return d.confirm(p, b)
}

// Reschedule moves a booking for the holder of a manage token of its
// current version, with the same checks as Book. The move revokes that
// token and the answer carries a fresh one.
func (d *Desk) Reschedule(ctx context.Context, id, token string, start time.Time) (*Confirmation, error) {
	version, err := d.authorize(id, token)
	if err != nil {
		return nil, err
	}
	return d.reschedule(ctx, id, version, start, nil)
}

func (d *Desk) reschedule(ctx context.Context, id string, version int, start time.Time, once *Idempotency) (*Confirmation, error) {
	now := d.now()
	b, err := d.store.RescheduleBooking(ctx, id, version, start, now, append(withOnce(once), d.withJobs(EventRescheduled, now), d.withFreed(now))...)
	if rendezvous.ErrorReasonOf(err) == rendezvous.ReasonSlotTaken && d.metrics != nil {
		d.metrics.BookingConflict()
	}
	if err != nil {
		return d.settle(ctx, once, err)
	}
	p, err := d.providers.get(ctx, b.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("booking %s: provider: %w", id, err)
	}
	return d.confirm(p, b)
}

// ParseStart reads a start time for a provider's booking: RFC 3339 with an
// offset, or a wall-clock time in the provider's zone (refused in a DST
// gap or overlap). Returns ENOTFOUND for an unknown provider.
func (d *Desk) ParseStart(ctx context.Context, providerID int64, s string) (time.Time, error) {
	p, err := d.providers.get(ctx, providerID)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := p.Location()
	if err != nil {
		return time.Time{}, err
	}
	return rendezvous.ParseStart(s, loc)
}
