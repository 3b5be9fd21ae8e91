package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rendezvous-oss/rendezvous"
)

// selectProvider reads the columns scanProvider expects.
const selectProvider = `SELECT p.id, p.name, p.kind, p.city, p.address, p.timezone, p.languages,
	p.buffer_minutes, p.min_notice_minutes, p.horizon_minutes, p.slot_step_minutes,
	p.created_at, p.updated_at FROM providers p`

// scanProvider reads one row of selectProvider. The provider's Services
// are an empty list, for the caller to fill.
func scanProvider(row pgx.Row) (*rendezvous.Provider, error) {
	var (
		p                             rendezvous.Provider
		kind                          string
		buffer, notice, horizon, step int64
	)
	if err := row.Scan(&p.ID, &p.Name, &kind, &p.City, &p.Address, &p.TimeZone, &p.Languages,
		&buffer, &notice, &horizon, &step, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.Kind = rendezvous.Kind(kind)
	if p.Languages == nil {
		p.Languages = []string{}
	}
	p.Policy = rendezvous.BookingPolicy{
		Buffer:    time.Duration(buffer) * time.Minute,
		MinNotice: time.Duration(notice) * time.Minute,
		Horizon:   time.Duration(horizon) * time.Minute,
		SlotStep:  time.Duration(step) * time.Minute,
	}
	p.Services = []rendezvous.Service{}
	return &p, nil
}

// queueProvider queues the read of provider id, locked as lock says ("",
// "FOR SHARE", "FOR NO KEY UPDATE"); *out stays nil when there is none.
func queueProvider(b *pgx.Batch, id int64, lock string, out **rendezvous.Provider) {
	b.Queue(selectProvider+` WHERE p.id = $1 `+lock, id).QueryRow(func(row pgx.Row) error {
		p, err := scanProvider(row)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		*out = p
		return err
	})
}

// selectService reads the columns scanService expects.
const selectService = `SELECT s.id, s.provider_id, s.name, s.duration_minutes, s.price_cents FROM services s`

func scanService(row pgx.Row) (rendezvous.Service, error) {
	var svc rendezvous.Service
	var dur int64
	if err := row.Scan(&svc.ID, &svc.ProviderID, &svc.Name, &dur, &svc.PriceCents); err != nil {
		return rendezvous.Service{}, err
	}
	svc.Duration = time.Duration(dur) * time.Minute
	return svc, nil
}

// queueServices queues a read of services, ordered by id, appending them
// to *out.
func queueServices(b *pgx.Batch, out *[]rendezvous.Service, where string, args ...any) {
	b.Queue(selectService+` WHERE `+where+` ORDER BY s.id`, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			svc, err := scanService(rows)
			if err != nil {
				return err
			}
			*out = append(*out, svc)
		}
		return rows.Err()
	})
}

// CreateProvider inserts p and its services, setting their IDs, the
// services' ProviderID and p's timestamps. Returns EINVALID when a value
// breaks a bound of the schema.
func (s *Store) CreateProvider(ctx context.Context, p *rendezvous.Provider) error {
	if err := rendezvous.ValidateNewProvider(p); err != nil {
		return err
	}
	now := instant(time.Now())
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO providers
			(name, name_key, kind, city, city_key, address, timezone, languages,
			 buffer_minutes, min_notice_minutes, horizon_minutes, slot_step_minutes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City, rendezvous.FoldKey(p.City), p.Address,
			p.TimeZone, languages(p.Languages), minutes(p.Policy.Buffer), minutes(p.Policy.MinNotice),
			minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), now).Scan(&p.ID); err != nil {
			return fmt.Errorf("create provider: %w", translate(err))
		}
		p.CreatedAt, p.UpdatedAt = now, now
		if len(p.Services) == 0 {
			return nil
		}
		b := &pgx.Batch{}
		for i := range p.Services {
			svc := &p.Services[i]
			svc.ProviderID = p.ID
			queueInsertService(b, svc)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("create services of provider %d: %w", p.ID, translate(err))
		}
		return nil
	})
}

