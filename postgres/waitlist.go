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

// The waitlist's entries and offers (waitlist.Store).

const entryColumns = `id, email, customer_name, customer_phone, language, kind, city, provider_id, service, service_id,
	wanted_from, wanted_to, day_from, day_to, expires_at, created_at, fulfilled_at, booking_id`

const selectEntry = `SELECT ` + entryColumns + ` FROM waitlist_entries`

func scanEntry(row pgx.Row) (*rendezvous.WaitlistEntry, error) {
	var (
		e              rendezvous.WaitlistEntry
		kind           string
		dayFrom, dayTo int16
		bookingID      *string
	)
	if err := row.Scan(&e.ID, &e.Customer.Email, &e.Customer.Name, &e.Customer.Phone, &e.Language, &kind, &e.City, &e.ProviderID,
		&e.Service, &e.ServiceID, &e.From, &e.To, &dayFrom, &dayTo, &e.ExpiresAt, &e.CreatedAt, &e.FulfilledAt, &bookingID); err != nil {
		return nil, err
	}
	e.Kind = rendezvous.Kind(kind)
	e.DayFrom, e.DayTo = rendezvous.ClockTime(dayFrom), rendezvous.ClockTime(dayTo)
	e.From, e.To, e.ExpiresAt, e.CreatedAt = e.From.UTC(), e.To.UTC(), e.ExpiresAt.UTC(), e.CreatedAt.UTC()
	if e.FulfilledAt != nil {
		t := e.FulfilledAt.UTC()
		e.FulfilledAt = &t
	}
	if bookingID != nil {
		e.BookingID = *bookingID
	}
	return &e, nil
}

// CreateWaitlistEntry inserts e unless its address holds max active
// entries, with the jobs of its joining. The address's entries are
// counted under a transaction-scoped advisory lock of the address, so
// that two inserts take turns.
func (s *Store) CreateWaitlistEntry(ctx context.Context, e *rendezvous.WaitlistEntry, max int, now time.Time, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		// The lock and the count are two statements: under READ
		// COMMITTED a statement's snapshot is taken when it starts, so a
		// count in the statement that waited for the lock would miss the
		// entry the previous holder committed.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('waitlist ' || $1, 0))`, e.Customer.Email); err != nil {
			return fmt.Errorf("waitlist entry: %w", translate(err))
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM waitlist_entries WHERE email = $1 AND fulfilled_at IS NULL AND expires_at > $2`,
			e.Customer.Email, instant(now)).Scan(&n); err != nil {
			return fmt.Errorf("waitlist entry: %w", translate(err))
		}
		if n >= max {
			return rendezvous.ErrTooManyWaitlistEntries(max)
		}
		e.CreatedAt = instant(now)
		if _, err := tx.Exec(ctx, `INSERT INTO waitlist_entries (id, email, customer_name, customer_phone, language, kind, city, city_key,
			provider_id, service, service_id, wanted_from, wanted_to, day_from, day_to, expires_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			e.ID, e.Customer.Email, e.Customer.Name, e.Customer.Phone, e.Language, string(e.Kind), e.City, rendezvous.FoldKey(e.City),
			e.ProviderID, e.Service, e.ServiceID, instant(e.From), instant(e.To), int16(e.DayFrom), int16(e.DayTo), instant(e.ExpiresAt), e.CreatedAt); err != nil {
			return fmt.Errorf("waitlist entry: %w", translate(err))
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, e))
	})
}

// WaitlistEntry returns an entry.
func (s *Store) WaitlistEntry(ctx context.Context, id string) (*rendezvous.WaitlistEntry, error) {
	e, err := scanEntry(s.pool.QueryRow(ctx, selectEntry+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "waitlist entry")
	}
	return e, nil
}

// WaitlistEntries returns every entry of an address, oldest first.
func (s *Store) WaitlistEntries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error) {
	return s.entries(ctx, selectEntry+` WHERE email = $1 ORDER BY created_at, id LIMIT 1000`, email)
}

func (s *Store) entries(ctx context.Context, q string, args ...any) ([]*rendezvous.WaitlistEntry, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("waitlist entries: %w", translate(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*rendezvous.WaitlistEntry, error) { return scanEntry(row) })
	if err != nil {
		return nil, fmt.Errorf("waitlist entries: %w", translate(err))
	}
	return out, nil
}

