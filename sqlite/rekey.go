package sqlite

import (
	"context"
	"fmt"

	"github.com/rendezvous-oss/rendezvous"
)

// foldedLetters matches a name or city holding a letter whose fold
// changed (rendezvous.RefoldedLetters).
const foldedLetters = `*[` + rendezvous.RefoldedLetters + `]*`

// rekey recomputes the name and city keys of the providers whose name or
// city holds a letter whose folding changed, so that a directory written
// by an older version is found as the current one folds. It is
// idempotent and cheap when nothing needs it (one scan of providers).
func (s *Store) rekey(ctx context.Context) error {
	rows, err := s.write.QueryContext(ctx, `SELECT id, name, name_key, city, city_key FROM providers
		WHERE name GLOB ? OR city GLOB ?`, foldedLetters, foldedLetters)
	if err != nil {
		return fmt.Errorf("sqlite: rekey: %w", translate(err))
	}
	type key struct {
		id             int64
		nameKey, cityK string
	}
	var stale []key
	for rows.Next() {
		var (
			id                           int64
			name, nameKey, city, cityKey string
		)
		if err := rows.Scan(&id, &name, &nameKey, &city, &cityKey); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: rekey: %w", translate(err))
		}
		if n, c := rendezvous.FoldKey(name), rendezvous.FoldKey(city); n != nameKey || c != cityKey {
			stale = append(stale, key{id, n, c})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: rekey: %w", translate(err))
	}
	if len(stale) == 0 {
		return nil
	}
	return s.withTx(ctx, func(tx handle) error {
		for _, k := range stale {
			if _, err := tx.tx.ExecContext(ctx, `UPDATE providers SET name_key = ?, city_key = ? WHERE id = ?`, k.nameKey, k.cityK, k.id); err != nil {
				return fmt.Errorf("sqlite: rekey provider %d: %w", k.id, translate(err))
			}
		}
		return nil
	})
}
