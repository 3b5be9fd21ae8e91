package sqlite

import (
	"context"
	"fmt"

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
	return s.withTx(ctx, func(tx handle) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
			return translate(err)
		}
		if n == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "link external id: no %s %d", kind, id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM external_ids WHERE kind = ? AND (external_id = ? OR id = ?)`, kind, externalID, id); err != nil {
			return translate(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO external_ids (kind, external_id, id) VALUES (?, ?, ?)`, kind, externalID, id); err != nil {
			return translate(err)
		}
		return nil
	})
}

// ExternalIDs returns the links of a kind, from external id to id.
func (s *Store) ExternalIDs(ctx context.Context, kind string) (map[string]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT external_id, id FROM external_ids WHERE kind = ?`, kind)
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
