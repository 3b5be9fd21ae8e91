package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// SQLite has one writer: a change's transaction sees every change
// committed before it, and none runs beside it. Claiming a key is
// therefore a look at the table, and counting a customer's bookings needs
// no lock. (Two changes with one key in one batch of the writer meet in
// the same transaction: the second finds the first's record and is
// answered idempotency_key_in_flight, since that record commits with the
// batch.)

// claimKey makes o's key available to a change in tx: it deletes the
// key's expired record, and refuses a key that has a record.
func claimKey(ctx context.Context, tx handle, o *booking.Idempotency, now time.Time) error {
	if o == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND key_hash = ? AND expires_at <= ?`,
		o.Scope, o.KeyHash, unix(now)); err != nil {
		return translate(err)
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM idempotency_keys WHERE scope = ? AND key_hash = ?`, o.Scope, o.KeyHash).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return translate(err)
	}
	return booking.ErrIdempotencyKeyInFlight()
}

// recordKey inserts, in tx, the record of the change made with o's key
// that left b so.
func recordKey(ctx context.Context, tx handle, o *booking.Idempotency, b *rendezvous.Booking, now time.Time) error {
	if o == nil {
		return nil
	}
	rec, err := o.Record(b, now)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key_hash, fingerprint, booking_id, outcome, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		rec.Scope, rec.KeyHash, rec.Fingerprint, rec.BookingID, string(rec.Outcome), unix(rec.CreatedAt), unix(rec.ExpiresAt))
	if rendezvous.ErrorCodeOf(translate(err)) == rendezvous.ECONFLICT {
		return booking.ErrIdempotencyKeyInFlight()
	}
	return translate(err)
}

// checkUpcoming refuses a booking of c when their email address or their
// phone number already has max active bookings that end after now.
func checkUpcoming(ctx context.Context, tx handle, c rendezvous.Customer, now time.Time, max int, verified bool) error {
	if max <= 0 {
		return nil
	}
	var byEmail, byPhone int
	// Each count stops at max: a hoarder's thousand bookings cost no more
	// to refuse than five.
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM bookings WHERE customer_email = ? AND status = 'booked' AND end_at > ? AND email_verified = ? LIMIT ?)),
		(SELECT count(*) FROM (SELECT 1 FROM bookings WHERE customer_phone = ? AND status = 'booked' AND end_at > ? AND email_verified = ? LIMIT ?))`,
		c.Email, unix(now), verified, max, c.Phone, unix(now), verified, max).Scan(&byEmail, &byPhone); err != nil {
		return translate(err)
	}
	// A proved address is the customer's: its phone does not cap it (the
	// phone is not proved, and anyone may give it).
	if byEmail >= max || !verified && byPhone >= max {
		return booking.ErrTooManyBookings(max, verified)
	}
	return nil
}

// IdempotencyRecord returns the unexpired record of a key.
func (s *Store) IdempotencyRecord(ctx context.Context, scope string, keyHash []byte, now time.Time) (*booking.IdempotencyRecord, error) {
	var (
		rec              booking.IdempotencyRecord
		outcome          string
		created, expires int64
	)
	err := s.reader().QueryRowContext(ctx, `SELECT scope, key_hash, fingerprint, booking_id, outcome, created_at, expires_at
		FROM idempotency_keys WHERE scope = ? AND key_hash = ? AND expires_at > ?`, scope, keyHash, unix(now)).
		Scan(&rec.Scope, &rec.KeyHash, &rec.Fingerprint, &rec.BookingID, &outcome, &created, &expires)
	if err != nil {
		return nil, notFound(err, "idempotency key")
	}
	rec.Outcome, rec.CreatedAt, rec.ExpiresAt = []byte(outcome), fromUnix(created), fromUnix(expires)
	return &rec, nil
}

// SweepIdempotency deletes the expired records.
func (s *Store) SweepIdempotency(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= ?`, unix(now))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}
