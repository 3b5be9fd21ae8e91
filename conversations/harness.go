package conversations

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/demo"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// Package conversations is the scripted conversation suite: conversations
// in English and French (typos, no accents, lower case, changes of mind,
// mixed languages) and the outcome each must leave in the store — a
// booking, a cancellation, a move. The tests run it on the embedded brain
// and on language models behind fake servers; `rendezvous eval
// conversations` runs it on the configured brain.

var (
	paris, _ = time.LoadLocation("Europe/Paris")
	now      = time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
)

// World is the directory the conversations run in: the demo directory of
// 600 providers in a SQLite file, as of Monday 23 November 2026, 08:00 in
// Paris, with a desk and a manager whose clock is pinned there.
type World struct {
	dir     string
	Store   *sqlite.Store
	Desk    *booking.Desk
	Manager *dialogue.Manager
	Tools   *dialogue.Registry
}

// Now is the pinned clock of every world.
func Now() time.Time { return now }

// NewWorld builds a world in a temporary directory. brain makes the
// brain from the desk, the tools and the embedded brain (nil: the embedded
// brain itself); another brain's yeses are double-checked by the embedded
// one, as in the server.
func NewWorld(ctx context.Context, brain func(desk *booking.Desk, tools *dialogue.Registry, embedded dialogue.Brain) (dialogue.Brain, error)) (*World, error) {
	dir, err := os.MkdirTemp("", "rendezvous-conversations-")
	if err != nil {
		return nil, err
	}
	w := &World{dir: dir}
	if w.Store, err = sqlite.Open(ctx, filepath.Join(dir, "conversations.db")); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.Store.Migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.Store.Import(ctx, demo.Generate(worldDirectory())); err != nil {
		w.Close()
		return nil, err
	}
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("d"), 32), Now: func() time.Time { return now }})
	if err != nil {
		w.Close()
		return nil, err
	}
	clock := func() time.Time { return now }
	// The conversations of a world share a few customers, whose bookings
	// add up: the cap per customer is not what they test (storetest,
	// booking and cmd/rendezvous do).
	w.Desk = booking.NewDesk(w.Store, tokens, booking.Options{Now: clock, MaxUpcomingPerCustomer: 1 << 20})
	w.Tools = dialogue.NewRegistry(w.Desk, dialogue.Limits{}, nil)
	embedded := dialogue.NewEmbeddedBrain(w.Desk.Names, 0)
	var b dialogue.Brain = embedded
	var confirmer dialogue.Brain
	if brain != nil {
		if b, err = brain(w.Desk, w.Tools, embedded); err != nil {
			w.Close()
			return nil, err
		}
		confirmer = embedded
	}
	w.Manager = dialogue.NewManager(dialogue.ManagerConfig{Brain: b, Confirmer: confirmer, Tools: w.Tools, Zones: w.Desk.CityZone, Cities: w.Desk.Cities,
		DefaultZone: paris, Now: clock})
	return w, nil
}

// DirectoryNames are the cities and provider names of every world's
// directory, without building one: what a fake model reading messages
// with the embedded understanding must know.
func DirectoryNames() (cities, providers []string) {
	seen := map[string]bool{}
	for e := range demo.Generate(worldDirectory()) {
		if !seen[e.Provider.City] {
			seen[e.Provider.City] = true
			cities = append(cities, e.Provider.City)
		}
		providers = append(providers, e.Provider.Name)
	}
	return cities, providers
}

func worldDirectory() demo.Options { return demo.Options{Seed: 7, Providers: 600, Now: now} }

// Close removes the world's database.
func (w *World) Close() error {
	if w.Store != nil {
		w.Store.Close()
	}
	return os.RemoveAll(w.dir)
}

// T is what a conversation reports failures to: a *testing.T, or the
// evaluation's recorder.
type T interface {
	Helper()
	Fatalf(format string, args ...any)
	Fatal(args ...any)
	Errorf(format string, args ...any)
}

// Harness is one conversation in progress.
type Harness struct {
	t     T
	w     *World
	st    dialogue.State
	last  *dialogue.Reply
	seen  [][]dialogue.Proposal // proposals after each turn
	made  []string              // ids of bookings made or changed in the conversation
	trans []string
}

// NewHarness starts a conversation in w.
func NewHarness(t T, w *World) *Harness {
	return &Harness{t: t, w: w, st: dialogue.State{Awaiting: dialogue.AwaitKind}}
}

