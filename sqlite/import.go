package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Import bulk-loads entries into an empty database, keeping their IDs, in
// one transaction: all or nothing. The overlap trigger and the bookings'
// secondary indexes are set aside while rows stream in and rebuilt before
// commit, after one query has checked, inside the same transaction, that
// no two active bookings of a provider overlap; three to four times faster
// than checking row by row.
func (s *Store) Import(ctx context.Context, entries func(yield func(*rendezvous.DirectoryEntry) bool)) (err error) {
	n, err := s.CountProviders(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return rendezvous.Errorf(rendezvous.ECONFLICT, "the directory already has %d providers; import needs an empty database", n)
	}
	if err := s.writeLock.lock(ctx); err != nil {
		return err
	}
	defer s.writeLock.unlock()
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return translate(err)
	}
	defer conn.Close()
	// An import is all or nothing and redone from scratch if the machine
	// fails, so it may skip the fsync of every page; FULL is restored after.
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
		return translate(err)
	}
	defer func() {
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL`)
		err = errors.Join(err, translate(rerr))
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	schema, err := bookingSchema(ctx, tx)
	if err != nil {
		return err
	}
	for _, obj := range schema {
		if _, err := tx.ExecContext(ctx, `DROP `+obj.kind+` `+obj.name); err != nil {
			return translate(err)
		}
	}
	ins, err := prepareImport(ctx, tx)
	if err != nil {
		return err
	}
	defer ins.close()
	var ierr error
	entries(func(e *rendezvous.DirectoryEntry) bool {
		ierr = ins.entry(ctx, e)
		return ierr == nil
	})
	if ierr != nil {
		return ierr
	}
	var overlaps int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT start_at, max(blocked_until) OVER (PARTITION BY provider_id ORDER BY start_at, id
			ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_until
		FROM bookings WHERE status = 'booked') WHERE start_at < previous_until`).Scan(&overlaps); err != nil {
		return translate(err)
	}
	if overlaps > 0 {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken, "the import holds %d overlapping bookings", overlaps)
	}
	for _, obj := range schema {
		if _, err := tx.ExecContext(ctx, obj.sql); err != nil {
			return translate(err)
		}
	}
	return translate(tx.Commit())
}

// schemaObject is a trigger or index as sqlite_schema records it.
type schemaObject struct{ kind, name, sql string }

// bookingSchema returns the triggers and secondary indexes of bookings
// (not the primary key's, which SQLite manages itself).
func bookingSchema(ctx context.Context, tx *sql.Tx) ([]schemaObject, error) {
	rows, err := tx.QueryContext(ctx, `SELECT upper(type), name, sql FROM sqlite_schema
		WHERE tbl_name = 'bookings' AND type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY type, name`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			return nil, translate(err)
		}
		out = append(out, o)
	}
	return out, translate(rows.Err())
}

// importer holds the prepared statements of one import.
type importer struct {
	provider, service, hours, timeOff, booking *sql.Stmt
}

func prepareImport(ctx context.Context, tx *sql.Tx) (*importer, error) {
	ins := &importer{}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&ins.provider, `INSERT INTO providers (id, name, name_key, kind, city, city_key, address, timezone, languages,
			buffer_minutes, min_notice_minutes, horizon_minutes, slot_step_minutes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.service, `INSERT INTO services (id, provider_id, name, duration_minutes, price_cents) VALUES (?, ?, ?, ?, ?)`},
		{&ins.hours, `INSERT INTO opening_hours (provider_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)`},
		{&ins.timeOff, `INSERT INTO time_off (id, provider_id, start_at, end_at, reason) VALUES (?, ?, ?, ?, ?)`},
		{&ins.booking, `INSERT INTO bookings (` + bookingColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			ins.close()
			return nil, translate(err)
		}
		*p.dst = st
	}
	return ins, nil
}

func (ins *importer) close() {
	for _, st := range []*sql.Stmt{ins.provider, ins.service, ins.hours, ins.timeOff, ins.booking} {
		if st != nil {
			st.Close()
		}
	}
}

func (ins *importer) entry(ctx context.Context, e *rendezvous.DirectoryEntry) error {
	p := &e.Provider
	now := p.CreatedAt
	if now.IsZero() {
		now = time.Now()
	}
	if _, err := ins.provider.ExecContext(ctx, p.ID, p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City,
		rendezvous.FoldKey(p.City), p.Address, p.TimeZone, strings.Join(p.Languages, ","), minutes(p.Policy.Buffer),
		minutes(p.Policy.MinNotice), minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), unix(now), unix(now)); err != nil {
		return fmt.Errorf("import provider %d: %w", p.ID, translate(err))
	}
	for _, svc := range p.Services {
		if _, err := ins.service.ExecContext(ctx, svc.ID, p.ID, svc.Name, minutes(svc.Duration), svc.PriceCents); err != nil {
			return fmt.Errorf("import service %d: %w", svc.ID, translate(err))
		}
	}
	for _, iv := range e.Hours {
		if _, err := ins.hours.ExecContext(ctx, p.ID, int(iv.Weekday), int(iv.Start), int(iv.End)); err != nil {
			return fmt.Errorf("import hours of provider %d: %w", p.ID, translate(err))
		}
	}
	for _, off := range e.TimeOff {
		if _, err := ins.timeOff.ExecContext(ctx, off.ID, p.ID, unix(off.Start), unix(off.End), off.Reason); err != nil {
			return fmt.Errorf("import time off %d: %w", off.ID, translate(err))
		}
	}
	for _, b := range e.Bookings {
		var cancelled any
		if b.CancelledAt != nil {
			cancelled = unix(*b.CancelledAt)
		}
		if _, err := ins.booking.ExecContext(ctx, b.ID, p.ID, b.ServiceID, unix(b.Start), unix(b.End), unix(b.BlockedUntil),
			string(b.Status), b.Customer.Name, b.Customer.Email, b.Customer.Phone, unix(b.CreatedAt), unix(b.UpdatedAt), cancelled, max(1, b.TokenVersion), languageOf(&b)); err != nil {
			return fmt.Errorf("import booking %s: %w", b.ID, translate(err))
		}
	}
	return nil
}

// languageOf is the language a booking is stored with: Rendezvous's
// default when it has none.
func languageOf(b *rendezvous.Booking) string {
	if b.Language == "" {
		return rendezvous.MessageLanguages()[0]
	}
	return b.Language
}
