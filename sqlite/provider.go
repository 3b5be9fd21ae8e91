package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

const providerColumns = `p.id, p.name, p.kind, p.city, p.address, p.timezone, p.languages,
	p.buffer_minutes, p.min_notice_minutes, p.horizon_minutes, p.slot_step_minutes, p.created_at, p.updated_at`

// scanProvider reads one row of providerColumns.
func scanProvider(row interface{ Scan(...any) error }) (*rendezvous.Provider, error) {
	var (
		p                             rendezvous.Provider
		kind, langs                   string
		buffer, notice, horizon, step int64
		created, updated              int64
	)
	if err := row.Scan(&p.ID, &p.Name, &kind, &p.City, &p.Address, &p.TimeZone, &langs,
		&buffer, &notice, &horizon, &step, &created, &updated); err != nil {
		return nil, err
	}
	p.Kind = rendezvous.Kind(kind)
	if langs != "" {
		p.Languages = strings.Split(langs, ",")
	} else {
		p.Languages = []string{}
	}
	p.Policy = rendezvous.BookingPolicy{
		Buffer:    time.Duration(buffer) * time.Minute,
		MinNotice: time.Duration(notice) * time.Minute,
		Horizon:   time.Duration(horizon) * time.Minute,
		SlotStep:  time.Duration(step) * time.Minute,
	}
	p.CreatedAt, p.UpdatedAt = fromUnix(created), fromUnix(updated)
	p.Services = []rendezvous.Service{}
	return &p, nil
}

// CreateProvider validates and inserts p and its services.
func (s *Store) CreateProvider(ctx context.Context, p *rendezvous.Provider) error {
	if err := rendezvous.ValidateNewProvider(p); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO providers
			(name, name_key, kind, city, city_key, address, timezone, languages,
			 buffer_minutes, min_notice_minutes, horizon_minutes, slot_step_minutes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City, rendezvous.FoldKey(p.City), p.Address, p.TimeZone,
			strings.Join(p.Languages, ","), minutes(p.Policy.Buffer), minutes(p.Policy.MinNotice),
			minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), unix(now), unix(now))
		if err != nil {
			return translate(err)
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return translate(err)
		}
		p.CreatedAt, p.UpdatedAt = now, now
		for i := range p.Services {
			p.Services[i].ProviderID = p.ID
			if err := insertService(ctx, tx, &p.Services[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertService(ctx context.Context, tx handle, svc *rendezvous.Service) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO services (provider_id, name, duration_minutes, price_cents) VALUES (?, ?, ?, ?)`,
		svc.ProviderID, svc.Name, minutes(svc.Duration), svc.PriceCents)
	if err != nil {
		return translate(err)
	}
	svc.ID, err = res.LastInsertId()
	return translate(err)
}

// UpdateProvider changes the fields set in upd.
func (s *Store) UpdateProvider(ctx context.Context, id int64, upd rendezvous.ProviderUpdate) (*rendezvous.Provider, error) {
	var out *rendezvous.Provider
	err := s.withTx(ctx, func(tx handle) error {
		p, err := scanProvider(tx.QueryRowContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE p.id = ?`, id))
		if err != nil {
			return notFound(err, "provider %d", id)
		}
		applyProviderUpdate(p, upd)
		if err := rendezvous.ValidateProvider(p); err != nil {
			return err
		}
		p.UpdatedAt = time.Now().UTC().Truncate(time.Second)
		if _, err := tx.ExecContext(ctx, `UPDATE providers SET name = ?, name_key = ?, kind = ?, city = ?, city_key = ?,
			address = ?, timezone = ?, languages = ?, buffer_minutes = ?, min_notice_minutes = ?, horizon_minutes = ?,
			slot_step_minutes = ?, updated_at = ? WHERE id = ?`,
			p.Name, rendezvous.FoldKey(p.Name), string(p.Kind), p.City, rendezvous.FoldKey(p.City), p.Address, p.TimeZone,
			strings.Join(p.Languages, ","), minutes(p.Policy.Buffer), minutes(p.Policy.MinNotice),
			minutes(p.Policy.Horizon), minutes(p.Policy.SlotStep), unix(p.UpdatedAt), id); err != nil {
			return translate(err)
		}
		if p.Services, err = servicesOf(ctx, tx, `provider_id = ?`, id); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
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

// Provider returns one provider with its services.
func (s *Store) Provider(ctx context.Context, id int64) (*rendezvous.Provider, error) {
	p, err := scanProvider(s.reader().QueryRowContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE p.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "provider %d", id)
	}
	if p.Services, err = servicesOf(ctx, s.reader(), `provider_id = ?`, id); err != nil {
		return nil, err
	}
	return p, nil
}

