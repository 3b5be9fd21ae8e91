package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// SetHours replaces a provider's weekly hours.
func (s *Store) SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours, opts ...booking.WriteOption) error {
	if err := hours.Validate(); err != nil {
		return err
	}
	w := booking.WriteOptionsOf(opts)
	return s.withTx(ctx, func(tx handle) error {
		if err := providerExists(ctx, tx, providerID); err != nil {
			return err
		}
		if w.Freed != nil {
			old, err := hoursOf(ctx, tx, `provider_id = ?`, providerID)
			if err != nil {
				return err
			}
			if hours.Opens(old[providerID]) {
				if err := s.insertJobs(ctx, tx, w.FreedJobs(providerID, rendezvous.Span{})); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM opening_hours WHERE provider_id = ?`, providerID); err != nil {
			return translate(err)
		}
		for _, iv := range hours {
			if _, err := tx.ExecContext(ctx, `INSERT INTO opening_hours (provider_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)`,
				providerID, int(iv.Weekday), int(iv.Start), int(iv.End)); err != nil {
				return translate(err)
			}
		}
		return touchProvider(ctx, tx, providerID)
	})
}

// AddTimeOff records an absence of a provider.
func (s *Store) AddTimeOff(ctx context.Context, off *rendezvous.TimeOff) error {
	if err := rendezvous.ValidateTimeOff(off); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx handle) error {
		if err := providerExists(ctx, tx, off.ProviderID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO time_off (provider_id, start_at, end_at, reason) VALUES (?, ?, ?, ?)`,
			off.ProviderID, unix(off.Start), unix(off.End), off.Reason)
		if err != nil {
			return translate(err)
		}
		if off.ID, err = res.LastInsertId(); err != nil {
			return translate(err)
		}
		return touchProvider(ctx, tx, off.ProviderID)
	})
}

// DeleteTimeOff removes an absence.
func (s *Store) DeleteTimeOff(ctx context.Context, providerID, id int64, opts ...booking.WriteOption) error {
	w := booking.WriteOptionsOf(opts)
	return s.withTx(ctx, func(tx handle) error {
		var start, end int64
		err := tx.QueryRowContext(ctx, `DELETE FROM time_off WHERE provider_id = ? AND id = ? RETURNING start_at, end_at`, providerID, id).Scan(&start, &end)
		if err != nil {
			return notFound(err, "time off %d of provider %d", id, providerID)
		}
		if err := s.insertJobs(ctx, tx, w.FreedJobs(providerID, rendezvous.Span{Start: fromUnix(start), End: fromUnix(end)})); err != nil {
			return err
		}
		return touchProvider(ctx, tx, providerID)
	})
}

// Schedule returns one provider's schedule.
func (s *Store) Schedule(ctx context.Context, providerID int64, since time.Time) (*rendezvous.Schedule, error) {
	p, err := scanProvider(s.reader().QueryRowContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE p.id = ?`, providerID))
	if err != nil {
		return nil, notFound(err, "provider %d", providerID)
	}
	return scheduleOf(ctx, s.reader(), p, since)
}

// scheduleOf loads the hours and time off of p.
func scheduleOf(ctx context.Context, q handle, p *rendezvous.Provider, since time.Time) (*rendezvous.Schedule, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	sch := &rendezvous.Schedule{ProviderID: p.ID, Location: loc, Policy: p.Policy}
	hours, err := hoursOf(ctx, q, `provider_id = ?`, p.ID)
	if err != nil {
		return nil, err
	}
	sch.Hours = hours[p.ID]
	offs, err := timeOffOf(ctx, q, `provider_id = ? AND end_at > ?`, p.ID, unix(since))
	if err != nil {
		return nil, err
	}
	sch.TimeOff = offs[p.ID]
	return sch, nil
}

func hoursOf(ctx context.Context, q handle, where string, args ...any) (map[int64]rendezvous.WeeklyHours, error) {
	rows, err := q.QueryContext(ctx, `SELECT provider_id, weekday, start_minute, end_minute FROM opening_hours WHERE `+where+
		` ORDER BY provider_id, weekday, start_minute`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[int64]rendezvous.WeeklyHours{}
	for rows.Next() {
		var pid int64
		var iv rendezvous.OpeningInterval
		if err := rows.Scan(&pid, &iv.Weekday, &iv.Start, &iv.End); err != nil {
			return nil, translate(err)
		}
		out[pid] = append(out[pid], iv)
	}
	return out, translate(rows.Err())
}

func timeOffOf(ctx context.Context, q handle, where string, args ...any) (map[int64][]rendezvous.TimeOff, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, provider_id, start_at, end_at, reason FROM time_off WHERE `+where+
		` ORDER BY provider_id, start_at`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[int64][]rendezvous.TimeOff{}
	for rows.Next() {
		var off rendezvous.TimeOff
		var start, end int64
		if err := rows.Scan(&off.ID, &off.ProviderID, &start, &end, &off.Reason); err != nil {
			return nil, translate(err)
		}
		off.Start, off.End = fromUnix(start), fromUnix(end)
		out[off.ProviderID] = append(out[off.ProviderID], off)
	}
	return out, translate(rows.Err())
}

// Group loads every provider of a kind in a city with services and
// schedules, in four queries whatever the group's size.
func (s *Store) Group(ctx context.Context, kind rendezvous.Kind, city string, since time.Time) ([]booking.ProviderSchedule, error) {
	key := rendezvous.FoldKey(city)
	rows, err := s.reader().QueryContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE p.kind = ? AND p.city_key = ? ORDER BY p.id`, string(kind), key)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []booking.ProviderSchedule
	byID := map[int64]booking.ProviderSchedule{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, translate(err)
		}
		loc, err := p.Location()
		if err != nil {
			return nil, err
		}
		ps := booking.ProviderSchedule{Provider: p, Schedule: &rendezvous.Schedule{ProviderID: p.ID, Location: loc, Policy: p.Policy}}
		out = append(out, ps)
		byID[p.ID] = ps
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	rows.Close()
	const inGroup = `provider_id IN (SELECT id FROM providers WHERE kind = ? AND city_key = ?)`
	svcs, err := servicesOf(ctx, s.reader(), inGroup, string(kind), key)
	if err != nil {
		return nil, err
	}
	for _, svc := range svcs {
		if ps, ok := byID[svc.ProviderID]; ok {
			ps.Provider.Services = append(ps.Provider.Services, svc)
		}
	}
	hours, err := hoursOf(ctx, s.reader(), inGroup, string(kind), key)
	if err != nil {
		return nil, err
	}
	offs, err := timeOffOf(ctx, s.reader(), inGroup+` AND end_at > ?`, string(kind), key, unix(since))
	if err != nil {
		return nil, err
	}
	for id, ps := range byID {
		ps.Schedule.Hours = hours[id]
		ps.Schedule.TimeOff = offs[id]
	}
	return out, nil
}

// BusySpans returns the active bookings' spans of the given providers that
// overlap [from, to).
func (s *Store) BusySpans(ctx context.Context, providerIDs []int64, from, to time.Time) (map[int64][]rendezvous.Span, error) {
	out := make(map[int64][]rendezvous.Span, len(providerIDs))
	if len(providerIDs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(providerIDs)+3)
	for _, id := range providerIDs {
		args = append(args, id)
	}
	// The lower bound on start_at lets the index range-scan: no booking
	// blocks more than MaxBlockedSpan.
	args = append(args, unix(from.Add(-rendezvous.MaxBlockedSpan)), unix(to), unix(from))
	rows, err := s.reader().QueryContext(ctx, `SELECT provider_id, start_at, blocked_until FROM bookings
		WHERE provider_id IN (`+placeholders(len(providerIDs))+`) AND status = 'booked'
		AND start_at > ? AND start_at < ? AND blocked_until > ?`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, start, until int64
		if err := rows.Scan(&pid, &start, &until); err != nil {
			return nil, translate(err)
		}
		out[pid] = append(out[pid], rendezvous.Span{Start: fromUnix(start), End: fromUnix(until)})
	}
	return out, translate(rows.Err())
}

// ActiveSpans calls fn with the span of every active booking that ends
// after since, in one read (the availability index's build).
func (s *Store) ActiveSpans(ctx context.Context, since time.Time, fn func(providerID int64, span rendezvous.Span)) error {
	rows, err := s.reader().QueryContext(ctx, `SELECT provider_id, start_at, blocked_until FROM bookings
		WHERE status = 'booked' AND blocked_until > ?`, unix(since))
	if err != nil {
		return fmt.Errorf("active spans: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var pid, start, until int64
		if err := rows.Scan(&pid, &start, &until); err != nil {
			return fmt.Errorf("active spans: %w", translate(err))
		}
		fn(pid, rendezvous.Span{Start: fromUnix(start), End: fromUnix(until)})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("active spans: %w", translate(err))
	}
	return nil
}
