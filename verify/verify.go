// Package verify proves that a customer controls an email address: a
// six-digit code sent to the address, valid ten minutes and five tries,
// whose keyed hash alone is stored. Given back, it yields a short-lived
// email token that acts for the address: every booking made with it
// listed, exported or erased (booking.Desk's by-email methods). Sending
// is limited per address (in the database, shared by every instance) and
// per client (the caller's limiter). Without the proof, a reference with
// its email still proves one booking, and nothing more.
package verify

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/notify"
)

// Rules of a code.
const (
	CodeDigits   = 6
	CodeLifetime = 10 * time.Minute
	MaxAttempts  = 5
	// PerAddress codes may be sent to one address per AddressWindow,
	// and PerAddressDaily per day. The hourly bound alone let a patient
	// guesser, from any number of networks, try 25 codes an hour (about
	// one chance in five a year of proving an address held under attack);
	// the daily one brings it to 50 a day (about 2% a year). It locks the
	// owner out no longer than an attacker asking 5 codes every hour
	// already could.
	PerAddress      = 5
	AddressWindow   = time.Hour
	PerAddressDaily = 10
	// keptAfterExpiry is how long a verification outlives its code: the
	// per-address counts need the last day's.
	keptAfterExpiry = 24 * time.Hour
)

// Store keeps verifications.
type Store interface {
	// CreateEmailVerification inserts v unless its address already has
	// as many verifications as one of quotas allows (ERATELIMITED).
	// max verifications created after since (ERATELIMITED).
	CreateEmailVerification(ctx context.Context, v *rendezvous.EmailVerification, quotas ...rendezvous.CodeQuota) error
	// UseEmailVerification reads verification id, lets fn judge and
	// change it, and writes its attempts and confirmation back, also when
	// fn returns an error. Returns ENOTFOUND, or fn's error.
	UseEmailVerification(ctx context.Context, id string, fn func(v *rendezvous.EmailVerification) error) (*rendezvous.EmailVerification, error)
	// SweepEmailVerifications deletes those that expired before before.
	SweepEmailVerifications(ctx context.Context, before time.Time) (int, error)
}

// Tokens hashes codes and issues email tokens.
type Tokens interface {
	HashCode(id, code string) []byte
	IssueEmailToken(email string) (string, error)
	VerifyEmailToken(token string) (string, error)
}

// Limiter counts a client's requests.
type Limiter interface {
	Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error)
}

// Config is a Service's dependencies.
type Config struct {
	Store  Store
	Tokens Tokens
	Sender notify.Sender
	// Render writes the code's message; notify.Renderer.Code.
	Render func(lang, to, code string) *notify.Message
	// Limiter and PerClient bound the codes one client (an address, a
	// chat session's client) may ask for; a nil Limiter counts nothing
	// here (the HTTP edge's rate class does).
	Limiter   Limiter
	PerClient rendezvous.Rate
	Now       func() time.Time
}

// Service sends and checks codes. It is safe for concurrent use.
type Service struct{ cfg Config }

// New returns a service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Started is a code sent.
type Started struct {
	ID        string
	Email     string
	ExpiresAt time.Time
}

