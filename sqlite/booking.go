package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
	"github.com/rendezvous-oss/rendezvous/booking"
)

const bookingColumns = `id, provider_id, service_id, start_at, end_at, blocked_until, status,
	customer_name, customer_email, customer_phone, created_at, updated_at, cancelled_at, token_version, erased_at, language`

func scanBooking(row interface{ Scan(...any) error }) (*rendezvous.Booking, error) {
	var (
		b                                  rendezvous.Booking
		start, end, until, created, update int64
		status                             string
		cancelled, erased                  sql.NullInt64
	)
	if err := row.Scan(&b.ID, &b.ProviderID, &b.ServiceID, &start, &end, &until, &status,
		&b.Customer.Name, &b.Customer.Email, &b.Customer.Phone, &created, &update, &cancelled, &b.TokenVersion, &erased, &b.Language); err != nil {
		return nil, err
	}
	b.Start, b.End, b.BlockedUntil = fromUnix(start), fromUnix(end), fromUnix(until)
	b.Status = rendezvous.BookingStatus(status)
	b.CreatedAt, b.UpdatedAt = fromUnix(created), fromUnix(update)
	if cancelled.Valid {
		t := fromUnix(cancelled.Int64)
		b.CancelledAt = &t
	}
	if erased.Valid {
		t := fromUnix(erased.Int64)
		b.ErasedAt = &t
	}
	return &b, nil
}

// placeBooking validates start for b's provider and service inside tx and
// sets b.Start, b.End and b.BlockedUntil. The booking with id ignore (a
// booking being moved) does not count as busy.
func (s *Store) placeBooking(ctx context.Context, tx handle, b *rendezvous.Booking, start, now time.Time, ignore string) error {
	p, err := scanProvider(tx.QueryRowContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE p.id = ?`, b.ProviderID))
	if err != nil {
		return notFound(err, "provider %d", b.ProviderID)
	}
	svcs, err := servicesOf(ctx, tx, `provider_id = ? AND id = ?`, b.ProviderID, b.ServiceID)
	if err != nil {
		return err
	}
	if len(svcs) == 0 {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "service %d of provider %d not found", b.ServiceID, b.ProviderID)
	}
	sch, err := scheduleOf(ctx, tx, p, start)
	if err != nil {
		return err
	}
	dur := svcs[0].Duration
	end := start.Add(dur)
	rows, err := tx.QueryContext(ctx, `SELECT start_at, blocked_until FROM bookings
		WHERE provider_id = ? AND status = 'booked' AND id <> ?
		AND start_at > ? AND start_at < ? AND blocked_until > ?`,
		b.ProviderID, ignore, unix(start.Add(-rendezvous.MaxBlockedSpan)), unix(end.Add(p.Policy.Buffer)), unix(start))
	if err != nil {
		return translate(err)
	}
	var busy []rendezvous.Span
	for rows.Next() {
		var bs, bu int64
		if err := rows.Scan(&bs, &bu); err != nil {
			rows.Close()
			return translate(err)
		}
		busy = append(busy, rendezvous.Span{Start: fromUnix(bs), End: fromUnix(bu)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	if err := availability.Check(sch, dur, start, now, busy); err != nil {
		return err
	}
	b.Start, b.End, b.BlockedUntil = start.UTC(), end.UTC(), end.Add(p.Policy.Buffer).UTC()
	return nil
}

// Booking returns one booking.
func (s *Store) Booking(ctx context.Context, id string) (*rendezvous.Booking, error) {
	b, err := scanBooking(s.reader().QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "booking %s", id)
	}
	return b, nil
}

// Bookings lists bookings matching f, ordered by start.
func (s *Store) Bookings(ctx context.Context, f rendezvous.BookingFilter) ([]*rendezvous.Booking, error) {
	var where []string
	var args []any
	if f.ProviderID != 0 {
		where, args = append(where, "provider_id = ?"), append(args, f.ProviderID)
	}
	if f.Email != "" {
		where, args = append(where, "customer_email = ?"), append(args, f.Email)
	}
	if !f.From.IsZero() {
		where, args = append(where, "end_at > ?"), append(args, unix(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "start_at < ?"), append(args, unix(f.To))
	}
	if f.ActiveOnly {
		where = append(where, "status = 'booked'")
	}
	q := `SELECT ` + bookingColumns + ` FROM bookings`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.reader().QueryContext(ctx, q+` ORDER BY start_at, id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*rendezvous.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, b)
	}
	return out, translate(rows.Err())
}

