package verify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/verify"
)

// outbox is a notify.Sender that keeps the codes, or fails.
type outbox struct {
	mu    sync.Mutex
	codes []string
	fail  bool
}

var sixDigits = regexp.MustCompile(`\b[0-9]{6}\b`)

func (o *outbox) Send(_ context.Context, m *notify.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail {
		return errors.New("relay down")
	}
	o.codes = append(o.codes, sixDigits.FindString(m.Text))
	return nil
}

func (o *outbox) last() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.codes[len(o.codes)-1]
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// store is a verification store that migrates.
type store interface {
	verify.Store
	Migrate(ctx context.Context) error
	Close() error
}

// storeKinds are the stores every test runs on (PostgreSQL when its test
// URL is set).
func storeKinds() []string { return []string{"SQLite", "Postgres"} }

func newService(t *testing.T, kind string) (*verify.Service, *outbox, *clock) {
	t.Helper()
	var st store
	var err error
	if kind == "Postgres" {
		st, err = postgres.Open(context.Background(), pgtest.URL(t))
	} else {
		st, err = sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("s"), 32), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	box := &outbox{}
	r := notify.Renderer{From: "rdv@example.org"}
	return verify.New(verify.Config{Store: st, Tokens: tokens, Sender: box, Now: clk.Now,
		Render: func(lang, to, code string) *notify.Message { return r.Code(lang, to, code, 10) }}), box, clk
}

func wantReason(t *testing.T, err error, reason string) {
	t.Helper()
	if rendezvous.ErrorReasonOf(err) != reason {
		t.Fatalf("got %v, want %s", err, reason)
	}
}

func TestConfirm(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			t.Run("OK", func(t *testing.T) {
				s, box, _ := newService(t, kind)
				st, err := s.Start(ctx, " Marie@Example.org ", "fr", "client")
				if err != nil {
					t.Fatal(err)
				}
				tok, email, err := s.Confirm(ctx, st.ID, box.last())
				if err != nil || email != "marie@example.org" {
					t.Fatalf("confirm: %q %v", email, err)
				}
				if got, err := s.Email(tok); err != nil || got != "marie@example.org" {
					t.Errorf("the token acts for %q, %v", got, err)
				}
				// A code serves once.
				_, _, err = s.Confirm(ctx, st.ID, box.last())
				wantReason(t, err, rendezvous.ReasonCodeExpired)
			})
			t.Run("WrongFiveTimesLocks", func(t *testing.T) {
				s, box, _ := newService(t, kind)
				st, err := s.Start(ctx, "marie@example.org", "en", "client")
				if err != nil {
					t.Fatal(err)
				}
				wrong := "000000"
				if box.last() == wrong {
					wrong = "000001"
				}
				for i := 1; i < verify.MaxAttempts; i++ {
					_, _, err := s.Confirm(ctx, st.ID, wrong)
					wantReason(t, err, rendezvous.ReasonCodeInvalid)
				}
				_, _, err = s.Confirm(ctx, st.ID, wrong)
				wantReason(t, err, rendezvous.ReasonCodeLocked)
				_, _, err = s.Confirm(ctx, st.ID, box.last())
				wantReason(t, err, rendezvous.ReasonCodeLocked)
			})
			t.Run("Expired", func(t *testing.T) {
				s, box, clk := newService(t, kind)
				st, err := s.Start(ctx, "marie@example.org", "en", "client")
				if err != nil {
					t.Fatal(err)
				}
				clk.add(verify.CodeLifetime)
				_, _, err = s.Confirm(ctx, st.ID, box.last())
				wantReason(t, err, rendezvous.ReasonCodeExpired)
			})
			t.Run("TokenExpires", func(t *testing.T) {
				s, box, clk := newService(t, kind)
				st, _ := s.Start(ctx, "marie@example.org", "en", "client")
				tok, _, err := s.Confirm(ctx, st.ID, box.last())
				if err != nil {
					t.Fatal(err)
				}
				clk.add(auth.EmailTokenLifetime + time.Second)
				if _, err := s.Email(tok); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
					t.Errorf("a token past its 30 minutes: %v", err)
				}
			})
			t.Run("UnknownID", func(t *testing.T) {
				s, _, _ := newService(t, kind)
				// Unknown, malformed, and bytes the database refuses:
				// each is a plain not found, never an internal error.
				for _, id := range []string{"ev_NOPE", "ev_AAAAAAAAAAAAAAAA", "ev_AAAAAAAA\x00AAAAAAA", "a\x00b", "ev_\xff\xfe", ""} {
					if _, _, err := s.Confirm(ctx, id, "123456"); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
						t.Errorf("Confirm(%q): got %v", id, err)
					}
				}
			})
		})
	}
}

func TestStartLimits(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			t.Run("PerAddress", func(t *testing.T) {
				s, _, clk := newService(t, kind)
				for i := 0; i < verify.PerAddress; i++ {
					if _, err := s.Start(ctx, "marie@example.org", "en", "client"); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := s.Start(ctx, "MARIE@example.org", "en", "other client"); rendezvous.ErrorCodeOf(err) != rendezvous.ERATELIMITED {
					t.Fatalf("one code too many: %v", err)
				}
				if _, err := s.Start(ctx, "pierre@example.org", "en", "client"); err != nil {
					t.Errorf("another address: %v", err)
				}
				clk.add(verify.AddressWindow)
				if _, err := s.Start(ctx, "marie@example.org", "en", "client"); err != nil {
					t.Errorf("an hour later: %v", err)
				}
			})
			t.Run("PerAddressDaily", func(t *testing.T) {
				// Spread over the hours, an address still gets no more
				// than the day's codes, whatever the clients asking.
				s, _, clk := newService(t, kind)
				sent := 0
				for hour := 0; hour < 24; hour++ {
					for i := 0; i < verify.PerAddress; i++ {
						if _, err := s.Start(ctx, "marie@example.org", "en", fmt.Sprintf("client %d-%d", hour, i)); err == nil {
							sent++
						} else if rendezvous.ErrorCodeOf(err) != rendezvous.ERATELIMITED {
							t.Fatal(err)
						}
					}
					clk.add(verify.AddressWindow)
				}
				if sent != verify.PerAddressDaily {
					t.Errorf("%d codes sent to one address in a day, want %d", sent, verify.PerAddressDaily)
				}
				clk.add(24 * time.Hour)
				if _, err := s.Start(ctx, "marie@example.org", "en", "client"); err != nil {
					t.Errorf("the next day: %v", err)
				}
			})
			t.Run("PerAddressConcurrent", func(t *testing.T) {
				// Ten at once for one address: the count is taken in the
				// insert's transaction, so exactly the limit pass.
				s, _, _ := newService(t, kind)
				var wg sync.WaitGroup
				var mu sync.Mutex
				ok := 0
				for range 10 {
					wg.Go(func() {
						if _, err := s.Start(ctx, "marie@example.org", "en", "client"); err == nil {
							mu.Lock()
							ok++
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				if ok != verify.PerAddress {
					t.Errorf("%d codes sent at once, want %d", ok, verify.PerAddress)
				}
			})
			t.Run("ErrNotAnAddress", func(t *testing.T) {
				s, _, _ := newService(t, kind)
				if _, err := s.Start(ctx, "not an address", "en", "client"); rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
					t.Errorf("got %v", err)
				}
			})
			t.Run("RelayDown", func(t *testing.T) {
				s, box, _ := newService(t, kind)
				box.fail = true
				if _, err := s.Start(ctx, "marie@example.org", "en", "client"); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
					t.Errorf("got %v", err)
				}
			})
		})
	}
}
