package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// SetHours replaces a provider's weekly opening hours. Returns EINVALID
// for malformed or overlapping intervals and ENOTFOUND.
func (s *Store) SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours, opts ...booking.WriteOption) error {
	if err := hours.Validate(); err != nil {
		return err
	}
	days := make([]int16, len(hours))
	starts := make([]int16, len(hours))
	ends := make([]int16, len(hours))
	for i, iv := range hours {
		days[i], starts[i], ends[i] = int16(iv.Weekday), int16(iv.Start), int16(iv.End)
	}
	var found bool
	w := booking.WriteOptionsOf(opts)
	old := map[int64]rendezvous.WeeklyHours{}
	queue := func(b *pgx.Batch) {
		queueTouch(b, providerID, &found)
		if w.Freed != nil {
			queueHours(b, old, `h.provider_id = $1`, providerID)
		}
	}
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if !found {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", providerID)
		}
		if w.Freed != nil && hours.Opens(old[providerID]) {
			if err := s.insertJobs(ctx, tx, w.FreedJobs(providerID, rendezvous.Span{})); err != nil {
				return err
			}
		}
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM opening_hours WHERE provider_id = $1`, providerID)
		b.Queue(`INSERT INTO opening_hours (provider_id, weekday, start_minute, end_minute)
			SELECT $1, h.weekday, h.start_minute, h.end_minute
			FROM unnest($2::smallint[], $3::smallint[], $4::smallint[]) AS h (weekday, start_minute, end_minute)`,
			providerID, days, starts, ends)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("set hours of provider %d: %w", providerID, translate(err))
		}
		return nil
	})
}

// AddTimeOff records an absence of a provider, setting its ID. Returns
// EINVALID and ENOTFOUND.
func (s *Store) AddTimeOff(ctx context.Context, off *rendezvous.TimeOff) error {
	if err := rendezvous.ValidateTimeOff(off); err != nil {
		return err
	}
	var found bool
	queue := func(b *pgx.Batch) { queueTouch(b, off.ProviderID, &found) }
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if !found {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", off.ProviderID)
		}
		if err := tx.QueryRow(ctx, `INSERT INTO time_off (provider_id, start_at, end_at, reason) VALUES ($1, $2, $3, $4) RETURNING id`,
			off.ProviderID, instant(off.Start), instant(off.End), off.Reason).Scan(&off.ID); err != nil {
			return fmt.Errorf("add time off of provider %d: %w", off.ProviderID, translate(err))
		}
		return nil
	})
}

// DeleteTimeOff removes an absence. Returns ENOTFOUND when the provider
// has no such absence.
func (s *Store) DeleteTimeOff(ctx context.Context, providerID, id int64, opts ...booking.WriteOption) error {
	w := booking.WriteOptionsOf(opts)
	var found bool
	queue := func(b *pgx.Batch) { queueTouch(b, providerID, &found) }
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		notFound := rendezvous.Errorf(rendezvous.ENOTFOUND, "time off %d of provider %d not found", id, providerID)
		if !found {
			return notFound
		}
		var span rendezvous.Span
		err := tx.QueryRow(ctx, `DELETE FROM time_off WHERE provider_id = $1 AND id = $2 RETURNING start_at, end_at`, providerID, id).Scan(&span.Start, &span.End)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound
		}
		if err != nil {
			return fmt.Errorf("delete time off %d: %w", id, translate(err))
		}
		if err := s.insertJobs(ctx, tx, w.FreedJobs(providerID, span)); err != nil {
			return err
		}
		return nil
	})
}

// Schedule returns a provider's schedule with the time off that ends after
// since. Returns ENOTFOUND.
func (s *Store) Schedule(ctx context.Context, providerID int64, since time.Time) (*rendezvous.Schedule, error) {
	var (
		p     *rendezvous.Provider
		hours = map[int64]rendezvous.WeeklyHours{}
		offs  = map[int64][]rendezvous.TimeOff{}
	)
	b := &pgx.Batch{}
	queueProvider(b, providerID, "", &p)
	queueHours(b, hours, `h.provider_id = $1`, providerID)
	queueTimeOff(b, offs, `t.provider_id = $1 AND t.end_at > $2`, providerID, since)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("schedule of provider %d: %w", providerID, translate(err))
	}
	if p == nil {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", providerID)
	}
	return schedule(p, hours[p.ID], offs[p.ID])
}

// schedule assembles the schedule of p.
func schedule(p *rendezvous.Provider, hours rendezvous.WeeklyHours, offs []rendezvous.TimeOff) (*rendezvous.Schedule, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	return &rendezvous.Schedule{ProviderID: p.ID, Location: loc, Policy: p.Policy, Hours: hours, TimeOff: offs}, nil
}

// queueHours queues a read of opening hours, grouped by provider into out,
// each provider's sorted by weekday and start.
func queueHours(b *pgx.Batch, out map[int64]rendezvous.WeeklyHours, where string, args ...any) {
	b.Queue(`SELECT h.provider_id, h.weekday, h.start_minute, h.end_minute FROM opening_hours h WHERE `+where+
		` ORDER BY h.provider_id, h.weekday, h.start_minute`, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var (
				pid             int64
				day, start, end int16
			)
			if err := rows.Scan(&pid, &day, &start, &end); err != nil {
				return err
			}
			out[pid] = append(out[pid], rendezvous.OpeningInterval{
				Weekday: time.Weekday(day), Start: rendezvous.ClockTime(start), End: rendezvous.ClockTime(end),
			})
		}
		return rows.Err()
	})
}

// queueTimeOff queues a read of time off, grouped by provider into out,
// each provider's sorted by start.
func queueTimeOff(b *pgx.Batch, out map[int64][]rendezvous.TimeOff, where string, args ...any) {
	b.Queue(`SELECT t.id, t.provider_id, t.start_at, t.end_at, t.reason FROM time_off t WHERE `+where+
		` ORDER BY t.provider_id, t.start_at`, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var off rendezvous.TimeOff
			if err := rows.Scan(&off.ID, &off.ProviderID, &off.Start, &off.End, &off.Reason); err != nil {
				return err
			}
			out[off.ProviderID] = append(out[off.ProviderID], off)
		}
		return rows.Err()
	})
}

// Group returns every provider of a kind in a city (compared folded) with
// services and schedule, time off ending after since included, ordered by
// ID. It sends its four queries in one round trip, whatever the group's
// size: it fills the availability search's cache.
func (s *Store) Group(ctx context.Context, kind rendezvous.Kind, city string, since time.Time) ([]booking.ProviderSchedule, error) {
	key := rendezvous.FoldKey(city)
	// As an array computed once, the group's IDs lead the planner to probe
	// each table's provider index; as an IN (subquery) join, a large group
	// tips it into scanning whole tables.
	const inGroup = ` = ANY(ARRAY(SELECT g.id FROM providers g WHERE g.kind = $1 AND g.city_key = $2))`
	var (
		providers []*rendezvous.Provider
		svcs      []rendezvous.Service
		hours     = map[int64]rendezvous.WeeklyHours{}
		offs      = map[int64][]rendezvous.TimeOff{}
	)
	b := &pgx.Batch{}
	b.Queue(selectProvider+` WHERE p.kind = $1 AND p.city_key = $2 ORDER BY p.id`, string(kind), key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			p, err := scanProvider(rows)
			if err != nil {
				return err
			}
			providers = append(providers, p)
		}
		return rows.Err()
	})
	queueServices(b, &svcs, `s.provider_id`+inGroup, string(kind), key)
	queueHours(b, hours, `h.provider_id`+inGroup, string(kind), key)
	queueTimeOff(b, offs, `t.provider_id`+inGroup+` AND t.end_at > $3`, string(kind), key, since)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("group %s in %q: %w", kind, city, translate(err))
	}
	out := make([]booking.ProviderSchedule, 0, len(providers))
	byID := make(map[int64]*rendezvous.Provider, len(providers))
	for _, p := range providers {
		byID[p.ID] = p
	}
	// The queries see the data as of their own start: a provider created
	// between them has services but no row here, and is left for the next
	// fill.
	for _, svc := range svcs {
		if p, ok := byID[svc.ProviderID]; ok {
			p.Services = append(p.Services, svc)
		}
	}
	for _, p := range providers {
		sch, err := schedule(p, hours[p.ID], offs[p.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, booking.ProviderSchedule{Provider: p, Schedule: sch})
	}
	return out, nil
}

// BusySpans returns, for each given provider, the spans [start,
// blocked_until) of its active bookings that overlap [from, to).
// Providers without any are absent from the map.
func (s *Store) BusySpans(ctx context.Context, providerIDs []int64, from, to time.Time) (map[int64][]rendezvous.Span, error) {
	out := make(map[int64][]rendezvous.Span, len(providerIDs))
	if len(providerIDs) == 0 {
		return out, nil
	}
	// The lower bound on start_at lets the partial index range-scan: no
	// booking blocks more than MaxBlockedSpan.
	rows, err := s.pool.Query(ctx, `SELECT b.provider_id, b.start_at, b.blocked_until FROM bookings b
		WHERE b.provider_id = ANY($1) AND b.status = 'booked'
		AND b.start_at > $2 AND b.start_at < $3 AND b.blocked_until > $4
		ORDER BY b.provider_id, b.start_at`,
		providerIDs, from.Add(-rendezvous.MaxBlockedSpan), to, from)
	if err != nil {
		return nil, fmt.Errorf("busy spans: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var span rendezvous.Span
		if err := rows.Scan(&pid, &span.Start, &span.End); err != nil {
			return nil, fmt.Errorf("busy spans: %w", translate(err))
		}
		out[pid] = append(out[pid], span)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("busy spans: %w", translate(err))
	}
	return out, nil
}

// ActiveSpans calls fn with the span of every active booking that ends
// after since, in one read (the availability index's build).
func (s *Store) ActiveSpans(ctx context.Context, since time.Time, fn func(providerID int64, span rendezvous.Span)) error {
	rows, err := s.pool.Query(ctx, `SELECT provider_id, start_at, blocked_until FROM bookings
		WHERE status = 'booked' AND blocked_until > $1`, since)
	if err != nil {
		return fmt.Errorf("active spans: %w", translate(err))
	}
	defer rows.Close()
	var pid int64
	var span rendezvous.Span
	_, err = pgx.ForEachRow(rows, []any{&pid, &span.Start, &span.End}, func() error {
		fn(pid, span)
		return nil
	})
	if err != nil {
		return fmt.Errorf("active spans: %w", translate(err))
	}
	return nil
}
