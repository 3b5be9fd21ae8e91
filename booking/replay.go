package booking

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// CancelOnce is Cancel made safe to repeat with an idempotency key (""
// for none). For IdempotencyTTL, a repeat with the same key and a token
// of the same version gets the first answer again, fresh token included
// — although that first cancellation revoked the token the repeat
// carries — rather than a 401 that would lock the client out of its own
// booking. Returns Cancel's errors, EINVALID/idempotency_key_reused for a
// key used by another request (another booking, another token version),
// and ECONFLICT/idempotency_key_in_flight while the first is processed.
func (d *Desk) CancelOnce(ctx context.Context, id, token, key string) (*Confirmation, error) {
	version, err := d.authorize(id, token)
	if err != nil {
		return nil, err
	}
	var once *Idempotency
	if key != "" {
		if once, err = newIdempotency("cancel "+id, key, "cancel", id, strconv.Itoa(version)); err != nil {
			return nil, err
		}
		if c, err := d.replay(ctx, once); c != nil || err != nil {
			return c, err
		}
	}
	return d.cancel(ctx, id, version, once)
}

// RescheduleOnce moves a booking to start, read as ParseStart reads it in
// the zone of the booking's provider, for the holder of a manage token of
// its current version, with the same checks as Book; key ("" for none)
// makes it safe to repeat as CancelOnce is. Returns EUNAUTHORIZED first
// (also for a revoked token, unless it repeats the change that revoked
// it), then ENOTFOUND, EINVALID for a missing or unreadable start,
// Reschedule's errors and CancelOnce's idempotency errors.
func (d *Desk) RescheduleOnce(ctx context.Context, id, token, start, key string) (*Confirmation, error) {
	version, err := d.authorize(id, token)
	if err != nil {
		return nil, err
	}
	var (
		once *Idempotency
		rec  *IdempotencyRecord
	)
	if key != "" {
		if once, err = newIdempotency("reschedule "+id, key); err != nil {
			return nil, err
		}
		if rec, err = d.record(ctx, once); err != nil {
			return nil, err
		}
	}
	b, p, err := d.bookingWithProvider(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec == nil && b.TokenVersion != version {
		return nil, errTokenRefused()
	}
	if strings.TrimSpace(start) == "" {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "start", Message: "is required"}})
	}
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	at, err := rendezvous.ParseStart(start, loc)
	if err != nil {
		return nil, err
	}
	if once != nil {
		once.Fingerprint = fingerprint("reschedule", id, strconv.Itoa(version), strconv.FormatInt(at.Unix(), 10))
		if rec != nil {
			return d.replayRecord(ctx, once, rec)
		}
	}
	return d.reschedule(ctx, id, version, at, once)
}

// record returns the unexpired record of o's key, or nil.
func (d *Desk) record(ctx context.Context, o *Idempotency) (*IdempotencyRecord, error) {
	rec, err := d.store.IdempotencyRecord(ctx, o.Scope, o.KeyHash, d.now())
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		// Fail closed: a key that cannot be checked cannot promise once.
		return nil, fmt.Errorf("idempotency record: %w", err)
	}
	return rec, nil
}

// replay returns the first answer to the change made with o's key, or nil
// when none was made.
func (d *Desk) replay(ctx context.Context, o *Idempotency) (*Confirmation, error) {
	rec, err := d.record(ctx, o)
	if rec == nil || err != nil {
		return nil, err
	}
	return d.replayRecord(ctx, o, rec)
}

// replayRecord rebuilds the first answer from its record: the booking as
// that change left it, its customer (which no change alters) read from
// the booking, and a token of the version that change left, minted again
// — valid exactly as long as the one first issued.
func (d *Desk) replayRecord(ctx context.Context, o *Idempotency, rec *IdempotencyRecord) (*Confirmation, error) {
	if !bytes.Equal(rec.Fingerprint, o.Fingerprint) {
		return nil, rendezvous.ReasonErrorf(rendezvous.EINVALID, rendezvous.ReasonIdempotencyKeyReused,
			"this Idempotency-Key was used in the last %d hours for another request; use a new key for a new request", int(IdempotencyTTL.Hours()))
	}
	b, err := rec.Booking()
	if err != nil {
		return nil, err
	}
	live, err := d.store.Booking(ctx, rec.BookingID)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", rec.BookingID, err)
	}
	b.Customer = live.Customer
	p, err := d.providers.get(ctx, b.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("replay %s: provider: %w", rec.BookingID, err)
	}
	c, err := d.confirm(p, b)
	if err != nil {
		return nil, err
	}
	c.Replayed = true
	return c, nil
}

// settle answers a change that failed with err. When the store refused it
// because another change held its key, that change may have committed
// since: its answer is then the answer; otherwise the client is asked to
// retry (idempotency_key_in_flight).
func (d *Desk) settle(ctx context.Context, once *Idempotency, err error) (*Confirmation, error) {
	if once == nil || rendezvous.ErrorReasonOf(err) != rendezvous.ReasonIdempotencyKeyInFlight {
		return nil, err
	}
	c, rerr := d.replay(ctx, once)
	if rerr != nil {
		return nil, rerr
	}
	if c != nil {
		return c, nil
	}
	return nil, err
}

// withOnce is the write option of once, if any.
func withOnce(once *Idempotency) []WriteOption {
	if once == nil {
		return nil
	}
	return []WriteOption{WithIdempotency(once)}
}

// SweepIdempotency deletes the records of changes made with an
// idempotency key that have expired, and returns how many. (Lookups
// ignore expired records: the sweep only reclaims space.)
func (d *Desk) SweepIdempotency(ctx context.Context) (int, error) {
	return d.store.SweepIdempotency(ctx, d.now())
}
