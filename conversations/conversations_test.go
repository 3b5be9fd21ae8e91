package conversations

import (
	"os"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

var (
	worldOnce sync.Once
	theWorld  *World
	worldErr  error
)

// getWorld returns the world shared by the tests of this package.
func getWorld(t testing.TB) *World {
	t.Helper()
	worldOnce.Do(func() { theWorld, worldErr = NewWorld(t.Context(), nil) })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theWorld != nil {
		theWorld.Close()
	}
	os.Exit(code)
}

func TestConversations(t *testing.T) {
	convs := All()
	n := 0
	for _, c := range convs {
		if c.check != nil {
			n++
		}
	}
	if n < 40 {
		t.Errorf("only %d scripted conversations end in a checked outcome; want at least 40", n)
	}
	for _, c := range convs {
		if c.check == nil {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			c.Play(t, getWorld(t))
		})
	}
}

// TestSlotTakenBeforeYes takes the chosen slot behind the agent's back
// between the summary and the customer's yes: the agent apologises and
// proposes the next free slots, and books nothing without a new yes.
func TestSlotTakenBeforeYes(t *testing.T) {
	h := NewHarness(t, getWorld(t))
	h.say("Book me a dentist in Lyon on Friday at 11, I'm Vera Wang, vera@example.com, 0612345622", "")
	if h.st.Awaiting == awChoice {
		h.say("the first one", awConfirm)
	}
	if h.st.Awaiting != awConfirm || h.st.Pending == nil {
		t.Fatalf("no confirmation asked\n%s", h.transcript())
	}
	p := h.st.Pending
	if _, err := h.w.Desk.Book(t.Context(), rendezvous.BookingRequest{ProviderID: p.ProviderID, ServiceID: p.ServiceID, Start: p.Start,
		Customer: rendezvous.Customer{Name: "Someone Else", Email: "else@example.com", Phone: "0611111111"}}); err != nil {
		t.Fatal(err)
	}
	r := h.say("yes", awChoice)
	if len(r.Actions) == 0 || !containsAll(r.Text, "sorry") || len(h.made) != 0 {
		t.Fatalf("expected an apology and new proposals\n%s", h.transcript())
	}
	for _, q := range h.st.Proposals {
		if q.ProviderID == p.ProviderID && q.Start.Equal(p.Start) {
			t.Fatalf("the taken slot is proposed again\n%s", h.transcript())
		}
	}
	h.say("the first one", awConfirm)
	h.say("yes", awNothing)
	h.wantBooked(rendezvous.KindDentist, "Lyon", "", "", "vera@example.com")
}

// TestRepliesAreShort keeps every reply of every conversation short.
func TestRepliesAreShort(t *testing.T) {
	for _, c := range All() {
		if c.check == nil {
			continue
		}
		h := NewHarness(t, getWorld(t))
		steps := c.steps
		if c.setup != nil {
			steps = append(c.setup(h), steps...)
		}
		for _, s := range steps {
			r, err := h.w.Manager.Turn(t.Context(), &h.st, dialogue.Message{Text: s.say})
			if err != nil {
				t.Fatal(err)
			}
			if n := len([]rune(r.Text)); n > 400 {
				t.Errorf("%s: reply of %d characters to %q: %s", c.Name, n, s.say, r.Text)
			}
		}
	}
}

// TestDirectoryNames checks that the names given to fake models are those
// of the world's directory.
func TestDirectoryNames(t *testing.T) {
	cities, providers := DirectoryNames()
	wantCities, wantProviders, err := getWorld(t).Desk.Names(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	sameSet := func(what string, got, want []string) {
		g, w := map[string]bool{}, map[string]bool{}
		for _, s := range got {
			g[s] = true
		}
		for _, s := range want {
			w[s] = true
		}
		if len(g) != len(w) || len(g) == 0 {
			t.Errorf("%s: %d distinct, want %d", what, len(g), len(w))
		}
		for s := range w {
			if !g[s] {
				t.Errorf("%s: %q missing", what, s)
				return
			}
		}
	}
	sameSet("cities", cities, wantCities)
	sameSet("providers", providers, wantProviders)
}
