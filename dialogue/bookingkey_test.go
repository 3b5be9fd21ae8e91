package dialogue_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// toConfirmation are the messages that lead to "Shall I book it?", in
// each language.
var toConfirmation = map[string][]string{
	"en": {"I need a dentist in Lyon on Friday", "the first one", "Nicolas Robert", "nicolas@example.com", "06 11 22 33 44"},
	"fr": {"Je cherche un dentiste à Lyon vendredi", "le premier", "Nicolas Robert", "nicolas@example.com", "06 11 22 33 44"},
}

// converse plays msgs on st and returns the last reply.
func converse(t *testing.T, m *dialogue.Manager, st *dialogue.State, session string, msgs ...string) *dialogue.Reply {
	t.Helper()
	var r *dialogue.Reply
	for _, msg := range msgs {
		var err error
		if r, err = m.Turn(context.Background(), st, dialogue.Message{Text: msg, Session: session, Client: "192.0.2.7"}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func newManager(t *testing.T, desk dialogue.Desk, limits dialogue.Limits) *dialogue.Manager {
	w := getWorld(t)
	return dialogue.NewManager(dialogue.ManagerConfig{Brain: dialogue.NewEmbeddedBrain(w.Desk.Names, 0),
		Tools: dialogue.NewRegistry(desk, limits, nil), Zones: w.Desk.CityZone, DefaultZone: now.Location(),
		Now: func() time.Time { return now }})
}

// TestRetriedTurnBooksOnce: a turn that books, run again from the state
// before it (its answer lost, its session write refused), gets the same
// booking back instead of a second one — or "someone has just taken that
// slot" about the customer's own booking.
func TestRetriedTurnBooksOnce(t *testing.T) {
	m := newManager(t, getWorld(t).Desk, dialogue.Limits{})
	st := &dialogue.State{}
	converse(t, m, st, "session-1", toConfirmation["en"]...)
	saved, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	first := converse(t, m, st, "session-1", "yes")
	if first.Booking == nil {
		t.Fatalf("no booking: %q", first.Text)
	}
	var retried dialogue.State
	if err := json.Unmarshal(saved, &retried); err != nil {
		t.Fatal(err)
	}
	again := converse(t, m, &retried, "session-1", "yes")
	if again.Booking == nil || again.Booking.ID != first.Booking.ID {
		t.Fatalf("the retried turn answered %q (booking %v), want booking %s again", again.Text, again.Booking, first.Booking.ID)
	}
	if again.Token == "" {
		t.Error("the retried turn gives no manage token")
	}
}
