package booking

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// A change made with an idempotency key happens at most once: its record
// — which booking it made or changed, and how it left it — is written in
// the change's own transaction, so that a crash can never leave a change
// without its record or a record without its change. A retry with the
// same key finds the record and gets the first answer again instead of a
// second booking (or a 409 on its own booking, or a 401 for the token the
// first change revoked). Records are kept IdempotencyTTL.

// IdempotencyTTL is how long the answer to a change made with an
// idempotency key is kept for its retries.
const IdempotencyTTL = 24 * time.Hour

// MaxIdempotencyKeyLength bounds a key, its caller's prefix included.
const MaxIdempotencyKeyLength = 300

// Idempotency asks a store to make a change at most once per key.
type Idempotency struct {
	// Scope is the operation and its target ("book", "cancel RDV-…",
	// "reschedule RDV-…"): keys of different scopes never meet.
	Scope string
	// KeyHash is the SHA-256 of the caller's key. The key is the caller's
	// choice of text: only its hash is stored.
	KeyHash []byte
	// Fingerprint is the SHA-256 of the request's meaning (see
	// fingerprint): the same key with another fingerprint is another
	// request, refused.
	Fingerprint []byte
}

// IdempotencyRecord is what a store keeps of a change made with a key.
type IdempotencyRecord struct {
	Scope       string
	KeyHash     []byte
	Fingerprint []byte
	// BookingID is the booking the change made or changed: erasing the
	// booking erases its records (they hold no personal data, but say when
	// the customer acted).
	BookingID string
	// Outcome is the booking as the change left it, as JSON, without its
	// customer (read from the booking itself on a replay) and without any
	// token (minted again on a replay, for the version the change left):
	// a database dump holds no credential.
	Outcome   []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// newIdempotency hashes a caller's key for scope, and the parts that say
// what the request asks for. Returns EINVALID for a key that is empty or
// too long.
func newIdempotency(scope, key string, parts ...string) (*Idempotency, error) {
	if key == "" || len(key) > MaxIdempotencyKeyLength {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "idempotency_key",
			Message: fmt.Sprintf("must be 1 to %d characters", MaxIdempotencyKeyLength)}})
	}
	k := sha256.Sum256([]byte(key))
	return &Idempotency{Scope: scope, KeyHash: k[:], Fingerprint: fingerprint(parts...)}, nil
}

// fingerprint hashes a request's canonical form: its parts joined by NUL,
// which none of them contains (validated names, emails and phone numbers
// hold no control characters).
func fingerprint(parts ...string) []byte {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return h[:]
}

// outcome is the JSON form of IdempotencyRecord.Outcome.
type outcome struct {
	ProviderID   int64      `json:"provider_id"`
	ServiceID    int64      `json:"service_id"`
	Start        time.Time  `json:"start"`
	End          time.Time  `json:"end"`
	BlockedUntil time.Time  `json:"blocked_until"`
	Status       string     `json:"status"`
	TokenVersion int        `json:"token_version"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty"`
	Language     string     `json:"language,omitempty"`
}

// Record returns the record of the change that left b so, made at now.
// Stores call it inside the change's transaction.
func (o *Idempotency) Record(b *rendezvous.Booking, now time.Time) (*IdempotencyRecord, error) {
	out, err := json.Marshal(outcome{ProviderID: b.ProviderID, ServiceID: b.ServiceID, Start: b.Start.UTC(), End: b.End.UTC(),
		BlockedUntil: b.BlockedUntil.UTC(), Status: string(b.Status), TokenVersion: b.TokenVersion,
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC(), CancelledAt: b.CancelledAt, Language: b.Language})
	if err != nil {
		return nil, fmt.Errorf("idempotency record of %s: %w", b.ID, err)
	}
	now = now.UTC().Truncate(time.Second)
	return &IdempotencyRecord{Scope: o.Scope, KeyHash: o.KeyHash, Fingerprint: o.Fingerprint, BookingID: b.ID,
		Outcome: out, CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL)}, nil
}

// Booking returns the booking as the recorded change left it, without
// its customer.
func (r *IdempotencyRecord) Booking() (*rendezvous.Booking, error) {
	var o outcome
	if err := json.Unmarshal(r.Outcome, &o); err != nil {
		return nil, fmt.Errorf("idempotency record of %s: %w", r.BookingID, err)
	}
	return &rendezvous.Booking{ID: r.BookingID, ProviderID: o.ProviderID, ServiceID: o.ServiceID, Start: o.Start, End: o.End,
		BlockedUntil: o.BlockedUntil, Status: rendezvous.BookingStatus(o.Status), TokenVersion: o.TokenVersion,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, CancelledAt: o.CancelledAt, Language: o.Language}, nil
}

