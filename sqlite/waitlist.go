package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// The waitlist's entries and offers (waitlist.Store).

const waitlistColumns = `id, email, customer_name, customer_phone, language, kind, city, provider_id, service, service_id,
	wanted_from, wanted_to, day_from, day_to, expires_at, created_at, fulfilled_at, booking_id`

func scanEntry(row interface{ Scan(...any) error }) (*rendezvous.WaitlistEntry, error) {
	var (
		e                          rendezvous.WaitlistEntry
		kind                       string
		from, to, expires, created int64
		dayFrom, dayTo             int
		fulfilled                  sql.NullInt64
		bookingID                  sql.NullString
	)
	if err := row.Scan(&e.ID, &e.Customer.Email, &e.Customer.Name, &e.Customer.Phone, &e.Language, &kind, &e.City, &e.ProviderID,
		&e.Service, &e.ServiceID, &from, &to, &dayFrom, &dayTo, &expires, &created, &fulfilled, &bookingID); err != nil {
		return nil, err
	}
	e.Kind = rendezvous.Kind(kind)
	e.From, e.To, e.ExpiresAt, e.CreatedAt = fromUnix(from), fromUnix(to), fromUnix(expires), fromUnix(created)
	e.DayFrom, e.DayTo = rendezvous.ClockTime(dayFrom), rendezvous.ClockTime(dayTo)
	if fulfilled.Valid {
		t := fromUnix(fulfilled.Int64)
		e.FulfilledAt = &t
	}
	e.BookingID = bookingID.String
	return &e, nil
}

// CreateWaitlistEntry inserts e unless its address holds max active
// entries, with the jobs of its joining.
func (s *Store) CreateWaitlistEntry(ctx context.Context, e *rendezvous.WaitlistEntry, max int, now time.Time, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error {
	return s.withTx(ctx, func(tx handle) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM waitlist_entries WHERE email = ? AND fulfilled_at IS NULL AND expires_at > ?`,
			e.Customer.Email, unix(now)).Scan(&n); err != nil {
			return translate(err)
		}
		if n >= max {
			return rendezvous.ErrTooManyWaitlistEntries(max)
		}
		e.CreatedAt = now.UTC().Truncate(time.Second)
		_, err := tx.ExecContext(ctx, `INSERT INTO waitlist_entries (id, email, customer_name, customer_phone, language, kind, city, city_key,
			provider_id, service, service_id, wanted_from, wanted_to, day_from, day_to, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.Customer.Email, e.Customer.Name, e.Customer.Phone, e.Language, string(e.Kind), e.City, rendezvous.FoldKey(e.City),
			e.ProviderID, e.Service, e.ServiceID, unix(e.From), unix(e.To), int(e.DayFrom), int(e.DayTo), unix(e.ExpiresAt), unix(e.CreatedAt))
		if err != nil {
			return translate(err)
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, e))
	})
}

// WaitlistEntry returns an entry.
func (s *Store) WaitlistEntry(ctx context.Context, id string) (*rendezvous.WaitlistEntry, error) {
	e, err := scanEntry(s.reader().QueryRowContext(ctx, `SELECT `+waitlistColumns+` FROM waitlist_entries WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "waitlist entry")
	}
	return e, nil
}

// WaitlistEntries returns every entry of an address, oldest first.
func (s *Store) WaitlistEntries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error) {
	return s.entries(ctx, `SELECT `+waitlistColumns+` FROM waitlist_entries WHERE email = ? ORDER BY created_at, id LIMIT 1000`, email)
}

func (s *Store) entries(ctx context.Context, q string, args ...any) ([]*rendezvous.WaitlistEntry, error) {
	rows, err := s.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*rendezvous.WaitlistEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, e)
	}
	return out, translate(rows.Err())
}

// DeleteWaitlistEntry deletes an entry of the address with its offers,
// and inserts the jobs of its leaving.
func (s *Store) DeleteWaitlistEntry(ctx context.Context, id, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) error {
	return s.withTx(ctx, func(tx handle) error {
		e, err := scanEntry(tx.QueryRowContext(ctx, `DELETE FROM waitlist_entries WHERE id = ? AND email = ? RETURNING `+waitlistColumns, id, email))
		if errors.Is(err, sql.ErrNoRows) {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "waitlist entry not found")
		}
		if err != nil {
			return translate(err)
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM waitlist_offers WHERE entry_id = ?`, id); err != nil {
			return translate(err)
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, e))
	})
}