// DeleteWaitlistEntry deletes an entry of the address with its offers
// (ON DELETE CASCADE), and inserts the jobs of its leaving.
func (s *Store) DeleteWaitlistEntry(ctx context.Context, id, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		e, err := scanEntry(tx.QueryRow(ctx, `DELETE FROM waitlist_entries WHERE id = $1 AND email = $2 RETURNING `+entryColumns, id, email))
		if errors.Is(err, pgx.ErrNoRows) {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "waitlist entry not found")
		}
		if err != nil {
			return fmt.Errorf("delete waitlist entry: %w", translate(err))
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, e))
	})
}

// EraseWaitlist deletes every entry of an address with its offers, and
// inserts the jobs of each one's leaving.
func (s *Store) EraseWaitlist(ctx context.Context, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) (int, error) {
	var n int
	err := s.inTx(ctx, nil, func(tx pgx.Tx) error {
		// The entries are locked in the order of their ids, so that two
		// erasures of one address (or an erasure and the sweep) cannot
		// lock them in opposite orders and deadlock.
		rows, err := tx.Query(ctx, `DELETE FROM waitlist_entries WHERE id IN
			(SELECT id FROM waitlist_entries WHERE email = $1 ORDER BY id FOR UPDATE) RETURNING `+entryColumns, email)
		if err != nil {
			return fmt.Errorf("erase waitlist: %w", translate(err))
		}
		gone, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*rendezvous.WaitlistEntry, error) { return scanEntry(row) })
		if err != nil {
			return fmt.Errorf("erase waitlist: %w", translate(err))
		}
		n = len(gone)
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, gone...))
	})
	return n, err
}

// ListWaitlist returns a page of the entries f selects, oldest first.
func (s *Store) ListWaitlist(ctx context.Context, f rendezvous.WaitlistFilter) ([]*rendezvous.WaitlistEntry, error) {
	var after *time.Time
	if !f.AfterCreated.IsZero() {
		a := instant(f.AfterCreated)
		after = &a
	}
	return s.entries(ctx, selectEntry+`
		WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2))
		AND ($3 = 0 OR provider_id = $3) AND ($4 = '' OR kind = $4) AND ($5 = '' OR city_key = $5)
		AND CASE $6 WHEN 'waiting' THEN fulfilled_at IS NULL AND expires_at > $7
			WHEN 'booked' THEN fulfilled_at IS NOT NULL
			WHEN 'expired' THEN fulfilled_at IS NULL AND expires_at <= $7
			ELSE true END
		ORDER BY created_at, id LIMIT $8`,
		after, f.AfterID, f.ProviderID, string(f.Kind), rendezvous.FoldKey(f.City), f.Status, instant(f.Now), f.Limit)
}

// MatchWaitlist returns the active entries a freed span may serve.
func (s *Store) MatchWaitlist(ctx context.Context, m rendezvous.WaitlistMatch) ([]*rendezvous.WaitlistEntry, error) {
	var from, to *time.Time
	if !m.From.IsZero() {
		f, t := instant(m.From), instant(m.To)
		from, to = &f, &t
	}
	return s.entries(ctx, selectEntry+`
		WHERE fulfilled_at IS NULL AND expires_at > $1
		AND ($2::timestamptz IS NULL OR wanted_from < $2) AND ($3::timestamptz IS NULL OR wanted_to > $3)
		AND (provider_id = $4 OR (provider_id = 0 AND kind = $5 AND city_key = $6))
		ORDER BY created_at, id LIMIT $7`,
		instant(m.Now), to, from, m.ProviderID, string(m.Kind), rendezvous.FoldKey(m.City), m.Limit)
}

const selectOffer = `SELECT id, entry_id, provider_id, service_id, start_at, created_at, expires_at, sent_at, used_at, booking_id FROM waitlist_offers`

