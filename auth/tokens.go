package auth

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rendezvous-oss/rendezvous"
)

// Purpose says what a token grants access to; each purpose has its own
// signing key and audience.
type Purpose string

// Token purposes.
const (
	PurposeBooking Purpose = "booking" // manage one booking
	PurposeSession Purpose = "session" // continue one chat session
	PurposeEmail   Purpose = "email"   // act for one verified email address
	PurposeOffer   Purpose = "offer"   // book one waitlist offer's slot
)

// purposes lists every purpose: each gets its own key.
func purposes() []Purpose {
	return []Purpose{PurposeBooking, PurposeSession, PurposeEmail, PurposeOffer}
}

// MinSecretLength is the least number of bytes a server secret may have.
const MinSecretLength = 32

const issuer = "rendezvous"

// Tokens signs and verifies tokens. It is immutable and safe for
// concurrent use.
type Tokens struct {
	current       keyring
	previous      *keyring
	previousUntil time.Time
	now           func() time.Time
	lifetimes     map[Purpose]time.Duration
}

// keyring holds the per-purpose keys derived from one secret.
type keyring struct {
	id   string // public key id, tells verifiers which secret signed
	keys map[Purpose][]byte
	code []byte // keys the hashes of one-time codes
	// header is the tokens' encoded header, the same for every token
	// signed with this secret; macs keeps HMAC states of each purpose's
	// key for reuse (setting up HMAC hashes the key's pads).
	header string
	macs   map[Purpose]*sync.Pool
}

func newKeyring(secret []byte) (keyring, error) {
	if len(secret) < MinSecretLength {
		return keyring{}, fmt.Errorf("secret key: need at least %d bytes, got %d", MinSecretLength, len(secret))
	}
	kr := keyring{keys: map[Purpose][]byte{}, macs: map[Purpose]*sync.Pool{}}
	for _, p := range purposes() {
		k, err := hkdf.Key(sha256.New, secret, nil, "rendezvous token "+string(p), 32)
		if err != nil {
			return keyring{}, fmt.Errorf("derive %s key: %w", p, err)
		}
		kr.keys[p] = k
		kr.macs[p] = &sync.Pool{New: func() any { return hmac.New(sha256.New, k) }}
	}
	code, err := hkdf.Key(sha256.New, secret, nil, "rendezvous one-time code", 32)
	if err != nil {
		return keyring{}, fmt.Errorf("derive code key: %w", err)
	}
	kr.code = code
	idKey, err := hkdf.Key(sha256.New, secret, nil, "rendezvous key id", 6)
	if err != nil {
		return keyring{}, fmt.Errorf("derive key id: %w", err)
	}
	kr.id = hex.EncodeToString(idKey)
	// As the JWT library writes it: a map's keys sorted.
	kr.header = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","kid":"` + kr.id + `","typ":"JWT"}`))
	return kr, nil
}

// TokensConfig configures NewTokens.
type TokensConfig struct {
	Secret []byte
	// Previous is the secret being rotated out, accepted (never used to
	// sign) until PreviousUntil.
	Previous      []byte
	PreviousUntil time.Time
	// BookingLifetime and SessionLifetime bound how long a token is valid;
	// zero means the defaults (400 days: a booking can be managed until
	// well after it took place; 24 hours for a session).
	BookingLifetime time.Duration
	SessionLifetime time.Duration
	Now             func() time.Time
}

// NewTokens returns a token issuer and verifier.
func NewTokens(cfg TokensConfig) (*Tokens, error) {
	cur, err := newKeyring(cfg.Secret)
	if err != nil {
		return nil, err
	}
	t := &Tokens{current: cur, now: cfg.Now, lifetimes: map[Purpose]time.Duration{
		PurposeBooking: 400 * 24 * time.Hour,
		PurposeSession: 24 * time.Hour,
		PurposeEmail:   EmailTokenLifetime,
		PurposeOffer:   rendezvous.WaitlistOfferLifetime,
	}}
	if t.now == nil {
		t.now = time.Now
	}
	if cfg.BookingLifetime > 0 {
		t.lifetimes[PurposeBooking] = cfg.BookingLifetime
	}
	if cfg.SessionLifetime > 0 {
		t.lifetimes[PurposeSession] = cfg.SessionLifetime
	}
	if len(cfg.Previous) > 0 {
		prev, err := newKeyring(cfg.Previous)
		if err != nil {
			return nil, fmt.Errorf("previous %w", err)
		}
		t.previous, t.previousUntil = &prev, cfg.PreviousUntil
	}
	return t, nil
}

// claims are a token's claims: the registered ones, and the version of
// the subject that the token is for (a booking's TokenVersion; 0 for
// subjects without versions).
type claims struct {
	jwt.RegisteredClaims
	Version int `json:"ver,omitempty"`
}