// queueInsertService queues the insert of svc, which sets svc.ID.
func queueInsertService(b *pgx.Batch, svc *rendezvous.Service) {
	b.Queue(`INSERT INTO services (provider_id, name, duration_minutes, price_cents) VALUES ($1, $2, $3, $4) RETURNING id`,
		svc.ProviderID, svc.Name, minutes(svc.Duration), svc.PriceCents).QueryRow(func(row pgx.Row) error {
		return row.Scan(&svc.ID)
	})
}

// UpdateProvider changes the fields set in upd and returns the provider
// with its services. Returns ENOTFOUND, and EINVALID when the result is
// not a valid provider. Bookings of the provider in flight finish first.
func (s *Store) UpdateProvider(ctx context.Context, id int64, upd rendezvous.ProviderUpdate) (*rendezvous.Provider, error) {
	var p *rendezvous.Provider
	queue := func(b *pgx.Batch) {
		queueProvider(b, id, "FOR NO KEY UPDATE", &p)
	}
	err := s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if p == nil {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", id)
		}
		applyProviderUpdate(p, upd)
		if err := rendezvous.ValidateProvider(p); err != nil {
			return err
		}
		p.UpdatedAt = instant(time.Now())
		b := &pgx.Batch{}
		b.Queue(`UPDATE providers SET name = $2, name_key = $3, kind = $4, city = $5, city_key = $6,
			address = $7, timezone = $8, languages = $9, buffer_minutes = $10, min_notice_minutes = $11,
			horizon_minutes = $12, slot_step_minutes = $13, updated_at = $14 WHERE id = $1`,
			id, p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City, rendezvous.FoldKey(p.City), p.Address,
			p.TimeZone, languages(p.Languages), minutes(p.Policy.Buffer), minutes(p.Policy.MinNotice),
			minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), p.UpdatedAt)
		queueServices(b, &p.Services, `s.provider_id = $1`, id)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("update provider %d: %w", id, translate(err))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func applyProviderUpdate(p *rendezvous.Provider, upd rendezvous.ProviderUpdate) {
	if upd.Name != nil {
		p.Name = *upd.Name
	}
	if upd.Kind != nil {
		p.Kind = *upd.Kind
	}
	if upd.City != nil {
		p.City = *upd.City
	}
	if upd.Address != nil {
		p.Address = *upd.Address
	}
	if upd.TimeZone != nil {
		p.TimeZone = *upd.TimeZone
	}
	if upd.Languages != nil {
		p.Languages = *upd.Languages
	}
	if upd.Policy != nil {
		p.Policy = *upd.Policy
	}
}

// Provider returns one provider with its services. Returns ENOTFOUND.
func (s *Store) Provider(ctx context.Context, id int64) (*rendezvous.Provider, error) {
	var (
		p    *rendezvous.Provider
		svcs = []rendezvous.Service{}
	)
	b := &pgx.Batch{}
	queueProvider(b, id, "", &p)
	queueServices(b, &svcs, `s.provider_id = $1`, id)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("provider %d: %w", id, translate(err))
	}
	if p == nil {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", id)
	}
	p.Services = svcs
	return p, nil
}

// Providers lists providers matching f with their services, ordered by ID,
// at most f.Limit of them (50 when unset), after f.AfterID.
func (s *Store) Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, error) {
	var (
		where = []string{"p.id > $1"}
		args  = []any{f.AfterID}
	)
	and := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Kind != "" {
		and("p.kind = $%d", string(f.Kind))
	}
	if f.City != "" {
		and("p.city_key = $%d", rendezvous.FoldKey(f.City))
	}
	if q := rendezvous.FoldKey(f.Query); q != "" {
		and(`p.name_key LIKE $%d ESCAPE '\'`, "%"+likeEscape(q)+"%")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := s.pool.Query(ctx, selectProvider+` WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY p.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list providers: %w", translate(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*rendezvous.Provider, error) { return scanProvider(row) })
	if err != nil {
		return nil, fmt.Errorf("list providers: %w", translate(err))
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	byID := make(map[int64]*rendezvous.Provider, len(out))
	for i, p := range out {
		ids[i] = p.ID
		byID[p.ID] = p
	}
	var svcs []rendezvous.Service
	b := &pgx.Batch{}
	queueServices(b, &svcs, `s.provider_id = ANY($1)`, ids)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("list services: %w", translate(err))
	}
	for _, svc := range svcs {
		p := byID[svc.ProviderID]
		p.Services = append(p.Services, svc)
	}
	return out, nil
}

// CountProviders counts all providers.
func (s *Store) CountProviders(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM providers`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count providers: %w", translate(err))
	}
	return n, nil
}

// CreateService validates and adds a service to a provider, setting its
// ID. Returns EINVALID, and ENOTFOUND when the provider does not exist.
func (s *Store) CreateService(ctx context.Context, svc *rendezvous.Service) error {
	if err := rendezvous.ValidateService(svc); err != nil {
		return err
	}
	var found bool
	queue := func(b *pgx.Batch) { queueTouch(b, svc.ProviderID, &found) }
	return s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if !found {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d not found", svc.ProviderID)
		}
		b := &pgx.Batch{}
		queueInsertService(b, svc)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("create service of provider %d: %w", svc.ProviderID, translate(err))
		}
		return nil
	})
}

