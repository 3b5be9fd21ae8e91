package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// selectBooking reads the columns scanBooking expects.
const selectBooking = `SELECT b.id, b.provider_id, b.service_id, b.start_at, b.end_at, b.blocked_until, b.status,
	b.customer_name, b.customer_email, b.customer_phone, b.created_at, b.updated_at, b.cancelled_at, b.token_version, b.erased_at, b.language FROM bookings b`

func scanBooking(row pgx.Row) (*rendezvous.Booking, error) {
	var (
		b      rendezvous.Booking
		status string
	)
	if err := row.Scan(&b.ID, &b.ProviderID, &b.ServiceID, &b.Start, &b.End, &b.BlockedUntil, &status,
		&b.Customer.Name, &b.Customer.Email, &b.Customer.Phone, &b.CreatedAt, &b.UpdatedAt, &b.CancelledAt, &b.TokenVersion, &b.ErasedAt, &b.Language); err != nil {
		return nil, err
	}
	b.Status = rendezvous.BookingStatus(status)
	return &b, nil
}

// queueBookingForUpdate queues the read of booking id, locked against
// concurrent cancels and reschedules; *out stays nil when there is none.
func queueBookingForUpdate(b *pgx.Batch, id string, out **rendezvous.Booking) {
	b.Queue(selectBooking+` WHERE b.id = $1 FOR UPDATE`, id).QueryRow(func(row pgx.Row) error {
		bk, err := scanBooking(row)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		*out = bk
		return err
	})
}

// placement is what deciding on a booking's start needs to read: the
// provider (locked FOR NO KEY UPDATE), the service, the schedule around the start
// and the active bookings that could overlap it.
type placement struct {
	provider *rendezvous.Provider
	services []rendezvous.Service
	hours    map[int64]rendezvous.WeeklyHours
	offs     map[int64][]rendezvous.TimeOff
	busy     []rendezvous.Span
}

// queuePlacement queues the reads for placing a booking of service
// serviceID of provider providerID at start; the booking with id ignore (a
// booking being moved) does not count as busy. The provider's row is read
// first and FOR NO KEY UPDATE: changes of one provider's bookings, and of
// its schedule and policy (which update that row), take turns, and every
// later read of the transaction sees what the previous turn committed — so
// a booking that lost the race reads the winner and is refused cleanly.
//
// Letting bookings of one provider run side by side (FOR SHARE) was tried
// and measured: two inserts of the same time then both pass the check,
// meet in the exclusion constraint, and each waits for the other; with a
// crowd on one slot Postgres's deadlock detector aborts them one by one
// and customers wait seconds for a 503 (storetest's SameSlotStampede).
// One provider's bookings are few; bookings of different providers, the
// throughput that matters, still run in parallel.
func queuePlacement(b *pgx.Batch, pl *placement, providerID, serviceID int64, start time.Time, ignore string) {
	pl.hours = map[int64]rendezvous.WeeklyHours{}
	pl.offs = map[int64][]rendezvous.TimeOff{}
	queueProvider(b, providerID, "FOR NO KEY UPDATE", &pl.provider)
	queueServices(b, &pl.services, `s.provider_id = $1 AND s.id = $2`, providerID, serviceID)
	queueHours(b, pl.hours, `h.provider_id = $1`, providerID)
	queueTimeOff(b, pl.offs, `t.provider_id = $1 AND t.end_at > $2`, providerID, start)
	// The service's duration and the buffer are not known yet: read every
	// booking that could reach [start, start+MaxBlockedSpan), a superset
	// of those that matter, bounded both ways so the index range-scans.
	b.Queue(`SELECT b.start_at, b.blocked_until FROM bookings b
		WHERE b.provider_id = $1 AND b.status = 'booked' AND b.id <> $2
		AND b.start_at > $3 AND b.start_at < $4 AND b.blocked_until > $5`,
		providerID, ignore, start.Add(-rendezvous.MaxBlockedSpan), start.Add(rendezvous.MaxBlockedSpan), start).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var span rendezvous.Span
				if err := rows.Scan(&span.Start, &span.End); err != nil {
					return err
				}
				pl.busy = append(pl.busy, span)
			}
			return rows.Err()
		})
}

