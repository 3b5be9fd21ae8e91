package auth_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
)

var (
	secretA = bytes.Repeat([]byte("a"), 32)
	secretB = bytes.Repeat([]byte("b"), 32)
)

func newTokens(t *testing.T, cfg auth.TokensConfig) *auth.Tokens {
	t.Helper()
	tok, err := auth.NewTokens(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokens(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := newTokens(t, auth.TokensConfig{Secret: secretA, Now: clock})
	b := newTokens(t, auth.TokensConfig{Secret: secretB, Now: clock})
	rotated := newTokens(t, auth.TokensConfig{Secret: secretB, Previous: secretA, PreviousUntil: now.Add(time.Hour), Now: clock})
	rotatedLate := newTokens(t, auth.TokensConfig{Secret: secretB, Previous: secretA, PreviousUntil: now.Add(-time.Second), Now: clock})

	tok, err := a.Issue(auth.PurposeBooking, "RDV-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	later := newTokens(t, auth.TokensConfig{Secret: secretA, Now: func() time.Time { return now.Add(401 * 24 * time.Hour) }})
	tampered := tok[:len(tok)-2] + "xx"
	if tok[len(tok)-2:] == "xx" {
		tampered = tok[:len(tok)-2] + "yy"
	}
	tests := []struct {
		name    string
		v       *auth.Tokens
		purpose auth.Purpose
		token   string
		wantSub string
	}{
		{"OK", a, auth.PurposeBooking, tok, "RDV-0123456789"},
		{"OKPreviousSecretDuringGrace", rotated, auth.PurposeBooking, tok, "RDV-0123456789"},
		{"ErrPreviousSecretAfterGrace", rotatedLate, auth.PurposeBooking, tok, ""},
		{"ErrOtherSecret", b, auth.PurposeBooking, tok, ""},
		{"ErrOtherPurpose", a, auth.PurposeSession, tok, ""},
		{"ErrExpired", later, auth.PurposeBooking, tok, ""},
		{"ErrTampered", a, auth.PurposeBooking, tampered, ""},
		{"ErrEmpty", a, auth.PurposeBooking, "", ""},
		{"ErrGarbage", a, auth.PurposeBooking, "not.a.token", ""},
		{"ErrAlgNone", a, auth.PurposeBooking, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJSRFYtMDEyMzQ1Njc4OSIsImF1ZCI6WyJib29raW5nIl19.", ""},
		{"ErrHuge", a, auth.PurposeBooking, strings.Repeat("a", 5000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := tt.v.Verify(tt.purpose, tt.token)
			if tt.wantSub == "" {
				if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
					t.Fatalf("Verify = %q, %v; want invalid_token", sub, err)
				}
				return
			}
			if err != nil || sub != tt.wantSub {
				t.Fatalf("Verify = %q, %v; want %q", sub, err, tt.wantSub)
			}
		})
	}
	if _, err := auth.NewTokens(auth.TokensConfig{Secret: []byte("short")}); err == nil {
		t.Error("a short secret was accepted")
	}
}

type keyStore struct {
	keys map[string]*rendezvous.AdminKey
}

func (s *keyStore) CreateAdminKey(_ context.Context, k *rendezvous.AdminKey) error {
	s.keys[k.Prefix] = k
	return nil
}

func (s *keyStore) AdminKey(_ context.Context, prefix string) (*rendezvous.AdminKey, error) {
	if k, ok := s.keys[prefix]; ok {
		return k, nil
	}
	return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no key")
}

func TestAdminKeys(t *testing.T) {
	ctx := context.Background()
	store := &keyStore{keys: map[string]*rendezvous.AdminKey{}}
	keys := auth.NewAdminKeys(store, []byte("pepper"))
	key, err := keys.Create(ctx, "ops")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "rdv_admin_") || len(key) != len("rdv_admin_")+41 {
		t.Fatalf("key %q has the wrong shape", key)
	}
	for _, k := range store.keys {
		if bytes.Contains(k.Hash, []byte(key)) || len(k.Hash) != 32 {
			t.Fatalf("stored hash looks like the key")
		}
	}
	if _, err := keys.Verify(ctx, key); err != nil {
		t.Fatalf("Verify(good key) = %v", err)
	}
	otherPepper := auth.NewAdminKeys(store, []byte("other"))
	for name, bad := range map[string]string{
		"WrongSecret":  key[:len(key)-1] + map[bool]string{true: "b", false: "a"}[key[len(key)-1] == 'a'],
		"UnknownPrefx": "rdv_admin_zzzzzzzz_" + strings.Repeat("a", 32),
		"Malformed":    "hunter2",
		"Empty":        "",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := keys.Verify(ctx, bad); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
				t.Fatalf("Verify(%q) = %v, want unauthorized", bad, err)
			}
		})
	}
	if _, err := otherPepper.Verify(ctx, key); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
		t.Errorf("a key verified under another pepper")
	}
}