func scanOffer(row pgx.Row) (*rendezvous.WaitlistOffer, error) {
	var (
		o         rendezvous.WaitlistOffer
		bookingID *string
	)
	if err := row.Scan(&o.ID, &o.EntryID, &o.ProviderID, &o.ServiceID, &o.Start, &o.CreatedAt, &o.ExpiresAt, &o.SentAt, &o.UsedAt, &bookingID); err != nil {
		return nil, err
	}
	o.Start, o.CreatedAt, o.ExpiresAt = o.Start.UTC(), o.CreatedAt.UTC(), o.ExpiresAt.UTC()
	o.SentAt, o.UsedAt = utcPtr(o.SentAt), utcPtr(o.UsedAt)
	if bookingID != nil {
		o.BookingID = *bookingID
	}
	return &o, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateWaitlistOffer inserts o with its jobs, or returns the offer of
// the same slot made to its entry before.
func (s *Store) CreateWaitlistOffer(ctx context.Context, o *rendezvous.WaitlistOffer, jobs func(*rendezvous.WaitlistOffer) []booking.Job) (*rendezvous.WaitlistOffer, error) {
	var out *rendezvous.WaitlistOffer
	err := s.inTx(ctx, nil, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO waitlist_offers (id, entry_id, provider_id, service_id, start_at, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (entry_id, provider_id, start_at) DO NOTHING`,
			o.ID, o.EntryID, o.ProviderID, o.ServiceID, instant(o.Start), instant(o.CreatedAt), instant(o.ExpiresAt))
		if err != nil {
			return fmt.Errorf("waitlist offer: %w", translate(err))
		}
		out, err = scanOffer(tx.QueryRow(ctx, selectOffer+` WHERE entry_id = $1 AND provider_id = $2 AND start_at = $3`,
			o.EntryID, o.ProviderID, instant(o.Start)))
		if err != nil {
			// The entry was erased between the two statements.
			return notFound(err, "waitlist offer")
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, out))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WaitlistOffer returns an offer.
func (s *Store) WaitlistOffer(ctx context.Context, id string) (*rendezvous.WaitlistOffer, error) {
	o, err := scanOffer(s.pool.QueryRow(ctx, selectOffer+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "waitlist offer")
	}
	return o, nil
}

// MarkWaitlistOfferSent records that an offer's email went.
func (s *Store) MarkWaitlistOfferSent(ctx context.Context, id string, at time.Time) error {
	if _, err := s.pool.Exec(ctx, `UPDATE waitlist_offers SET sent_at = $2 WHERE id = $1`, id, instant(at)); err != nil {
		return fmt.Errorf("waitlist offer sent: %w", translate(err))
	}
	return nil
}

// SweepWaitlist deletes entries expired or fulfilled before before.
func (s *Store) SweepWaitlist(ctx context.Context, before time.Time) (int, error) {
	// In the order of the ids, as EraseWaitlist locks them.
	tag, err := s.pool.Exec(ctx, `DELETE FROM waitlist_entries WHERE id IN
		(SELECT id FROM waitlist_entries WHERE expires_at < $1 OR fulfilled_at < $1 ORDER BY id FOR UPDATE)`, instant(before))
	if err != nil {
		return 0, fmt.Errorf("sweep waitlist: %w", translate(err))
	}
	return int(tag.RowsAffected()), nil
}

// CountWaitlist returns how many entries are active at now.
func (s *Store) CountWaitlist(ctx context.Context, now time.Time) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM waitlist_entries WHERE fulfilled_at IS NULL AND expires_at > $1`, instant(now)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count waitlist: %w", translate(err))
	}
	return n, nil
}

// claimOffer marks offer id used by booking bookingID, and its entry
// fulfilled, in the booking's transaction; nothing when id is empty.
//
// It locks the entry before the offer, the order in which deleting an entry
// (leaving, erasing, sweeping) locks them through its cascade: the other
// order deadlocked a booking against its customer leaving the waitlist,
// and Postgres aborted one of them as "busy" (storetest's
// LeaveWhileBooking). The entry's lock also makes two uses of one link take
// turns: the second finds the offer used. An entry deleted meanwhile took
// its offers with it: the offer is not found.
func claimOffer(ctx context.Context, tx pgx.Tx, id, bookingID string, now time.Time) error {
	if id == "" {
		return nil
	}
	var entryID string
	err := tx.QueryRow(ctx, `SELECT e.id FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
		WHERE o.id = $1 FOR NO KEY UPDATE OF e`, id).Scan(&entryID)
	if err != nil {
		return notFound(err, "waitlist offer")
	}
	err = tx.QueryRow(ctx, `UPDATE waitlist_offers SET used_at = $2, booking_id = $3
		WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING entry_id`, id, instant(now), bookingID).Scan(&entryID)
	if errors.Is(err, pgx.ErrNoRows) {
		var used *time.Time
		if err := tx.QueryRow(ctx, `SELECT used_at FROM waitlist_offers WHERE id = $1`, id).Scan(&used); err != nil {
			return notFound(err, "waitlist offer")
		}
		if used != nil {
			return rendezvous.ErrOfferUsed()
		}
		return rendezvous.ErrOfferExpired()
	}
	if err != nil {
		return fmt.Errorf("waitlist offer: %w", translate(err))
	}
	tag, err := tx.Exec(ctx, `UPDATE waitlist_entries SET fulfilled_at = $2, booking_id = $3
		WHERE id = $1 AND fulfilled_at IS NULL AND expires_at > $2`, entryID, instant(now), bookingID)
	if err != nil {
		return fmt.Errorf("waitlist entry: %w", translate(err))
	}
	if tag.RowsAffected() == 0 {
		return rendezvous.ErrOfferExpired()
	}
	return nil
}