// place checks that bk's service may start at start, as of now, with
// availability.Check, and sets bk.Start, bk.End and bk.BlockedUntil.
// Returns ENOTFOUND for an unknown provider or service, and Check's errors.
func (pl *placement) place(bk *rendezvous.Booking, start, now time.Time) error {
	if pl.provider == nil {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", bk.ProviderID)
	}
	if len(pl.services) == 0 {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "service %d of provider %d not found", bk.ServiceID, bk.ProviderID)
	}
	p := pl.provider
	sch, err := schedule(p, pl.hours[p.ID], pl.offs[p.ID])
	if err != nil {
		return err
	}
	dur := pl.services[0].Duration
	if err := availability.Check(sch, dur, start, now, pl.busy); err != nil {
		return err
	}
	end := start.Add(dur)
	bk.Start, bk.End, bk.BlockedUntil = start.UTC(), end.UTC(), end.Add(p.Policy.Buffer).UTC()
	return nil
}

// CreateBooking books b.Start for b's provider and service in one
// transaction: it reads the provider (FOR NO KEY UPDATE), service, schedule and
// nearby bookings with BEGIN, checks the start with availability.Check as
// of now, fills in End, BlockedUntil, Status and timestamps, and inserts.
// Returns ENOTFOUND for an unknown provider or service,
// EINVALID/slot_unavailable when the start is not a free slot, and
// ECONFLICT/slot_taken when another booking holds the time, also when a
// concurrent transaction wins the race and the exclusion constraint
// refuses this one.
func (s *Store) CreateBooking(ctx context.Context, b *rendezvous.Booking, now time.Time, opts ...booking.WriteOption) error {
	var (
		pl placement
		c  claim
		u  upcoming
	)
	w := booking.WriteOptionsOf(opts)
	queue := func(batch *pgx.Batch) {
		queueClaim(batch, w.Once, &c)
		queueUpcoming(batch, b.Customer, now, w.MaxUpcoming, w.Verified, &u)
		queuePlacement(batch, &pl, b.ProviderID, b.ServiceID, b.Start, "")
	}
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if err := c.check(ctx, tx, w.Once, now); err != nil {
			return err
		}
		if err := u.check(w.MaxUpcoming, w.Verified); err != nil {
			return err
		}
		if err := claimOffer(ctx, tx, w.Offer, b.ID, now); err != nil {
			return err
		}
		if err := pl.place(b, b.Start, now); err != nil {
			return err
		}
		b.Status = rendezvous.StatusBooked
		b.CreatedAt = instant(now)
		b.UpdatedAt = b.CreatedAt
		b.CancelledAt = nil
		b.TokenVersion = 1
		if b.Language == "" {
			b.Language = rendezvous.MessageLanguages()[0]
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bookings (id, provider_id, service_id, start_at, end_at, blocked_until,
			status, customer_name, customer_email, customer_phone, created_at, updated_at, language, email_verified)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)`,
			b.ID, b.ProviderID, b.ServiceID, instant(b.Start), instant(b.End), instant(b.BlockedUntil), string(b.Status),
			b.Customer.Name, b.Customer.Email, b.Customer.Phone, b.CreatedAt, b.Language, w.Verified); err != nil {
			return fmt.Errorf("create booking %s: %w", b.ID, translate(err))
		}
		if err := s.applyJobs(ctx, tx, b.ID, w.PlanOf(b)); err != nil {
			return err
		}
		return recordKey(ctx, tx, w.Once, b, now)
	})
}

// Booking returns a booking. Returns ENOTFOUND.
func (s *Store) Booking(ctx context.Context, id string) (*rendezvous.Booking, error) {
	b, err := scanBooking(s.pool.QueryRow(ctx, selectBooking+` WHERE b.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "booking %s", id)
	}
	return b, nil
}