// UpdateService changes a service of a provider. Returns ENOTFOUND when
// the provider has no such service, EINVALID when the result is invalid.
func (s *Store) UpdateService(ctx context.Context, providerID, serviceID int64, upd rendezvous.ServiceUpdate) (*rendezvous.Service, error) {
	var (
		out     *rendezvous.Service
		found   bool
		current []rendezvous.Service
	)
	queue := func(b *pgx.Batch) {
		queueTouch(b, providerID, &found)
		queueServices(b, &current, `s.provider_id = $1 AND s.id = $2`, providerID, serviceID)
	}
	err := s.inTx(ctx, queue, func(tx pgx.Tx) error {
		if !found || len(current) == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "service %d of provider %d not found", serviceID, providerID)
		}
		svc := current[0]
		if upd.Name != nil {
			svc.Name = *upd.Name
		}
		if upd.Duration != nil {
			svc.Duration = *upd.Duration
		}
		if upd.PriceCents != nil {
			svc.PriceCents = *upd.PriceCents
		}
		if err := rendezvous.ValidateService(&svc); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE services SET name = $2, duration_minutes = $3, price_cents = $4 WHERE id = $1`,
			svc.ID, svc.Name, minutes(svc.Duration), svc.PriceCents); err != nil {
			return fmt.Errorf("update service %d: %w", svc.ID, translate(err))
		}
		out = &svc
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queueTouch queues the bump of a provider's updated_at, which tells
// caches its schedule changed, and records in *found whether the provider
// exists. Queued first in a transaction that changes the schedule, it also
// takes the provider's row lock, so that the change waits for the bookings
// in flight (which hold the row FOR NO KEY UPDATE) and new bookings wait
// for it.
func queueTouch(b *pgx.Batch, id int64, found *bool) {
	b.Queue(`UPDATE providers SET updated_at = $2 WHERE id = $1`, id, instant(time.Now())).Exec(func(tag pgconn.CommandTag) error {
		*found = tag.RowsAffected() > 0
		return nil
	})
}

// languages returns the stored form of a language list: never NULL.
func languages(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func minutes(d time.Duration) int64 { return int64(d / time.Minute) }

// likeEscape escapes LIKE's wildcards and its escape character.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Names returns the cities (with their providers' time zone) and the
// providers' names.
func (s *Store) Names(ctx context.Context) (*rendezvous.Names, error) {
	out := &rendezvous.Names{}
	rows, err := s.pool.Query(ctx, `SELECT min(city), min(timezone) FROM providers GROUP BY city_key ORDER BY count(*) DESC, 1`)
	if err != nil {
		return nil, fmt.Errorf("names: %w", translate(err))
	}
	for rows.Next() {
		var c rendezvous.CityName
		if err := rows.Scan(&c.Name, &c.TimeZone); err != nil {
			rows.Close()
			return nil, fmt.Errorf("names: %w", translate(err))
		}
		out.Cities = append(out.Cities, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("names: %w", translate(err))
	}
	rows, err = s.pool.Query(ctx, `SELECT DISTINCT name FROM providers ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("names: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("names: %w", translate(err))
		}
		out.Providers = append(out.Providers, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("names: %w", translate(err))
	}
	return out, nil
}
