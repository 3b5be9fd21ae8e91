package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// CreateAdminKey stores a new admin key's prefix and hash, setting its ID
// and CreatedAt. Returns ECONFLICT when the prefix is already in use.
func (s *Store) CreateAdminKey(ctx context.Context, k *rendezvous.AdminKey) error {
	created := instant(time.Now())
	if err := s.pool.QueryRow(ctx, `INSERT INTO admin_keys (name, prefix, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		k.Name, k.Prefix, k.Hash, created).Scan(&k.ID); err != nil {
		return fmt.Errorf("create admin key: %w", translate(err))
	}
	k.CreatedAt = created
	return nil
}

// AdminKey returns the admin key with the given public prefix, if it is
// not revoked. Returns ENOTFOUND.
func (s *Store) AdminKey(ctx context.Context, prefix string) (*rendezvous.AdminKey, error) {
	var k rendezvous.AdminKey
	err := s.pool.QueryRow(ctx, `SELECT k.id, k.name, k.prefix, k.hash, k.created_at FROM admin_keys k
		WHERE k.prefix = $1 AND k.revoked_at IS NULL`, prefix).
		Scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &k.CreatedAt)
	if err != nil {
		return nil, notFound(err, "admin key")
	}
	return &k, nil
}