// Providers lists providers matching f, ordered by ID.
func (s *Store) Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, error) {
	where, args := []string{"p.id > ?"}, []any{f.AfterID}
	if f.Kind != "" {
		where, args = append(where, "p.kind = ?"), append(args, string(f.Kind))
	}
	if f.City != "" {
		where, args = append(where, "p.city_key = ?"), append(args, rendezvous.FoldKey(f.City))
	}
	if q := rendezvous.FoldKey(f.Query); q != "" {
		where, args = append(where, `p.name_key LIKE ? ESCAPE '\'`), append(args, "%"+likeEscape(q)+"%")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := s.reader().QueryContext(ctx, `SELECT `+providerColumns+` FROM providers p WHERE `+
		strings.Join(where, " AND ")+` ORDER BY p.id LIMIT ?`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*rendezvous.Provider
	byID := map[int64]*rendezvous.Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(out))
	for _, p := range out {
		ids = append(ids, p.ID)
	}
	svcs, err := servicesOf(ctx, s.reader(), `provider_id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
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
	if err := s.reader().QueryRowContext(ctx, `SELECT count(*) FROM providers`).Scan(&n); err != nil {
		return 0, translate(err)
	}
	return n, nil
}

// CreateService validates and adds a service to an existing provider.
func (s *Store) CreateService(ctx context.Context, svc *rendezvous.Service) error {
	if err := rendezvous.ValidateService(svc); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx handle) error {
		if err := providerExists(ctx, tx, svc.ProviderID); err != nil {
			return err
		}
		if err := insertService(ctx, tx, svc); err != nil {
			return err
		}
		return touchProvider(ctx, tx, svc.ProviderID)
	})
}

// UpdateService changes a service of a provider.
func (s *Store) UpdateService(ctx context.Context, providerID, serviceID int64, upd rendezvous.ServiceUpdate) (*rendezvous.Service, error) {
	var out *rendezvous.Service
	err := s.withTx(ctx, func(tx handle) error {
		svcs, err := servicesOf(ctx, tx, `provider_id = ? AND id = ?`, providerID, serviceID)
		if err != nil {
			return err
		}
		if len(svcs) == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "service %d of provider %d not found", serviceID, providerID)
		}
		svc := svcs[0]
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
		if _, err := tx.ExecContext(ctx, `UPDATE services SET name = ?, duration_minutes = ?, price_cents = ? WHERE id = ?`,
			svc.Name, minutes(svc.Duration), svc.PriceCents, svc.ID); err != nil {
			return translate(err)
		}
		out = &svc
		return touchProvider(ctx, tx, providerID)
	})
	return out, err
}

func servicesOf(ctx context.Context, q handle, where string, args ...any) ([]rendezvous.Service, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, provider_id, name, duration_minutes, price_cents FROM services WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []rendezvous.Service{}
	for rows.Next() {
		var svc rendezvous.Service
		var dur int64
		if err := rows.Scan(&svc.ID, &svc.ProviderID, &svc.Name, &dur, &svc.PriceCents); err != nil {
			return nil, translate(err)
		}
		svc.Duration = time.Duration(dur) * time.Minute
		out = append(out, svc)
	}
	return out, translate(rows.Err())
}

func providerExists(ctx context.Context, tx handle, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM providers WHERE id = ?`, id).Scan(&one)
	return notFound(err, "provider %d", id)
}

// touchProvider bumps updated_at, which tells caches the schedule changed.
func touchProvider(ctx context.Context, tx handle, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE providers SET updated_at = ? WHERE id = ?`, unix(time.Now()), id)
	return translate(err)
}

// notFound turns sql.ErrNoRows into an ENOTFOUND naming the record.
func notFound(err error, format string, args ...any) error {
	if err == sql.ErrNoRows {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, format+" not found", args...)
	}
	return translate(err)
}

func minutes(d time.Duration) int64 { return int64(d / time.Minute) }

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Names returns the cities (with their providers' time zone) and the
// providers' names.
func (s *Store) Names(ctx context.Context) (*rendezvous.Names, error) {
	out := &rendezvous.Names{}
	rows, err := s.reader().QueryContext(ctx, `SELECT min(city), min(timezone) FROM providers GROUP BY city_key ORDER BY count(*) DESC, 1`)
	if err != nil {
		return nil, translate(err)
	}
	for rows.Next() {
		var c rendezvous.CityName
		if err := rows.Scan(&c.Name, &c.TimeZone); err != nil {
			rows.Close()
			return nil, translate(err)
		}
		out.Cities = append(out.Cities, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	rows, err = s.reader().QueryContext(ctx, `SELECT DISTINCT name FROM providers ORDER BY 1`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, translate(err)
		}
		out.Providers = append(out.Providers, n)
	}
	return out, translate(rows.Err())
}
