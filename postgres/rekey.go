package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
)

// foldedLetters matches a name or city holding a letter whose fold
// changed (rendezvous.RefoldedLetters).
const foldedLetters = `[` + rendezvous.RefoldedLetters + `]`

// rekey recomputes the name and city keys of the providers whose name or
// city holds a letter whose folding changed, so that a directory written
// by an older version is found as the current one folds. It is
// idempotent and cheap when nothing needs it (one scan of providers).
func (s *Store) rekey(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, `SELECT id, name, name_key, city, city_key FROM providers WHERE name ~ $1 OR city ~ $1`, foldedLetters)
	if err != nil {
		return fmt.Errorf("postgres: rekey: %w", translate(err))
	}
	type key struct {
		id               int64
		nameKey, cityKey string
	}
	var stale []key
	var (
		id                           int64
		name, nameKey, city, cityKey string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &name, &nameKey, &city, &cityKey}, func() error {
		if n, c := rendezvous.FoldKey(name), rendezvous.FoldKey(city); n != nameKey || c != cityKey {
			stale = append(stale, key{id, n, c})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: rekey: %w", translate(err))
	}
	for _, k := range stale {
		if _, err := s.pool.Exec(ctx, `UPDATE providers SET name_key = $2, city_key = $3 WHERE id = $1`, k.id, k.nameKey, k.cityKey); err != nil {
			return fmt.Errorf("postgres: rekey provider %d: %w", k.id, translate(err))
		}
	}
	return nil
}
