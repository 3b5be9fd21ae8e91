package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// EraseBooking removes a booking's customer details, cancelling it when
// it is active and has not started, and raises its token version, with
// the booking's row locked against concurrent changes. Erasing an erased
// booking changes nothing. Returns ENOTFOUND and
// EUNAUTHORIZED/invalid_token (a version that is not 0 and not the
// booking's).
func (s *Store) EraseBooking(ctx context.Context, id string, version int, now time.Time, opts ...booking.WriteOption) (*booking.Erased, error) {
	w := booking.WriteOptionsOf(opts)
	var b *rendezvous.Booking
	var out *booking.Erased
	queue := func(batch *pgx.Batch) { queueBookingForUpdate(batch, id, &b) }
	err := s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if b == nil {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "booking %s not found", id)
		}
		if err := checkVersion(b, version); err != nil {
			return err
		}
		if b.ErasedAt != nil {
			out = &booking.Erased{Booking: b, Already: true}
			return nil
		}
		e := &booking.Erased{Booking: b}
		t := instant(now)
		if b.Active() && now.Before(b.Start) {
			b.Status, b.CancelledAt, e.Cancelled = rendezvous.StatusCancelled, &t, true
		}
		b.Customer = rendezvous.Customer{}
		b.ErasedAt, b.UpdatedAt = &t, t
		b.TokenVersion++
		if _, err := tx.Exec(ctx, `UPDATE bookings SET status = $2, cancelled_at = $3,
			customer_name = '', customer_email = '', customer_phone = '', erased_at = $4, updated_at = $4, token_version = $5
			WHERE id = $1`, id, string(b.Status), b.CancelledAt, t, b.TokenVersion); err != nil {
			return fmt.Errorf("erase booking %s: %w", id, translate(err))
		}
		if err := eraseBookingCopies(ctx, tx, []string{id}); err != nil {
			return err
		}
		if e.Cancelled {
			// A booking ahead is cancelled by its erasure: its time is
			// freed for the waitlist, and the cancellation's jobs (the
			// webhooks'; no email: there is no address left) go out.
			if err := s.insertJobs(ctx, tx, w.FreedJobs(b.ProviderID, rendezvous.Span{Start: b.Start, End: b.BlockedUntil})); err != nil {
				return err
			}
			if err := s.applyJobs(ctx, tx, id, w.PlanOf(b)); err != nil {
				return err
			}
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eraseBookingCopies deletes, inside an erasure's transaction, the other
// rows about the given bookings' customers: their idempotency records
// (migration 00004). They hold no contact details, but say when the
// customer acted, and a replay after the erasure must not answer.
func eraseBookingCopies(ctx context.Context, tx pgx.Tx, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM idempotency_keys WHERE booking_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("erase idempotency records: %w", translate(err))
	}
	// Their pending jobs (a reminder, an email not sent yet) would send
	// nothing — workers skip an erased booking — but they go with them,
	// and so does the record of what was sent about them.
	if err := dropJobs(ctx, tx, ids, nil); err != nil {
		return fmt.Errorf("erase jobs: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM notifications_sent WHERE booking_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("erase sent records: %w", translate(err))
	}
	// The webhook deliveries about them keep their log, not their
	// payloads (which name the customer); those not sent yet are skipped.
	if _, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET payload = NULL,
		state = CASE WHEN state = 'pending' THEN 'skipped' ELSE state END WHERE booking_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("erase webhook deliveries: %w", translate(err))
	}
	return nil
}