// EraseWaitlist deletes every entry of an address with its offers, and
// inserts the jobs of each one's leaving.
func (s *Store) EraseWaitlist(ctx context.Context, email string, jobs func(*rendezvous.WaitlistEntry) []booking.Job) (int, error) {
	var n int
	err := s.withTx(ctx, func(tx handle) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM waitlist_offers WHERE entry_id IN (SELECT id FROM waitlist_entries WHERE email = ?)`, email); err != nil {
			return translate(err)
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM waitlist_entries WHERE email = ? RETURNING `+waitlistColumns, email)
		if err != nil {
			return translate(err)
		}
		var gone []*rendezvous.WaitlistEntry
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return translate(err)
			}
			gone = append(gone, e)
		}
		if err := rows.Close(); err != nil {
			return translate(err)
		}
		if err := rows.Err(); err != nil {
			return translate(err)
		}
		n = len(gone)
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, gone...))
	})
	return n, err
}

// ListWaitlist returns a page of the entries f selects, oldest first.
func (s *Store) ListWaitlist(ctx context.Context, f rendezvous.WaitlistFilter) ([]*rendezvous.WaitlistEntry, error) {
	q := `SELECT ` + waitlistColumns + ` FROM waitlist_entries WHERE (created_at > ? OR (created_at = ? AND id > ?))`
	after := int64(-1 << 62)
	if !f.AfterCreated.IsZero() {
		after = unix(f.AfterCreated)
	}
	args := []any{after, after, f.AfterID}
	if f.ProviderID != 0 {
		q += ` AND provider_id = ?`
		args = append(args, f.ProviderID)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if key := rendezvous.FoldKey(f.City); key != "" {
		q += ` AND city_key = ?`
		args = append(args, key)
	}
	switch f.Status {
	case rendezvous.WaitlistWaiting:
		q += ` AND fulfilled_at IS NULL AND expires_at > ?`
		args = append(args, unix(f.Now))
	case rendezvous.WaitlistBooked:
		q += ` AND fulfilled_at IS NOT NULL`
	case rendezvous.WaitlistExpired:
		q += ` AND fulfilled_at IS NULL AND expires_at <= ?`
		args = append(args, unix(f.Now))
	}
	return s.entries(ctx, q+` ORDER BY created_at, id LIMIT ?`, append(args, f.Limit)...)
}

// MatchWaitlist returns the active entries a freed span may serve.
func (s *Store) MatchWaitlist(ctx context.Context, m rendezvous.WaitlistMatch) ([]*rendezvous.WaitlistEntry, error) {
	from, to := int64(-1<<62), int64(1<<62)
	if !m.From.IsZero() {
		from, to = unix(m.From), unix(m.To)
	}
	return s.entries(ctx, `SELECT `+waitlistColumns+` FROM waitlist_entries
		WHERE fulfilled_at IS NULL AND expires_at > ? AND wanted_from < ? AND wanted_to > ?
		AND (provider_id = ? OR (provider_id = 0 AND kind = ? AND city_key = ?))
		ORDER BY created_at, id LIMIT ?`,
		unix(m.Now), to, from, m.ProviderID, string(m.Kind), rendezvous.FoldKey(m.City), m.Limit)
}

const offerColumns = `id, entry_id, provider_id, service_id, start_at, created_at, expires_at, sent_at, used_at, booking_id`

func scanOffer(row interface{ Scan(...any) error }) (*rendezvous.WaitlistOffer, error) {
	var (
		o                       rendezvous.WaitlistOffer
		start, created, expires int64
		sent, used              sql.NullInt64
		bookingID               sql.NullString
	)
	if err := row.Scan(&o.ID, &o.EntryID, &o.ProviderID, &o.ServiceID, &start, &created, &expires, &sent, &used, &bookingID); err != nil {
		return nil, err
	}
	o.Start, o.CreatedAt, o.ExpiresAt = fromUnix(start), fromUnix(created), fromUnix(expires)
	o.SentAt, o.UsedAt = nullTime(sent), nullTime(used)
	o.BookingID = bookingID.String
	return &o, nil
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromUnix(v.Int64)
	return &t
}

// CreateWaitlistOffer inserts o with its jobs, or returns the offer of
// the same slot made to its entry before.
func (s *Store) CreateWaitlistOffer(ctx context.Context, o *rendezvous.WaitlistOffer, jobs func(*rendezvous.WaitlistOffer) []booking.Job) (*rendezvous.WaitlistOffer, error) {
	var out *rendezvous.WaitlistOffer
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO waitlist_offers (id, entry_id, provider_id, service_id, start_at, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, provider_id, start_at) DO NOTHING`,
			o.ID, o.EntryID, o.ProviderID, o.ServiceID, unix(o.Start), unix(o.CreatedAt), unix(o.ExpiresAt))
		if err != nil {
			return translate(err)
		}
		added, err := res.RowsAffected()
		if err != nil {
			return translate(err)
		}
		out, err = scanOffer(tx.QueryRowContext(ctx, `SELECT `+offerColumns+` FROM waitlist_offers WHERE entry_id = ? AND provider_id = ? AND start_at = ?`,
			o.EntryID, o.ProviderID, unix(o.Start)))
		if err != nil {
			return translate(err)
		}
		if added == 0 {
			return nil
		}
		return s.insertJobs(ctx, tx, booking.JobsOf(jobs, out))
	})
	return out, err
}

// WaitlistOffer returns an offer.
func (s *Store) WaitlistOffer(ctx context.Context, id string) (*rendezvous.WaitlistOffer, error) {
	o, err := scanOffer(s.reader().QueryRowContext(ctx, `SELECT `+offerColumns+` FROM waitlist_offers WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "waitlist offer")
	}
	return o, nil
}