// say sends a message and checks what the agent waits for next.
func (h *Harness) say(msg, wantAwaiting string) *dialogue.Reply {
	h.t.Helper()
	r, err := h.w.Manager.Turn(context.Background(), &h.st, dialogue.Message{Text: msg})
	if err != nil {
		h.t.Fatalf("Turn(%q): %v", msg, err)
	}
	h.last = r
	h.seen = append(h.seen, append([]dialogue.Proposal(nil), h.st.Proposals...))
	h.trans = append(h.trans, "> "+msg, "< "+r.Text+"   [awaiting "+h.st.Awaiting+"]")
	if r.Booking != nil {
		h.made = append(h.made, r.Booking.ID)
	}
	if wantAwaiting != "" && h.st.Awaiting != wantAwaiting {
		h.t.Fatalf("after %q the agent awaits %q, want %q\n%s", msg, h.st.Awaiting, wantAwaiting, h.transcript())
	}
	if r.Text == "" {
		h.t.Fatalf("empty reply to %q", msg)
	}
	return r
}

func (h *Harness) transcript() string { return strings.Join(h.trans, "\n") }

// booking returns the stored booking the conversation made last.
func (h *Harness) booking() (*rendezvous.Booking, *rendezvous.Provider) {
	h.t.Helper()
	if len(h.made) == 0 {
		h.t.Fatalf("no booking was made or changed\n%s", h.transcript())
	}
	ctx := context.Background()
	b, err := h.w.Store.Booking(ctx, h.made[len(h.made)-1])
	if err != nil {
		h.t.Fatal(err)
	}
	p, err := h.w.Store.Provider(ctx, b.ProviderID)
	if err != nil {
		h.t.Fatal(err)
	}
	return b, p
}

// wantBooked checks the store: an active booking of that kind in that
// city on that local date (and at that time when given), for that email.
func (h *Harness) wantBooked(kind rendezvous.Kind, city, date, clock, email string) *rendezvous.Booking {
	h.t.Helper()
	b, p := h.booking()
	loc, _ := p.Location()
	local := b.Start.In(loc)
	var problems []string
	if b.Status != rendezvous.StatusBooked {
		problems = append(problems, "status "+string(b.Status))
	}
	if p.Kind != kind || rendezvous.FoldKey(p.City) != rendezvous.FoldKey(city) {
		problems = append(problems, fmt.Sprintf("provider is a %s in %s", p.Kind, p.City))
	}
	if date != "" && local.Format("2006-01-02") != date {
		problems = append(problems, "date "+local.Format("2006-01-02"))
	}
	if clock != "" && local.Format("15:04") != clock {
		problems = append(problems, "time "+local.Format("15:04"))
	}
	if b.Customer.Email != email {
		problems = append(problems, "email "+b.Customer.Email)
	}
	if len(problems) > 0 {
		h.t.Fatalf("booking %s: %s; want a %s in %s on %s %s for %s\n%s", b.ID, strings.Join(problems, ", "), kind, city, date, clock, email, h.transcript())
	}
	return b
}

// wantStatus checks a booking's status in the store.
func (h *Harness) wantStatus(id string, status rendezvous.BookingStatus) *rendezvous.Booking {
	h.t.Helper()
	b, err := h.w.Store.Booking(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	if b.Status != status {
		h.t.Fatalf("booking %s is %s, want %s\n%s", id, b.Status, status, h.transcript())
	}
	return b
}

// BookDirectly makes a booking outside the conversation (a customer who
// booked on another day), on the first free slot of a kind in a city.
func (h *Harness) BookDirectly(kind rendezvous.Kind, city, email string, after time.Time) *booking.Confirmation {
	h.t.Helper()
	ctx := context.Background()
	slots, err := h.w.Desk.Earliest(ctx, booking.SearchQuery{Kind: kind, City: city, After: after, Limit: 5})
	if err != nil || len(slots) == 0 {
		h.t.Fatalf("no slot to book directly: %v", err)
	}
	for _, s := range slots {
		c, err := h.w.Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: s.ProviderID, ServiceID: s.ServiceID, Start: s.Start,
			Customer: rendezvous.Customer{Name: "Paul Martin", Email: email, Phone: "0611223344"}})
		if err == nil {
			return c
		}
	}
	h.t.Fatal("could not book directly")
	return nil
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(strings.ToLower(s), strings.ToLower(p)) {
			return false
		}
	}
	return true
}

func lower(s string) string { return strings.ToLower(s) }
