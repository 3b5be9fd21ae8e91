package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Changes of one key, and bookings of one customer, run on many
// connections at once here, so each takes a transaction-scoped advisory
// lock.
//
// A key is claimed with pg_try_advisory_xact_lock: a change that finds the
// key held is answered idempotency_key_in_flight at once, and never waits
// for the holder to commit and then finds the slot taken by its own
// booking. The lock is taken in a statement before the one that looks for
// the key's record, so that a change that gets the lock as the holder
// commits sees the holder's record (a statement sees what committed before
// it began; a lock is released only after its commit is visible).
//
// A booking locks its customer's email address and phone number
// (pg_advisory_xact_lock, waiting) before counting their upcoming
// bookings, so that two bookings of one customer cannot both pass the
// count. Only bookings take these locks, always email before phone, and
// before their provider's row: a transaction waiting for one holds no
// lock another needs, so they cannot deadlock.

// Classes of the two-key advisory locks (whose space is apart from the
// one-key locks of idempotency keys and migrations).
const (
	lockClassEmail int32 = 0x52445645 // "RDVE"
	lockClassPhone int32 = 0x52445650 // "RDVP"
)

// claim is the result of queueClaim.
type claim struct {
	locked  bool
	expires *time.Time // the key's record, when it has one
}

// queueClaim queues the claim of o's key (nil: nothing to claim).
func queueClaim(b *pgx.Batch, o *booking.Idempotency, c *claim) {
	if o == nil {
		return
	}
	b.Queue(`SELECT pg_try_advisory_xact_lock($1)`, keyLockID(o)).QueryRow(func(row pgx.Row) error {
		return row.Scan(&c.locked)
	})
	b.Queue(`SELECT k.expires_at FROM idempotency_keys k WHERE k.scope = $1 AND k.key_hash = $2`, o.Scope, o.KeyHash).
		QueryRow(func(row pgx.Row) error {
			var t time.Time
			err := row.Scan(&t)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			c.expires = &t
			return err
		})
}

// check refuses a key held by another change or recorded, and deletes the
// key's expired record.
func (c *claim) check(ctx context.Context, tx pgx.Tx, o *booking.Idempotency, now time.Time) error {
	if o == nil {
		return nil
	}
	if !c.locked || (c.expires != nil && c.expires.After(now)) {
		return booking.ErrIdempotencyKeyInFlight()
	}
	if c.expires != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM idempotency_keys WHERE scope = $1 AND key_hash = $2`, o.Scope, o.KeyHash); err != nil {
			return fmt.Errorf("expired idempotency key: %w", translate(err))
		}
	}
	return nil
}

// keyLockID is the advisory lock of a key: 64 bits of the hash of its
// scope and key hash.
func keyLockID(o *booking.Idempotency) int64 {
	h := sha256.New()
	h.Write([]byte(o.Scope))
	h.Write([]byte{0})
	h.Write(o.KeyHash)
	return int64(binary.BigEndian.Uint64(h.Sum(nil)))
}

// recordKey inserts, in tx, the record of the change made with o's key
// that left b so.
func recordKey(ctx context.Context, tx pgx.Tx, o *booking.Idempotency, b *rendezvous.Booking, now time.Time) error {
	if o == nil {
		return nil
	}
	rec, err := o.Record(b, now)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO idempotency_keys (scope, key_hash, fingerprint, booking_id, outcome, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		rec.Scope, rec.KeyHash, rec.Fingerprint, rec.BookingID, string(rec.Outcome), rec.CreatedAt, rec.ExpiresAt)
	if err != nil {
		if rendezvous.ErrorCodeOf(translate(err)) == rendezvous.ECONFLICT {
			return booking.ErrIdempotencyKeyInFlight()
		}
		return fmt.Errorf("record idempotency key: %w", translate(err))
	}
	return nil
}

// upcoming is the result of queueUpcoming.
type upcoming struct {
	byEmail, byPhone int
}

// queueUpcoming queues the locks of a customer and the counts of their
// upcoming bookings, each stopping at max (max ≤ 0: nothing to count).
func queueUpcoming(b *pgx.Batch, c rendezvous.Customer, now time.Time, max int, verified bool, u *upcoming) {
	if max <= 0 {
		return
	}
	b.Queue(`SELECT pg_advisory_xact_lock($1, $2), pg_advisory_xact_lock($3, $4)`,
		lockClassEmail, hash32(c.Email), lockClassPhone, hash32(c.Phone))
	b.Queue(`SELECT
		(SELECT count(*) FROM (SELECT 1 FROM bookings b WHERE b.customer_email = $1 AND b.status = 'booked' AND b.end_at > $3 AND b.email_verified = $5 LIMIT $4) e),
		(SELECT count(*) FROM (SELECT 1 FROM bookings b WHERE b.customer_phone = $2 AND b.status = 'booked' AND b.end_at > $3 AND b.email_verified = $5 LIMIT $4) p)`,
		c.Email, c.Phone, now, max, verified).QueryRow(func(row pgx.Row) error {
		return row.Scan(&u.byEmail, &u.byPhone)
	})
}

// check refuses a booking past the cap. A proved address is the
// customer's: its phone does not cap it (the phone is not proved, and
// anyone may give it).
func (u *upcoming) check(max int, verified bool) error {
	if max > 0 && (u.byEmail >= max || !verified && u.byPhone >= max) {
		return booking.ErrTooManyBookings(max, verified)
	}
	return nil
}

func hash32(s string) int32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int32(h.Sum32())
}

// IdempotencyRecord returns the unexpired record of a key.
func (s *Store) IdempotencyRecord(ctx context.Context, scope string, keyHash []byte, now time.Time) (*booking.IdempotencyRecord, error) {
	var (
		rec     booking.IdempotencyRecord
		outcome string
	)
	err := s.pool.QueryRow(ctx, `SELECT k.scope, k.key_hash, k.fingerprint, k.booking_id, k.outcome::text, k.created_at, k.expires_at
		FROM idempotency_keys k WHERE k.scope = $1 AND k.key_hash = $2 AND k.expires_at > $3`, scope, keyHash, now).
		Scan(&rec.Scope, &rec.KeyHash, &rec.Fingerprint, &rec.BookingID, &outcome, &rec.CreatedAt, &rec.ExpiresAt)
	if err != nil {
		return nil, notFound(err, "idempotency key")
	}
	rec.Outcome = []byte(outcome)
	return &rec, nil
}

// SweepIdempotency deletes the expired records.
func (s *Store) SweepIdempotency(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("sweep idempotency keys: %w", translate(err))
	}
	return int(tag.RowsAffected()), nil
}
