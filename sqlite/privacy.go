package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// EraseBooking removes a booking's customer details, cancelling it when
// it is active and has not started, and raises its token version.
func (s *Store) EraseBooking(ctx context.Context, id string, version int, now time.Time, opts ...booking.WriteOption) (*booking.Erased, error) {
	w := booking.WriteOptionsOf(opts)
	var out *booking.Erased
	err := s.withTx(ctx, func(tx handle) error {
		b, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "booking %s", id)
		}
		if err := checkVersion(b, version); err != nil {
			return err
		}
		if b.ErasedAt != nil {
			out = &booking.Erased{Booking: b, Already: true}
			return nil
		}
		e := &booking.Erased{Booking: b}
		t := now.UTC().Truncate(time.Second)
		if b.Active() && now.Before(b.Start) {
			b.Status, b.CancelledAt, e.Cancelled = rendezvous.StatusCancelled, &t, true
		}
		b.Customer = rendezvous.Customer{}
		b.ErasedAt, b.UpdatedAt = &t, t
		b.TokenVersion++
		var cancelled any
		if b.CancelledAt != nil {
			cancelled = unix(*b.CancelledAt)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bookings SET status = ?, cancelled_at = ?,
			customer_name = '', customer_email = '', customer_phone = '', erased_at = ?, updated_at = ?, token_version = ?
			WHERE id = ?`, string(b.Status), cancelled, unix(t), unix(t), b.TokenVersion, id); err != nil {
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
	return out, err
}

// eraseBookingCopies deletes, inside an erasure's transaction, the other
// rows about the given bookings' customers: their idempotency records
// (migration 00004). They hold no contact details, but say when the
// customer acted, and a replay after the erasure must not answer. One
// prepared statement per booking: retention erases batches of any size.
func eraseBookingCopies(ctx context.Context, tx handle, ids []string) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE booking_id = ?`, id); err != nil {
			return fmt.Errorf("erase idempotency records of %s: %w", id, translate(err))
		}
		// Its pending jobs (a reminder, an email not sent yet) would send
		// nothing — workers skip an erased booking — but they go with it,
		// and so does the record of what was sent about it.
		if err := dropJobs(ctx, tx, id, nil); err != nil {
			return fmt.Errorf("erase jobs of %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications_sent WHERE booking_id = ?`, id); err != nil {
			return fmt.Errorf("erase sent records of %s: %w", id, translate(err))
		}
		if err := eraseWebhookDeliveries(ctx, tx, id); err != nil {
			return fmt.Errorf("erase webhook deliveries of %s: %w", id, err)
		}
	}
	return nil
}

// retentionQueries find, for each kind of booking, at most ? candidates
// through the partial indexes of migration 00005, and anonymise them.
var retentionQueries = [...]string{
	`UPDATE bookings SET customer_name = '', customer_email = '', customer_phone = '',
		erased_at = ?1, updated_at = ?1, token_version = token_version + 1
	WHERE id IN (SELECT id FROM bookings WHERE erased_at IS NULL AND status = 'booked' AND end_at < ?2 ORDER BY end_at LIMIT ?3)
	RETURNING id`,
	`UPDATE bookings SET customer_name = '', customer_email = '', customer_phone = '',
		erased_at = ?1, updated_at = ?1, token_version = token_version + 1
	WHERE id IN (SELECT id FROM bookings WHERE erased_at IS NULL AND status = 'cancelled' AND cancelled_at < ?2 ORDER BY cancelled_at LIMIT ?3)
	RETURNING id`,
}

// AnonymiseBookings erases the customer details of bookings kept past
// their retention, in one transaction.
func (s *Store) AnonymiseBookings(ctx context.Context, cut booking.RetentionCut, limit int, now time.Time) (booking.Anonymised, error) {
	var out booking.Anonymised
	err := s.withTx(ctx, func(tx handle) error {
		out = booking.Anonymised{}
		for i, before := range []time.Time{cut.Ended, cut.Cancelled} {
			if before.IsZero() || limit <= 0 {
				continue
			}
			ids, err := returnedIDs(tx.QueryContext(ctx, retentionQueries[i], unix(now), unix(before), limit))
			if err != nil {
				return fmt.Errorf("anonymise bookings: %w", err)
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
	return out, err
}

func returnedIDs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}, err error) ([]string, error) {
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		ids = append(ids, id)
	}
	return ids, translate(rows.Err())
}

// AddAuditEntry appends an entry to the audit log.
func (s *Store) AddAuditEntry(ctx context.Context, e *rendezvous.AuditEntry) error {
	if e.At.IsZero() {
		return rendezvous.Errorf(rendezvous.EINVALID, "an audit entry needs its time")
	}
	e.At = e.At.UTC().Truncate(time.Second)
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target, status, request_id) VALUES (?, ?, ?, ?, ?, ?)`,
			unix(e.At), e.Actor, e.Action, e.Target, e.Status, e.RequestID)
		if err != nil {
			return fmt.Errorf("add audit entry: %w", translate(err))
		}
		e.ID, err = res.LastInsertId()
		return translate(err)
	})
}

// AuditEntries returns audit entries after an id, in id order.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]*rendezvous.AuditEntry, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT id, at, actor, action, target, status, request_id FROM audit_log
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", translate(err))
	}
	defer rows.Close()
	var out []*rendezvous.AuditEntry
	for rows.Next() {
		var e rendezvous.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Status, &e.RequestID); err != nil {
			return nil, fmt.Errorf("audit entries: %w", translate(err))
		}
		e.At = fromUnix(at)
		out = append(out, &e)
	}
	return out, translate(rows.Err())
}

// DeleteAuditEntries deletes the oldest entries recorded before a time.
func (s *Store) DeleteAuditEntries(ctx context.Context, before time.Time, limit int) (int, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at LIMIT ?)`,
			unix(before), limit)
		if err != nil {
			return fmt.Errorf("delete audit entries: %w", translate(err))
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}
