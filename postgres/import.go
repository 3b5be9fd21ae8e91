package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
)

// Bounds of one COPY round: large enough that per-statement costs vanish,
// small enough to keep the entries held in memory bounded.
const (
	importBatchProviders = 1_000
	importBatchRows      = 50_000 // services, hours, time off and bookings
)

// Import bulk-loads a directory into an empty store, keeping the IDs the
// entries carry, with COPY, in one transaction: a failed import leaves the
// store empty. It holds a lock on the providers table throughout, so that
// nothing else adds a provider meanwhile, and afterwards moves the ID
// sequences past the imported IDs. Returns ECONFLICT if the store already
// has providers, ECONFLICT/slot_taken if two active bookings of a provider
// overlap, and the errors of the schema's other constraints. Entries are
// kept until their batch is written: entries must yield a new
// DirectoryEntry each time.
func (s *Store) Import(ctx context.Context, entries func(yield func(*rendezvous.DirectoryEntry) bool)) error {
	var existing int64
	queue := func(b *pgx.Batch) {
		// SHARE ROW EXCLUSIVE conflicts with every insert and with itself,
		// not with reads: the emptiness check holds until commit.
		b.Queue(`LOCK TABLE providers IN SHARE ROW EXCLUSIVE MODE`)
		b.Queue(`SELECT count(*) FROM providers`).QueryRow(func(row pgx.Row) error { return row.Scan(&existing) })
	}
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if existing > 0 {
			return rendezvous.Errorf(rendezvous.ECONFLICT, "the directory already has %d providers; import needs an empty database", existing)
		}
		var (
			batch importBatch
			err   error
		)
		now := instant(time.Now())
		entries(func(e *rendezvous.DirectoryEntry) bool {
			batch.add(e)
			if len(batch.providers) >= importBatchProviders || batch.rows() >= importBatchRows {
				err = batch.copy(ctx, tx, now)
			}
			return err == nil
		})
		if err != nil {
			return err
		}
		if err := batch.copy(ctx, tx, now); err != nil {
			return err
		}
		return resetSequences(ctx, tx)
	})
}

// importBatch holds entries flattened per table until they are copied.
type importBatch struct {
	providers []*rendezvous.Provider
	services  []*rendezvous.Service
	servedBy  []int64 // provider of services[i]
	hours     []rendezvous.OpeningInterval
	hoursOf   []int64 // provider of hours[i]
	offs      []*rendezvous.TimeOff
	offOf     []int64 // provider of offs[i]
	bookings  []*rendezvous.Booking
	bookedAt  []int64 // provider of bookings[i]
}

// add flattens e into the batch. As in the SQLite store, rows belong to
// the provider of their entry, whatever their own ProviderID says.
func (ib *importBatch) add(e *rendezvous.DirectoryEntry) {
	p := &e.Provider
	ib.providers = append(ib.providers, p)
	for i := range p.Services {
		ib.services, ib.servedBy = append(ib.services, &p.Services[i]), append(ib.servedBy, p.ID)
	}
	for _, iv := range e.Hours {
		ib.hours, ib.hoursOf = append(ib.hours, iv), append(ib.hoursOf, p.ID)
	}
	for i := range e.TimeOff {
		ib.offs, ib.offOf = append(ib.offs, &e.TimeOff[i]), append(ib.offOf, p.ID)
	}
	for i := range e.Bookings {
		ib.bookings, ib.bookedAt = append(ib.bookings, &e.Bookings[i]), append(ib.bookedAt, p.ID)
	}
}

func (ib *importBatch) rows() int {
	return len(ib.services) + len(ib.hours) + len(ib.offs) + len(ib.bookings)
}

// copy writes the batch with one COPY per table, parents first, and empties
// it. Providers created without a timestamp get now.
func (ib *importBatch) copy(ctx context.Context, tx pgx.Tx, now time.Time) error {
	if len(ib.providers) == 0 {
		return nil
	}
	first, last := ib.providers[0].ID, ib.providers[len(ib.providers)-1].ID
	tables := []struct {
		name    string
		columns []string
		rows    pgx.CopyFromSource
	}{
		{"providers", []string{"id", "name", "name_key", "kind", "city", "city_key", "address", "timezone", "languages",
			"buffer_minutes", "min_notice_minutes", "horizon_minutes", "slot_step_minutes", "created_at", "updated_at"},
			pgx.CopyFromSlice(len(ib.providers), func(i int) ([]any, error) {
				p := ib.providers[i]
				created := now
				if !p.CreatedAt.IsZero() {
					created = instant(p.CreatedAt)
				}
				return []any{p.ID, p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City, rendezvous.FoldKey(p.City),
					p.Address, p.TimeZone, languages(p.Languages), minutes(p.Policy.Buffer), minutes(p.Policy.MinNotice),
					minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), created, created}, nil
			})},
		{"services", []string{"id", "provider_id", "name", "duration_minutes", "price_cents"},
			pgx.CopyFromSlice(len(ib.services), func(i int) ([]any, error) {
				svc := ib.services[i]
				return []any{svc.ID, ib.servedBy[i], svc.Name, minutes(svc.Duration), svc.PriceCents}, nil
			})},
		{"opening_hours", []string{"provider_id", "weekday", "start_minute", "end_minute"},
			pgx.CopyFromSlice(len(ib.hours), func(i int) ([]any, error) {
				iv := ib.hours[i]
				return []any{ib.hoursOf[i], int16(iv.Weekday), int16(iv.Start), int16(iv.End)}, nil
			})},
		{"time_off", []string{"id", "provider_id", "start_at", "end_at", "reason"},
			pgx.CopyFromSlice(len(ib.offs), func(i int) ([]any, error) {
				off := ib.offs[i]
				return []any{off.ID, ib.offOf[i], instant(off.Start), instant(off.End), off.Reason}, nil
			})},
		{"bookings", []string{"id", "provider_id", "service_id", "start_at", "end_at", "blocked_until", "status",
			"customer_name", "customer_email", "customer_phone", "created_at", "updated_at", "cancelled_at"},
			pgx.CopyFromSlice(len(ib.bookings), func(i int) ([]any, error) {
				b := ib.bookings[i]
				return []any{b.ID, ib.bookedAt[i], b.ServiceID, instant(b.Start), instant(b.End), instant(b.BlockedUntil),
					string(b.Status), b.Customer.Name, b.Customer.Email, b.Customer.Phone, instant(b.CreatedAt),
					instant(b.UpdatedAt), optInstant(b.CancelledAt)}, nil
			})},
	}
	for _, t := range tables {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, t.rows); err != nil {
			return fmt.Errorf("import %s of providers %d to %d: %w", t.name, first, last, translate(err))
		}
	}
	*ib = importBatch{}
	return nil
}

// resetSequences moves the ID sequences to the largest imported IDs, so
// that rows created afterwards get fresh ones.
func resetSequences(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	for _, table := range []string{"providers", "services", "time_off"} {
		b.Queue(`SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM `+pgx.Identifier{table}.Sanitize()+
			` HAVING max(id) IS NOT NULL`, table)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("import: reset id sequences: %w", translate(err))
	}
	return nil
}