// Issue returns a signed token granting purpose access to version of
// subject (version 0 for subjects without versions, such as sessions).
//
// The token is written directly, byte for byte what the JWT library
// writes for the same claims (TestIssueAsTheLibrary), without its
// reflection, maps and HMAC set-up: every conversation's first message
// signs one. Verify reads tokens with the library.
func (t *Tokens) Issue(p Purpose, subject string, version int) (string, error) {
	if _, ok := t.current.keys[p]; !ok {
		return "", fmt.Errorf("issue token: unknown purpose %q", p)
	}
	now := t.now()
	var buf [256]byte
	c := append(buf[:0], `{"iss":"`+issuer+`"`...)
	if subject != "" {
		c = append(c, `,"sub":`...)
		c = rendezvous.AppendJSONString(c, subject)
	}
	c = append(c, `,"aud":[`...)
	c = rendezvous.AppendJSONString(c, string(p))
	c = append(c, `],"exp":`...)
	c = strconv.AppendInt(c, now.Add(t.lifetimes[p]).Truncate(time.Second).Unix(), 10)
	c = append(c, `,"iat":`...)
	c = strconv.AppendInt(c, now.Truncate(time.Second).Unix(), 10)
	if version != 0 {
		c = append(c, `,"ver":`...)
		c = strconv.AppendInt(c, int64(version), 10)
	}
	c = append(c, '}')

	enc := base64.RawURLEncoding
	h := t.current.header
	tok := make([]byte, 0, len(h)+1+enc.EncodedLen(len(c))+1+enc.EncodedLen(sha256.Size))
	tok = append(tok, h...)
	tok = append(tok, '.')
	tok = enc.AppendEncode(tok, c)
	pool := t.current.macs[p]
	mac := pool.Get().(hash.Hash)
	mac.Reset()
	mac.Write(tok)
	var sum [sha256.Size]byte
	sig := mac.Sum(sum[:0])
	pool.Put(mac)
	tok = append(tok, '.')
	tok = enc.AppendEncode(tok, sig)
	return string(tok), nil
}

// errInvalidToken is returned for every bad token alike, so that callers
// learn nothing about why a forged token failed.
func errInvalidToken() error {
	return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token is missing, invalid or expired")
}

// Verify checks a token for purpose and returns its subject and version.
// Returns EUNAUTHORIZED/invalid_token for any token that is malformed,
// forged, expired, for another purpose, signed with a retired secret, or
// not in the one canonical encoding (base64url without padding and with
// zero trailing bits: a token has exactly one spelling, so a signature
// cannot be altered and still verify).
func (t *Tokens) Verify(p Purpose, token string) (string, int, error) {
	if token == "" || len(token) > 4096 {
		return "", 0, errInvalidToken()
	}
	now := t.now()
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(string(p)),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithStrictDecoding(),
	)
	var claims claims
	_, err := parser.ParseWithClaims(token, &claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		switch {
		case kid == t.current.id:
			return t.current.keys[p], nil
		case t.previous != nil && kid == t.previous.id && now.Before(t.previousUntil):
			return t.previous.keys[p], nil
		}
		return nil, errors.New("unknown signing key")
	})
	if err != nil || claims.Subject == "" || claims.Version < 0 {
		return "", 0, errInvalidToken()
	}
	return claims.Subject, claims.Version, nil
}

// IssueBookingToken returns a token that manages version of booking id.
func (t *Tokens) IssueBookingToken(id string, version int) (string, error) {
	return t.Issue(PurposeBooking, id, version)
}

// VerifyBookingToken returns the booking id and version a manage token
// grants. A token without a version (issued before versions existed, or
// forged) grants nothing.
func (t *Tokens) VerifyBookingToken(token string) (string, int, error) {
	id, v, err := t.Verify(PurposeBooking, token)
	if err == nil && v < 1 {
		return "", 0, errInvalidToken()
	}
	return id, v, err
}

// IssueSessionToken returns a token that continues chat session id.
func (t *Tokens) IssueSessionToken(id string) (string, error) { return t.Issue(PurposeSession, id, 0) }

// VerifySessionToken returns the session id a session token grants.
func (t *Tokens) VerifySessionToken(token string) (string, error) {
	id, _, err := t.Verify(PurposeSession, token)
	return id, err
}

// EmailTokenLifetime is how long a verified-email token lasts: enough to
// read, export or erase one's bookings, short enough that a token left in
// a browser soon grants nothing.
const EmailTokenLifetime = 30 * time.Minute

// IssueEmailToken returns a token that acts for the verified address
// email (normalised).
func (t *Tokens) IssueEmailToken(email string) (string, error) {
	return t.Issue(PurposeEmail, email, 0)
}

// VerifyEmailToken returns the address an email token was issued for.
func (t *Tokens) VerifyEmailToken(token string) (string, error) {
	email, _, err := t.Verify(PurposeEmail, token)
	return email, err
}

// HashCode returns the keyed hash of one-time code for verification id:
// a database dump alone cannot try the million codes against it.
func (t *Tokens) HashCode(id, code string) []byte {
	m := hmac.New(sha256.New, t.current.code)
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return m.Sum(nil)
}

// IssueOfferToken returns the token of a waitlist offer's link: it books
// that offer's slot, once (the database records its use), for
// rendezvous.WaitlistOfferLifetime.
func (t *Tokens) IssueOfferToken(offerID string) (string, error) {
	return t.Issue(PurposeOffer, offerID, 0)
}

// VerifyOfferToken returns the offer a link token is for.
func (t *Tokens) VerifyOfferToken(token string) (string, error) {
	id, _, err := t.Verify(PurposeOffer, token)
	return id, err
}