// MarkWaitlistOfferSent records that an offer's email went.
func (s *Store) MarkWaitlistOfferSent(ctx context.Context, id string, at time.Time) error {
	return s.withTx(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `UPDATE waitlist_offers SET sent_at = ? WHERE id = ?`, unix(at), id)
		return translate(err)
	})
}

// SweepWaitlist deletes entries expired or fulfilled before before.
func (s *Store) SweepWaitlist(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		const gone = `SELECT id FROM waitlist_entries WHERE expires_at < ? OR fulfilled_at < ?`
		if _, err := tx.ExecContext(ctx, `DELETE FROM waitlist_offers WHERE entry_id IN (`+gone+`)`, unix(before), unix(before)); err != nil {
			return translate(err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM waitlist_entries WHERE expires_at < ? OR fulfilled_at < ?`, unix(before), unix(before))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}

// CountWaitlist returns how many entries are active at now.
func (s *Store) CountWaitlist(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.reader().QueryRowContext(ctx, `SELECT count(*) FROM waitlist_entries WHERE fulfilled_at IS NULL AND expires_at > ?`, unix(now)).Scan(&n)
	return n, translate(err)
}

// claimOffer marks offer id used by booking bookingID, and its entry
// fulfilled, in the booking's transaction; nothing when id is empty.
func claimOffer(ctx context.Context, tx handle, id, bookingID string, now time.Time) error {
	if id == "" {
		return nil
	}
	var entryID string
	err := tx.QueryRowContext(ctx, `UPDATE waitlist_offers SET used_at = ?, booking_id = ?
		WHERE id = ? AND used_at IS NULL AND expires_at > ? RETURNING entry_id`, unix(now), bookingID, id, unix(now)).Scan(&entryID)
	if errors.Is(err, sql.ErrNoRows) {
		var used sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT used_at FROM waitlist_offers WHERE id = ?`, id).Scan(&used); err != nil {
			return notFound(err, "waitlist offer")
		}
		if used.Valid {
			return rendezvous.ErrOfferUsed()
		}
		return rendezvous.ErrOfferExpired()
	}
	if err != nil {
		return translate(err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE waitlist_entries SET fulfilled_at = ?, booking_id = ?
		WHERE id = ? AND fulfilled_at IS NULL AND expires_at > ?`, unix(now), bookingID, entryID, unix(now))
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return rendezvous.ErrOfferExpired()
	}
	return nil
}
