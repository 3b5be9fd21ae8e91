package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
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

	tok, err := a.Issue(auth.PurposeBooking, "RDV-0123456789", 3)
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
			sub, version, err := tt.v.Verify(tt.purpose, tt.token)
			if tt.wantSub == "" {
				if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
					t.Fatalf("Verify = %q, %v; want invalid_token", sub, err)
				}
				return
			}
			if err != nil || sub != tt.wantSub || version != 3 {
				t.Fatalf("Verify = %q v%d, %v; want %q v3", sub, version, err, tt.wantSub)
			}
		})
	}
	if _, err := auth.NewTokens(auth.TokensConfig{Secret: []byte("short")}); err == nil {
		t.Error("a short secret was accepted")
	}
}

// TestTokensHaveOneSpelling alters a token without changing the bytes it
// decodes to — the unused low bits of the last base64 character of each
// segment, padding, the standard alphabet — and expects every variant to be
// refused: a token that can be respelled is a token whose signature can be
// altered and still verify.
func TestTokensHaveOneSpelling(t *testing.T) {
	a := newTokens(t, auth.TokensConfig{Secret: secretA})
	found := 0
	for i := range 64 {
		tok, err := a.IssueBookingToken(fmt.Sprintf("RDV-%010d", i), 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.VerifyBookingToken(tok); err != nil {
			t.Fatalf("a fresh token is refused: %v", err)
		}
		parts := strings.Split(tok, ".")
		for seg := range parts {
			raw, err := base64.RawURLEncoding.DecodeString(parts[seg])
			if err != nil {
				t.Fatal(err)
			}
			for _, variant := range respellings(parts[seg]) {
				if again, err := base64.RawURLEncoding.DecodeString(variant); err == nil && !bytes.Equal(again, raw) {
					continue // not the same bytes: a plain forgery, refused by the signature
				}
				found++
				alt := slices.Clone(parts)
				alt[seg] = variant
				if _, _, err := a.VerifyBookingToken(strings.Join(alt, ".")); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
					t.Fatalf("segment %d respelled %q → %q verifies: %v", seg, parts[seg], variant, err)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no respelling was tried")
	}
}

// respellings returns other spellings of a base64url segment: the last
// character with its unused low bits flipped, padded, and in the standard
// alphabet.
func respellings(seg string) []string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var out []string
	last := strings.IndexByte(alphabet, seg[len(seg)-1])
	unused := map[int]int{2: 4, 3: 2}[len(seg)%4] // low bits of the last character that carry nothing
	for bit := 0; bit < unused; bit++ {
		out = append(out, seg[:len(seg)-1]+string(alphabet[last^(1<<bit)]))
	}
	if pad := (4 - len(seg)%4) % 4; pad > 0 {
		out = append(out, seg+strings.Repeat("=", pad))
	}
	if std := strings.NewReplacer("-", "+", "_", "/").Replace(seg); std != seg {
		out = append(out, std)
	}
	return out
}

// TestBookingTokensCarryAVersion: a manage token names a version of its
// booking, and one without a version grants nothing.
func TestBookingTokensCarryAVersion(t *testing.T) {
	a := newTokens(t, auth.TokensConfig{Secret: secretA})
	tok, err := a.IssueBookingToken("RDV-0123456789", 4)
	if err != nil {
		t.Fatal(err)
	}
	if id, v, err := a.VerifyBookingToken(tok); err != nil || id != "RDV-0123456789" || v != 4 {
		t.Fatalf("VerifyBookingToken = %q v%d, %v", id, v, err)
	}
	unversioned, err := a.Issue(auth.PurposeBooking, "RDV-0123456789", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.VerifyBookingToken(unversioned); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
		t.Fatalf("a manage token without a version verifies: %v", err)
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
