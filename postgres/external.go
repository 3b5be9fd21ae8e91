package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// LinkExternalID records that externalID names the directory object id of
// kind ("provider" or "service"), replacing an earlier link of either.
func (s *Store) LinkExternalID(ctx context.Context, kind, externalID string, id int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
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
