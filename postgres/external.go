package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/rendezvous-oss/rendezvous"
)

// externalKinds are the kinds of external ids, and the table of each.
var externalKinds = map[string]string{"provider": "providers", "service": "services"}

// LinkExternalID records that externalID names the directory object id of
// kind ("provider" or "service"), replacing an earlier link of either.
// Returns EINVALID for another kind and ENOTFOUND if no object of the kind
// has this id.
func (s *Store) LinkExternalID(ctx context.Context, kind, externalID string, id int64) error {
	table, ok := externalKinds[kind]
	if !ok {
		return rendezvous.Errorf(rendezvous.EINVALID, "link external id: unknown kind %q", kind)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// FOR KEY SHARE: the object cannot be deleted before the link commits.
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1 FOR KEY SHARE`, id).Scan(&one); errors.Is(err, pgx.ErrNoRows) {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "no %s %d", kind, id)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM external_ids WHERE kind = $1 AND (external_id = $2 OR id = $3)`, kind, externalID, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO external_ids (kind, external_id, id) VALUES ($1, $2, $3)`, kind, externalID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("link external id: %w", translate(err))
	}
	return nil
}

// ExternalIDs returns the links of a kind, from external id to id.
func (s *Store) ExternalIDs(ctx context.Context, kind string) (map[string]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT external_id, id FROM external_ids WHERE kind = $1`, kind)
	if err != nil {
		return nil, fmt.Errorf("external ids: %w", translate(err))
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var ext string
		var id int64
		if err := rows.Scan(&ext, &id); err != nil {
			return nil, translate(err)
		}
		out[ext] = id
	}
	return out, translate(rows.Err())
}