// Bookings lists bookings matching f, ordered by start then ID, at most
// f.Limit of them (100 when unset). From and To select the bookings whose
// appointment [start, end) meets [From, To).
func (s *Store) Bookings(ctx context.Context, f rendezvous.BookingFilter) ([]*rendezvous.Booking, error) {
	var (
		where []string
		args  []any
	)
	and := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ProviderID != 0 {
		and("b.provider_id = $%d", f.ProviderID)
	}
	if f.Email != "" {
		and("b.customer_email = $%d", f.Email)
	}
	if !f.From.IsZero() {
		and("b.end_at > $%d", f.From)
	}
	if !f.To.IsZero() {
		and("b.start_at < $%d", f.To)
	}
	if f.ActiveOnly {
		where = append(where, "b.status = 'booked'")
	}
	q := selectBooking
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := s.pool.Query(ctx, q+fmt.Sprintf(` ORDER BY b.start_at, b.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list bookings: %w", translate(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*rendezvous.Booking, error) { return scanBooking(row) })
	if err != nil {
		return nil, fmt.Errorf("list bookings: %w", translate(err))
	}
	return out, nil
}

// CancelBooking frees a booking's slot and raises its token version.
// Cancelling a cancelled booking returns it unchanged. Returns ENOTFOUND,
// EUNAUTHORIZED/invalid_token when version is not 0 and not the booking's,
// and ECONFLICT/booking_not_active for an appointment that has already
// started (as the SQLite store does).
func (s *Store) CancelBooking(ctx context.Context, id string, version int, now time.Time, opts ...booking.WriteOption) (*rendezvous.Booking, error) {
	var (
		b *rendezvous.Booking
		c claim
	)
	w := booking.WriteOptionsOf(opts)
	once := w.Once
	queue := func(batch *pgx.Batch) {
		queueClaim(batch, once, &c)
		queueBookingForUpdate(batch, id, &b)
	}
	err := s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if err := c.check(ctx, tx, once, now); err != nil {
			return err
		}
		if b == nil {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "booking %s not found", id)
		}
		if err := checkVersion(b, version); err != nil {
			return err
		}
		if b.Active() {
			if !now.Before(b.Start) {
				return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonNotBooked, "the appointment has already started")
			}
			t := instant(now)
			b.Status, b.UpdatedAt, b.CancelledAt = rendezvous.StatusCancelled, t, &t
			b.TokenVersion++
			if _, err := tx.Exec(ctx, `UPDATE bookings SET status = 'cancelled', updated_at = $2, cancelled_at = $2, token_version = $3 WHERE id = $1`,
				id, t, b.TokenVersion); err != nil {
				return fmt.Errorf("cancel booking %s: %w", id, translate(err))
			}
			if err := s.applyJobs(ctx, tx, id, w.PlanOf(b)); err != nil {
				return err
			}
			if err := s.insertJobs(ctx, tx, w.FreedJobs(b.ProviderID, rendezvous.Span{Start: b.Start, End: b.BlockedUntil})); err != nil {
				return err
			}
		}
		return recordKey(ctx, tx, once, b, now)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// RescheduleBooking moves an active booking to start, with the same checks
// and guarantees as CreateBooking; its own current time does not count as
// busy; its token version rises. Returns ENOTFOUND, EUNAUTHORIZED/invalid_token
// (a version that is not 0 and not the booking's), ECONFLICT/booking_not_active
// for a cancelled or started booking, EINVALID/slot_unavailable and
// ECONFLICT/slot_taken.
func (s *Store) RescheduleBooking(ctx context.Context, id string, version int, start, now time.Time, opts ...booking.WriteOption) (*rendezvous.Booking, error) {
	var (
		b *rendezvous.Booking
		c claim
	)
	w := booking.WriteOptionsOf(opts)
	once := w.Once
	queue := func(batch *pgx.Batch) {
		queueClaim(batch, once, &c)
		queueBookingForUpdate(batch, id, &b)
	}
	err := s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if err := c.check(ctx, tx, once, now); err != nil {
			return err
		}
		if b == nil {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "booking %s not found", id)
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
		var pl placement
		batch := &pgx.Batch{}
		queuePlacement(batch, &pl, b.ProviderID, b.ServiceID, start, id)
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return fmt.Errorf("reschedule booking %s: %w", id, translate(err))
		}
		freed := rendezvous.Span{Start: b.Start, End: b.BlockedUntil}
		if err := pl.place(b, start, now); err != nil {
			return err
		}
		if err := s.insertJobs(ctx, tx, w.FreedJobs(b.ProviderID, freed)); err != nil {
			return err
		}
		b.UpdatedAt = instant(now)
		b.TokenVersion++
		if _, err := tx.Exec(ctx, `UPDATE bookings SET start_at = $2, end_at = $3, blocked_until = $4, updated_at = $5, token_version = $6 WHERE id = $1`,
			id, instant(b.Start), instant(b.End), instant(b.BlockedUntil), b.UpdatedAt, b.TokenVersion); err != nil {
			return fmt.Errorf("reschedule booking %s: %w", id, translate(err))
		}
		if err := s.applyJobs(ctx, tx, id, w.PlanOf(b)); err != nil {
			return err
		}
		return recordKey(ctx, tx, once, b, now)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// checkVersion refuses a change made with a token of another version than
// the booking's: version 0 is the desk's own change, made without a token
// (an operator's, or retention).
func checkVersion(b *rendezvous.Booking, version int) error {
	if version != 0 && version != b.TokenVersion {
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token is missing, invalid or expired")
	}
	return nil
}