// retentionQueries find, for each kind of booking, at most $3 candidates
// through the partial indexes of migration 00005 and anonymise them. SKIP
// LOCKED lets instances running retention at once share the work; the
// locked row is checked again, so a booking is anonymised once. The
// candidates are a MATERIALIZED CTE: as an IN (subquery), the planner may
// run the subquery more than once (it did, once River's tables joined the
// schema), and each run locks and returns other rows past the limit.
var retentionQueries = [...]string{
	`WITH c AS MATERIALIZED (SELECT c.id FROM bookings c
		WHERE c.erased_at IS NULL AND c.status = 'booked' AND c.end_at < $2 ORDER BY c.end_at LIMIT $3 FOR UPDATE SKIP LOCKED)
	UPDATE bookings b SET customer_name = '', customer_email = '', customer_phone = '',
		erased_at = $1, updated_at = $1, token_version = b.token_version + 1
	FROM c WHERE b.id = c.id AND b.erased_at IS NULL
	RETURNING b.id`,
	`WITH c AS MATERIALIZED (SELECT c.id FROM bookings c
		WHERE c.erased_at IS NULL AND c.status = 'cancelled' AND c.cancelled_at < $2 ORDER BY c.cancelled_at LIMIT $3 FOR UPDATE SKIP LOCKED)
	UPDATE bookings b SET customer_name = '', customer_email = '', customer_phone = '',
		erased_at = $1, updated_at = $1, token_version = b.token_version + 1
	FROM c WHERE b.id = c.id AND b.erased_at IS NULL
	RETURNING b.id`,
}

// AnonymiseBookings erases the customer details of bookings kept past
// their retention, in one transaction.
func (s *Store) AnonymiseBookings(ctx context.Context, cut booking.RetentionCut, limit int, now time.Time) (booking.Anonymised, error) {
	var out booking.Anonymised
	err := s.inTx(ctx, nil, func(tx pgx.Tx) error {
		out = booking.Anonymised{}
		for i, before := range []time.Time{cut.Ended, cut.Cancelled} {
			if before.IsZero() || limit <= 0 {
				continue
			}
			rows, err := tx.Query(ctx, retentionQueries[i], instant(now), before, limit)
			if err != nil {
				return fmt.Errorf("anonymise bookings: %w", translate(err))
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return fmt.Errorf("anonymise bookings: %w", translate(err))
			}
			if err := eraseBookingCopies(ctx, tx, ids); err != nil {
				return err
			}
			if i == 0 {
				out.Past = len(ids)
			} else {
				out.Cancelled = len(ids)
			}
		}
		return nil
	})
	if err != nil {
		return booking.Anonymised{}, err
	}
	return out, nil
}

// AddAuditEntry appends an entry to the audit log, setting its ID.
// Returns EINVALID when a field is out of bounds or At is unset.
func (s *Store) AddAuditEntry(ctx context.Context, e *rendezvous.AuditEntry) error {
	if e.At.IsZero() {
		return rendezvous.Errorf(rendezvous.EINVALID, "an audit entry needs its time")
	}
	e.At = instant(e.At)
	if err := s.pool.QueryRow(ctx, `INSERT INTO audit_log (at, actor, action, target, status, request_id)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, e.At, e.Actor, e.Action, e.Target, e.Status, e.RequestID).Scan(&e.ID); err != nil {
		return fmt.Errorf("add audit entry: %w", translate(err))
	}
	return nil
}

// AuditEntries returns at most limit audit entries with an id above
// after, in id order.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]*rendezvous.AuditEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.at, a.actor, a.action, a.target, a.status, a.request_id FROM audit_log a
		WHERE a.id > $1 ORDER BY a.id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", translate(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*rendezvous.AuditEntry, error) {
		var e rendezvous.AuditEntry
		err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Target, &e.Status, &e.RequestID)
		return &e, err
	})
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", translate(err))
	}
	return out, nil
}

// DeleteAuditEntries deletes at most limit of the oldest entries recorded
// before a time; instances running it at once skip each other's rows.
func (s *Store) DeleteAuditEntries(ctx context.Context, before time.Time, limit int) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM audit_log WHERE id IN (SELECT a.id FROM audit_log a
		WHERE a.at < $1 ORDER BY a.at LIMIT $2 FOR UPDATE SKIP LOCKED)`, before, limit)
	if err != nil {
		return 0, fmt.Errorf("delete audit entries: %w", translate(err))
	}
	return int(tag.RowsAffected()), nil
}