// ErrIdempotencyKeyInFlight is the stores' answer to a change whose key
// another change holds or has recorded: the caller reads the record, if
// any, and otherwise asks its client to retry.
func ErrIdempotencyKeyInFlight() error {
	return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonIdempotencyKeyInFlight,
		"a request with this Idempotency-Key is still being processed; retry in a moment with the same key")
}

// ErrOutcomeUnknown is the stores' answer to a change whose commit was
// sent but not answered: it may or may not have been made.
func ErrOutcomeUnknown() error {
	return rendezvous.ReasonErrorf(rendezvous.EUNAVAILABLE, rendezvous.ReasonOutcomeUnknown,
		"the database failed while saving the change, which may or may not have been made; "+
			"retry with the same Idempotency-Key: you will get its result if it was made, and it will be made if not")
}

// ErrTooManyBookings is the stores' answer to a booking past the cap of
// upcoming bookings per customer.
func ErrTooManyBookings(max int, verified bool) error {
	if verified {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonTooManyBookings,
			"this email address already has %d upcoming bookings, the most one customer may hold; cancel one to book another", max)
	}
	return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonTooManyBookings,
		"this email address or phone number already has as many upcoming bookings as one customer may hold without proving the address: confirm the address with a one-time code (POST /v1/email-verifications) and book with its token, or cancel one")
}

// WriteOption adds a guarantee to a booking change, kept in the change's
// own transaction.
type WriteOption func(*WriteOptions)

// WriteOptions are a change's options, resolved by WriteOptionsOf.
type WriteOptions struct {
	// Once, when not nil, makes the change at most once per key: in the
	// change's transaction the store refuses the key with
	// ErrIdempotencyKeyInFlight when another change holds it or has an
	// unexpired record of it (deleting an expired one), and inserts
	// Once.Record of the change's result.
	Once *Idempotency
	// MaxUpcoming, when positive, caps CreateBooking: in its transaction
	// the store counts the active bookings not yet ended (end after now)
	// with the customer's email, and those with their phone number, and
	// refuses with ErrTooManyBookings when either count has reached it.
	// Creations for one customer take turns, so that two cannot both pass
	// the count.
	MaxUpcoming int
	// Verified marks the booking made with a proved email address: it is
	// recorded so, and only bookings of the same kind (proved, or not) are
	// counted against MaxUpcoming, so that bookings anyone made with an
	// address or a phone number they did not prove never lock its owner
	// out, nor tell how many the owner holds.
	Verified bool
	// Jobs, when not nil, is called in the change's transaction with the
	// booking as the change left it; the store deletes the booking's
	// pending jobs of the kinds it drops and inserts its jobs, in that
	// transaction (jobs.go). A change that changes nothing (cancelling a
	// cancelled booking) plans nothing.
	Jobs func(b *rendezvous.Booking) JobPlan
	// Freed, when not nil, is called in the transaction of a change that
	// frees time (CancelBooking, RescheduleBooking: the booking's span
	// before the change; DeleteTimeOff: the time off's; SetHours, when
	// the new hours open a time the old ones did not: a zero span); the
	// store inserts its jobs in that transaction, linked to no booking.
	Freed func(providerID int64, span rendezvous.Span) []Job
	// Offer, when set, is the id of the waitlist offer whose link makes
	// the booking: in the booking's transaction the store marks the offer
	// used and its entry fulfilled, and refuses with
	// ECONFLICT/offer_used an offer used already and with
	// ECONFLICT/offer_expired one expired or whose entry no longer waits.
	Offer string
}

// WithOffer books through waitlist offer id (WriteOptions.Offer).
func WithOffer(id string) WriteOption {
	return func(w *WriteOptions) { w.Offer = id }
}

// WithIdempotency makes a change at most once per key (WriteOptions.Once).
func WithIdempotency(o *Idempotency) WriteOption {
	return func(w *WriteOptions) { w.Once = o }
}

// WithMaxUpcoming caps the upcoming bookings of the customer
// (WriteOptions.MaxUpcoming).
func WithMaxUpcoming(n int) WriteOption {
	return func(w *WriteOptions) { w.MaxUpcoming = n }
}

// WithVerifiedEmail records a booking made with a proved email address
// (WriteOptions.Verified).
func WithVerifiedEmail() WriteOption {
	return func(w *WriteOptions) { w.Verified = true }
}

// WriteOptionsOf resolves options: a later option overrides an earlier one.
func WriteOptionsOf(opts []WriteOption) WriteOptions {
	var w WriteOptions
	for _, o := range opts {
		if o != nil {
			o(&w)
		}
	}
	return w
}