// CancelBooking marks a booking cancelled and raises its token version.
func (s *Store) CancelBooking(ctx context.Context, id string, version int, now time.Time, opts ...booking.WriteOption) (*rendezvous.Booking, error) {
	var out *rendezvous.Booking
	w := booking.WriteOptionsOf(opts)
	once := w.Once
	err := s.withTx(ctx, func(tx handle) error {
		if err := claimKey(ctx, tx, once, now); err != nil {
			return err
		}
		b, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "booking %s", id)
		}
		if err := checkVersion(b, version); err != nil {
			return err
		}
		if b.Active() {
			if !now.Before(b.Start) {
				return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonNotBooked, "the appointment has already started")
			}
			t := now.UTC().Truncate(time.Second)
			b.Status, b.UpdatedAt, b.CancelledAt = rendezvous.StatusCancelled, t, &t
			b.TokenVersion++
			if _, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'cancelled', updated_at = ?, cancelled_at = ?, token_version = ? WHERE id = ?`,
				unix(t), unix(t), b.TokenVersion, id); err != nil {
				return translate(err)
			}
			if err := s.applyJobs(ctx, tx, id, w.PlanOf(b)); err != nil {
				return err
			}
			if err := s.insertJobs(ctx, tx, w.FreedJobs(b.ProviderID, rendezvous.Span{Start: b.Start, End: b.BlockedUntil})); err != nil {
				return err
			}
		}
		if err := recordKey(ctx, tx, once, b, now); err != nil {
			return err
		}
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RescheduleBooking moves an active booking and raises its token version.
func (s *Store) RescheduleBooking(ctx context.Context, id string, version int, start, now time.Time, opts ...booking.WriteOption) (*rendezvous.Booking, error) {
	var out *rendezvous.Booking
	w := booking.WriteOptionsOf(opts)
	once := w.Once
	err := s.withTx(ctx, func(tx handle) error {
		if err := claimKey(ctx, tx, once, now); err != nil {
			return err
		}
		b, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "booking %s", id)
		}
		if err := checkVersion(b, version); err != nil {
			return err
		}
		if !b.Active() {
			return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonNotBooked, "the booking is cancelled")
		}
		if !now.Before(b.Start) {
			return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonNotBooked, "the appointment has already started")
		}
		freed := rendezvous.Span{Start: b.Start, End: b.BlockedUntil}
		if err := s.placeBooking(ctx, tx, b, start, now, id); err != nil {
			return err
		}
		if err := s.insertJobs(ctx, tx, w.FreedJobs(b.ProviderID, freed)); err != nil {
			return err
		}
		b.UpdatedAt = now.UTC().Truncate(time.Second)
		b.TokenVersion++
		if _, err := tx.ExecContext(ctx, `UPDATE bookings SET start_at = ?, end_at = ?, blocked_until = ?, updated_at = ?, token_version = ? WHERE id = ?`,
			unix(b.Start), unix(b.End), unix(b.BlockedUntil), unix(b.UpdatedAt), b.TokenVersion, id); err != nil {
			return translate(err)
		}
		if err := s.applyJobs(ctx, tx, id, w.PlanOf(b)); err != nil {
			return err
		}
		if err := recordKey(ctx, tx, once, b, now); err != nil {
			return err
		}
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkVersion refuses a change made with a token of an older (or newer)
// version than the booking's: version 0 is the desk's own change, made
// without a token (an operator's, or retention).
func checkVersion(b *rendezvous.Booking, version int) error {
	if version != 0 && version != b.TokenVersion {
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token is missing, invalid or expired")
	}
	return nil
}
