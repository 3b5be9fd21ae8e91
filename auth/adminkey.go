package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// AdminKeyStore keeps admin keys' hashes.
type AdminKeyStore interface {
	CreateAdminKey(ctx context.Context, k *rendezvous.AdminKey) error
	AdminKey(ctx context.Context, prefix string) (*rendezvous.AdminKey, error)
}

// DefaultAdminKeyPepper keys the admin-key hash when no pepper is
// configured. Admin keys carry 160 random bits, so even a stolen table of
// hashes cannot be reversed; a configured pepper (kept out of the
// database) adds that a stolen table cannot even be checked offline.
const DefaultAdminKeyPepper = "rendezvous admin key v1"

const adminKeyPrefix = "rdv_admin_"

// keyEncoding is lower-case base32 without padding: copy-paste safe.
var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// AdminKeys creates and verifies admin API keys. Keys look like
// rdv_admin_<8-character prefix>_<32 characters>; only the prefix (to find
// the key) and an HMAC-SHA256 of the whole key are stored, compared in
// constant time. High-entropy keys need no slow hash.
type AdminKeys struct {
	store  AdminKeyStore
	pepper []byte
}

// NewAdminKeys returns an admin key manager; an empty pepper means
// DefaultAdminKeyPepper.
func NewAdminKeys(store AdminKeyStore, pepper []byte) *AdminKeys {
	if len(pepper) == 0 {
		pepper = []byte(DefaultAdminKeyPepper)
	}
	return &AdminKeys{store: store, pepper: pepper}
}

func (a *AdminKeys) hash(key string) []byte {
	m := hmac.New(sha256.New, a.pepper)
	m.Write([]byte(key))
	return m.Sum(nil)
}

// Create makes a new key, stores its hash and returns the key, which is
// never shown again.
func (a *AdminKeys) Create(ctx context.Context, name string) (string, error) {
	raw := make([]byte, 25) // 5 bytes of prefix, 20 bytes (160 bits) of secret
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("create admin key: %w", err)
	}
	prefix := keyEncoding.EncodeToString(raw[:5])
	key := adminKeyPrefix + prefix + "_" + keyEncoding.EncodeToString(raw[5:])
	k := &rendezvous.AdminKey{Name: name, Prefix: prefix, Hash: a.hash(key)}
	if err := a.store.CreateAdminKey(ctx, k); err != nil {
		return "", fmt.Errorf("create admin key: %w", err)
	}
	return key, nil
}

// Verify checks an admin key. Returns EUNAUTHORIZED for a malformed,
// unknown, revoked or wrong key, and the store's error when it cannot be
// reached.
func (a *AdminKeys) Verify(ctx context.Context, key string) (*rendezvous.AdminKey, error) {
	unauthorized := rendezvous.Errorf(rendezvous.EUNAUTHORIZED, "a valid admin API key is required")
	rest, ok := strings.CutPrefix(key, adminKeyPrefix)
	if !ok || len(rest) != 8+1+32 || rest[8] != '_' {
		return nil, unauthorized
	}
	k, err := a.store.AdminKey(ctx, rest[:8])
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil, unauthorized
	}
	if err != nil {
		return nil, fmt.Errorf("verify admin key: %w", err)
	}
	if !hmac.Equal(k.Hash, a.hash(key)) {
		return nil, unauthorized
	}
	return k, nil
}
