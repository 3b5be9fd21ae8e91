package sqlite

import (
	"context"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// CreateAdminKey stores a new admin key's prefix and hash.
func (s *Store) CreateAdminKey(ctx context.Context, k *rendezvous.AdminKey) error {
	k.CreatedAt = time.Now().UTC().Truncate(time.Second)
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO admin_keys (name, prefix, hash, created_at) VALUES (?, ?, ?, ?)`,
			k.Name, k.Prefix, k.Hash, unix(k.CreatedAt))
		if err != nil {
			return translate(err)
		}
		k.ID, err = res.LastInsertId()
		return translate(err)
	})
}

// AdminKey returns the active admin key with the given prefix.
func (s *Store) AdminKey(ctx context.Context, prefix string) (*rendezvous.AdminKey, error) {
	var k rendezvous.AdminKey
	var created int64
	err := s.reader().QueryRowContext(ctx, `SELECT id, name, prefix, hash, created_at FROM admin_keys WHERE prefix = ? AND revoked_at IS NULL`, prefix).
		Scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &created)
	if err != nil {
		return nil, notFound(err, "admin key")
	}
	k.CreatedAt = fromUnix(created)
	return &k, nil
}
