package conversations

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/demo"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// Template is the corpus' world on disk: the demo directory of every
// World (600 providers as of Monday 23 November 2026) in a SQLite file,
// with an admin key. It is built once; every conversation of the corpus
// is served from a copy of it (Serve), so that no conversation sees
// another's bookings.
type Template struct {
	dir      string
	path     string
	adminKey string
	// embedded is the understanding every site shares: the directory's
	// names are the same in every copy, and building it takes a while.
	embedded *dialogue.EmbeddedBrain
}

// NewTemplate builds the template in a temporary directory.
func NewTemplate(ctx context.Context) (_ *Template, err error) {
	dir, err := os.MkdirTemp("", "rendezvous-corpus-")
	if err != nil {
		return nil, err
	}
	t := &Template{dir: dir, path: filepath.Join(dir, "template.db")}
	defer func() {
		if err != nil {
			t.Close()
		}
	}()
	st, err := sqlite.Open(ctx, t.path)
	if err != nil {
		return nil, err
	}
	// Closing the last connection checkpoints the WAL into the file, which
	// is then complete and can be copied.
	defer func() { err = errors.Join(err, st.Close()) }()
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := st.Import(ctx, demo.Generate(worldDirectory())); err != nil {
		return nil, err
	}
	if t.adminKey, err = auth.NewAdminKeys(st, nil).Create(ctx, "corpus"); err != nil {
		return nil, err
	}
	cities, providers := DirectoryNames()
	t.embedded = dialogue.NewEmbeddedBrain(func(context.Context) ([]string, []string, error) { return cities, providers, nil }, time.Hour)
	return t, nil
}

// Close removes the template and its directory.
func (t *Template) Close() error { return os.RemoveAll(t.dir) }

// Site is the real HTTP API — chat, bookings, admin — on a fresh copy of
// the template, with its clock pinned, listening on a local port.
type Site struct {
	// URL is the server's base URL, AdminKey a key for /v1/admin.
	URL      string
	AdminKey string
	// Now is the site's pinned clock.
	Now   time.Time
	dir   string
	store *sqlite.Store
	srv   *http.Server
	done  chan error
}

// Serve starts a site whose clock says now (the zero time: the pinned
// clock of every World).
func (t *Template) Serve(ctx context.Context, at time.Time) (_ *Site, err error) {
	if at.IsZero() {
		at = now
	}
	dir, err := os.MkdirTemp(t.dir, "site-")
	if err != nil {
		return nil, err
	}
	s := &Site{AdminKey: t.adminKey, Now: at, dir: dir}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	path := filepath.Join(dir, "site.db")
	if err := copyFile(path, t.path); err != nil {
		return nil, err
	}
	if s.store, err = sqlite.Open(ctx, path); err != nil {
		return nil, err
	}
	clock := func() time.Time { return at }
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("c"), 32), Now: clock})
	if err != nil {
		return nil, err
	}
	desk := booking.NewDesk(s.store, tokens, booking.Options{Now: clock})
	manager := dialogue.NewManager(dialogue.ManagerConfig{Brain: t.embedded, Tools: dialogue.NewRegistry(desk, dialogue.Limits{}, nil),
		Zones: desk.CityZone, Cities: desk.Cities, DefaultZone: paris, Now: clock})
	limits := rendezvous.DefaultSessionLimits()
	svc := chat.NewService(inmem.NewSessions(limits, clock), manager, tokens, chat.Limits{Sessions: limits}, clock)
	api, err := httpapi.New(httpapi.Config{Desk: desk, Admin: auth.NewAdminKeys(s.store, nil), Audit: s.store, Chat: svc,
		RateLimits: httpapi.RateLimits{Off: true}})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan error, 1)
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server and removes the site's database.
func (s *Site) Close() error {
	var errs []error
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		errs = append(errs, s.srv.Shutdown(ctx))
		cancel()
		if err := <-s.done; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if s.store != nil {
		errs = append(errs, s.store.Close())
	}
	errs = append(errs, os.RemoveAll(s.dir))
	return errors.Join(errs...)
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}