// Start sends a new code to email, written in lang, for client (the key
// of its per-client limit). Returns EINVALID for an address that is not
// one, ERATELIMITED past a limit, EUNAVAILABLE when the message cannot
// be sent (nothing is kept then).
func (s *Service) Start(ctx context.Context, email, lang, client string) (*Started, error) {
	addr, err := rendezvous.NormalizeEmail(email)
	if err != nil {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "email", Message: err.Error()}})
	}
	if s.cfg.Limiter != nil {
		d, err := s.cfg.Limiter.Allow(ctx, "verify:"+client, s.cfg.PerClient)
		if err != nil {
			// Fail closed: codes cost a message each.
			return nil, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "cannot count requests right now, try again")
		}
		if !d.Allowed {
			return nil, rendezvous.Errorf(rendezvous.ERATELIMITED, "too many codes were asked for from here: try again later")
		}
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	code, err := newCode()
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now().UTC().Truncate(time.Second)
	v := &rendezvous.EmailVerification{ID: id, Email: addr, CodeHash: s.cfg.Tokens.HashCode(id, code), CreatedAt: now, ExpiresAt: now.Add(CodeLifetime)}
	if err := s.cfg.Store.CreateEmailVerification(ctx, v,
		rendezvous.CodeQuota{Max: PerAddress, Since: now.Add(-AddressWindow)}, rendezvous.CodeQuota{Max: PerAddressDaily, Since: now.Add(-24 * time.Hour)}); err != nil {
		return nil, err
	}
	// Sent now, not queued: the code exists only in this message, and
	// the customer is waiting for it.
	if err := s.cfg.Sender.Send(ctx, s.cfg.Render(lang, addr, code)); err != nil {
		// The code never left: spend the verification so it cannot be
		// guessed, and let the customer ask again.
		_, _ = s.cfg.Store.UseEmailVerification(context.WithoutCancel(ctx), id, func(v *rendezvous.EmailVerification) error {
			v.Attempts = MaxAttempts
			return nil
		})
		return nil, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the code could not be sent, try again later")
	}
	return &Started{ID: id, Email: addr, ExpiresAt: v.ExpiresAt}, nil
}

// Confirm checks code against verification id and returns an email token
// for its address, and the address. A wrong code counts; the fifth locks
// the verification. Returns ENOTFOUND for an unknown id,
// EUNAUTHORIZED/code_invalid (with the tries left), code_expired (also
// for a code used already) and code_locked.
func (s *Service) Confirm(ctx context.Context, id, code string) (token, email string, err error) {
	if !isID(id) {
		// Not one of ours: nothing to look up, and a NUL or invalid
		// UTF-8 would only reach the database to be refused there.
		return "", "", rendezvous.Errorf(rendezvous.ENOTFOUND, "no such verification")
	}
	now := s.cfg.Now()
	hash := s.cfg.Tokens.HashCode(id, code)
	v, err := s.cfg.Store.UseEmailVerification(ctx, id, func(v *rendezvous.EmailVerification) error {
		return check(v, hash, now)
	})
	if err != nil {
		return "", "", err
	}
	tok, err := s.cfg.Tokens.IssueEmailToken(v.Email)
	if err != nil {
		return "", "", err
	}
	return tok, v.Email, nil
}

// check judges a code's hash against v at now, and counts a wrong one.
func check(v *rendezvous.EmailVerification, hash []byte, now time.Time) error {
	switch {
	case v.Attempts >= MaxAttempts:
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonCodeLocked, "too many wrong codes: ask for a new one")
	case v.ConfirmedAt != nil || !now.Before(v.ExpiresAt):
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonCodeExpired, "the code has expired: ask for a new one")
	case subtle.ConstantTimeCompare(v.CodeHash, hash) != 1:
		v.Attempts++
		if v.Attempts >= MaxAttempts {
			return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonCodeLocked, "too many wrong codes: ask for a new one")
		}
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonCodeInvalid, "wrong code: %d tries left", MaxAttempts-v.Attempts)
	}
	t := now.UTC().Truncate(time.Second)
	v.ConfirmedAt = &t
	return nil
}

// Email returns the address an email token acts for. Returns
// EUNAUTHORIZED.
func (s *Service) Email(token string) (string, error) { return s.cfg.Tokens.VerifyEmailToken(token) }

// Sweep deletes the verifications past their use.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	return s.cfg.Store.SweepEmailVerifications(ctx, s.cfg.Now().Add(-keptAfterExpiry))
}

// newID returns a verification's public id: 80 random bits.
func newID() (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("verification id: %w", err)
	}
	return "ev_" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]), nil
}

// isID reports whether id is spelt like newID's ids.
func isID(id string) bool {
	rest, ok := strings.CutPrefix(id, "ev_")
	if !ok || len(rest) != 16 {
		return false
	}
	_, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(rest)
	return err == nil
}

// newCode returns CodeDigits uniformly random digits.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}
