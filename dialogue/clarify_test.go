package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestMisunderstoodMessages: four messages in a row the agent cannot read
// get four different replies, each saying what is understood so far and
// what is needed, with an example; from the third, what the agent can do
// and where else to turn. Nothing changes meanwhile: what is awaited, the
// slots offered, a change waiting for a yes.
func TestMisunderstoodMessages(t *testing.T) {
	gibberish := []string{"blorp", "qwzx fjdk", "the thing with the stuff", "hmm whatever lol"}
	gibberishFR := []string{"euh", "bof bof", "le truc avec le machin", "jsp mdr"}
	cases := []struct {
		name  string
		setup func(t *testing.T, st *dialogue.State)
		msgs  []string
		known []string // in every reply: what is understood
		need  []string // in every reply: what is needed
	}{
		{"SlotChoice", func(t *testing.T, st *dialogue.State) { talk(t, st, "I need a dentist in Lyon") }, gibberish,
			[]string{"a dentist in Lyon"}, []string{"1) ", "3) "}},
		{"DateOfAMove", grantedMove, gibberish, []string{"your appointment with"}, []string{"day"}},
		{"ReferenceFrench", func(t *testing.T, st *dialogue.State) { talk(t, st, "je voudrais déplacer mon rendez-vous") }, gibberishFR,
			[]string{"déplacement"}, []string{"référence", "RDV-"}},
		{"KindFrench", func(t *testing.T, st *dialogue.State) { talk(t, st, "bonjour, c'est pour Lyon") }, gibberishFR,
			[]string{"Lyon"}, []string{"type de rendez-vous"}},
		{"NothingYet", func(*testing.T, *dialogue.State) {}, gibberish, nil, []string{"like to do", "cancel"}},
		{"Summary", func(t *testing.T, st *dialogue.State) {
			talk(t, st, "Book me a dentist in Lyon next week, I'm Marie Curie, marie@example.com, 06 12 34 56 78", "the first one")
		}, gibberish, []string{"Marie Curie"}, []string{"yes or no"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &dialogue.State{}
			c.setup(t, st)
			awaiting, proposals, pending := st.Awaiting, len(st.Proposals), st.Pending
			seen := map[string]bool{}
			for i, msg := range c.msgs {
				r := talk(t, st, msg)[0]
				if seen[r.Text] {
					t.Errorf("reply %d repeats an earlier one: %q", i+1, r.Text)
				}
				seen[r.Text] = true
				for _, s := range append(append([]string{}, c.known...), c.need...) {
					if !strings.Contains(r.Text, s) {
						t.Errorf("reply %d to %q does not say %q: %q", i+1, msg, s, r.Text)
					}
				}
				if !strings.ContainsAny(r.Text, "“«") {
					t.Errorf("reply %d gives no example: %q", i+1, r.Text)
				}
				if i >= 2 && !strings.Contains(r.Text, "cabinet") && !strings.Contains(r.Text, "practice") {
					t.Errorf("reply %d does not point elsewhere: %q", i+1, r.Text)
				}
				if awaiting == "" {
					awaiting = st.Awaiting // a first message: what the agent waits for is set
				}
				if len(r.Actions) > 0 || st.Awaiting != awaiting || len(st.Proposals) != proposals || (st.Pending == nil) != (pending == nil) {
					t.Fatalf("reply %d changed the conversation (actions %v, awaiting %q, %d proposals): %q", i+1, r.Actions, st.Awaiting,
						len(st.Proposals), r.Text)
				}
			}
		})
	}
}

// TestNeverTheSameWordsTwice: whatever the customer answers, two replies
// in a row are never the same words — the same question is asked
// differently, a detail that fails again is explained again differently.
func TestNeverTheSameWordsTwice(t *testing.T) {
	cases := map[string][]string{
		"CityRefused":          {"I need a dentist", "no", "no", "no", "no"},
		"UnknownCities":        {"un kiné lundi", "Gotham", "Gotham", "Atlantis", "Gotham"},
		"EmailAgain":           {"dentist in Lyon tomorrow", "the first one", "Marie Curie", "marie at example", "marie at example", "marie at example", "marie at example"},
		"NameAgain":            {"dentist in Lyon tomorrow", "the first one", "euh", "euh", "euh", "euh"},
		"HesitationAtYes":      {"Book me a dentist in Lyon next week, I'm Marie Curie, marie@example.com, 06 12 34 56 78", "the first one", "hmm", "hmm", "hmm"},
		"ProviderUnpicked":     {"I'd like to see Dr Leroy", "hmm", "hmm", "hmm"},
		"TextingFrench":        {"slt", "jsp", "jsp", "jsp", "jsp"},
		"QuestionsAtThePrompt": {"dentist in Lyon tomorrow", "the first one", "can I pay by card", "can I pay by card", "can I pay by card"},
	}
	for name, msgs := range cases {
		t.Run(name, func(t *testing.T) {
			st := &dialogue.State{}
			last := ""
			for i, r := range talk(t, st, msgs...) {
				if r.Text == last {
					t.Fatalf("reply %d to %q repeats the previous one: %q", i+1, msgs[i], r.Text)
				}
				last = r.Text
			}
		})
	}
}

// grantedMove starts moving a booking the session made: the agent asks
// for the new day.
func grantedMove(t *testing.T, st *dialogue.State) {
	w := getWorld(t)
	slots, err := w.Desk.Earliest(context.Background(), booking.SearchQuery{Kind: rendezvous.KindHairdresser, City: "Nantes",
		After: now.Add(72 * time.Hour), Limit: 1})
	if err != nil || len(slots) == 0 {
		t.Fatalf("no slot: %v", err)
	}
	c, err := w.Desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: slots[0].ProviderID, ServiceID: slots[0].ServiceID,
		Start: slots[0].Start, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "move.clarify@example.com", Phone: "06 12 34 56 78"}})
	if err != nil {
		t.Fatal(err)
	}
	st.Granted = []dialogue.Grant{{BookingID: c.Booking.ID, Version: c.Booking.TokenVersion, Proof: dialogue.ProofMade}}
	talk(t, st, "I need to move my appointment")
	if st.Awaiting != dialogue.AwaitDate {
		t.Fatalf("awaiting %q", st.Awaiting)
	}
}
