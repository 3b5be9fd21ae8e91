package auth

import (
	"bytes"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// issueWithLibrary is how Issue signed before it wrote tokens directly.
func (t *Tokens) issueWithLibrary(p Purpose, subject string, version int) (string, error) {
	now := t.now()
	claims := claims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   subject,
		Audience:  jwt.ClaimStrings{string(p)},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(t.lifetimes[p])),
	}, Version: version}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = t.current.id
	return tok.SignedString(t.current.keys[p])
}

// TestIssueAsTheLibrary checks that Issue writes exactly the token the JWT
// library writes for the same claims, for every purpose, subjects that
// JSON writes as they are and others it escapes, versions, and times on
// and off the second.
func TestIssueAsTheLibrary(t *testing.T) {
	now := time.Date(2026, 12, 5, 21, 30, 15, 999_999_999, time.UTC)
	tokens, err := NewTokens(TokensConfig{Secret: bytes.Repeat([]byte("s"), 32), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	subjects := []string{"ses_ABCDEFGHIJKLMNOPQRSTUVWXYZ", "bk_01JX", "marie.curie+rdv@example.com", "", "a\"b\\c",
		"<script>&", "café@exemple.fr", "tab\there", "\u2028", "\xff\xfe", "über 東京"}
	times := []time.Time{now, now.Truncate(time.Second), time.Date(2030, 1, 1, 0, 0, 0, 1, time.FixedZone("x", -3*3600)), time.Unix(0, 0)}
	n := 0
	for _, at := range times {
		now = at
		for _, p := range purposes() {
			for _, sub := range subjects {
				for _, v := range []int{0, 1, 7, 123456} {
					got, err := tokens.Issue(p, sub, v)
					if err != nil {
						t.Fatal(err)
					}
					want, err := tokens.issueWithLibrary(p, sub, v)
					if err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("Issue(%s, %q, %d) at %v:\n got %s\nwant %s", p, sub, v, at, got, want)
					}
					n++
				}
			}
		}
	}
	if _, err := tokens.Issue("nothing", "x", 0); err == nil {
		t.Error("a token of an unknown purpose was issued")
	}
	t.Logf("%d tokens compared", n)
}

// BenchmarkIssueSessionToken signs a session token, as every
// conversation's first message does.
func BenchmarkIssueSessionToken(b *testing.B) {
	tokens, err := NewTokens(TokensConfig{Secret: bytes.Repeat([]byte("s"), 32)})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tokens.IssueSessionToken("ses_ABCDEFGHIJKLMNOPQRSTUVWXYZ"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tokens.issueWithLibrary(PurposeSession, "ses_ABCDEFGHIJKLMNOPQRSTUVWXYZ", 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
