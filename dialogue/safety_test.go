package dialogue_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// Only a clear yes to the current summary acts. These properties hold on
// every brain: the embedded understanding, and a brain that claims the
// customer said yes whenever the agent waits for a confirmation (the worst
// a model could do).

// yesSayer reads messages with the embedded brain, except at a
// confirmation, where it always reports a yes.
type yesSayer struct{ embedded dialogue.Brain }

func (y yesSayer) Interpret(ctx context.Context, in dialogue.Input) (understand.Result, error) {
	r, err := y.embedded.Interpret(ctx, in)
	if in.State.Awaiting == dialogue.AwaitConfirmation {
		r.Intent = understand.IntentAffirm
	}
	return r, err
}

// brains are the brains the properties are checked on.
func brains(t *testing.T) map[string]*dialogue.Manager {
	w := getWorld(t)
	embedded := dialogue.NewEmbeddedBrain(w.Desk.Names, 0)
	manager := func(b, confirmer dialogue.Brain) *dialogue.Manager {
		return dialogue.NewManager(dialogue.ManagerConfig{Brain: b, Confirmer: confirmer, Tools: w.Tools, Zones: w.Desk.CityZone,
			Cities: w.Desk.Cities, DefaultZone: now.Location(), Now: func() time.Time { return now }})
	}
	return map[string]*dialogue.Manager{
		"Embedded": manager(embedded, nil),
		// Without the embedded double-check: the clear-yes gate alone.
		"YesSayer":          manager(yesSayer{embedded}, nil),
		"YesSayerConfirmed": manager(yesSayer{embedded}, embedded),
	}
}

// unsafe are answers to a summary that are not a clear yes: questions,
// corrections, conditions, hesitations — each an example of its class, in
// English and French, with and without a "yes" in front.
var unsafe = []string{
	// Questions.
	"is that ok for the price?", "wait, is it ok if I bring my son?", "is it far from the station?", "yes?", "ok?",
	"can I pay by card?", "oui ? c'est combien", "c'est remboursé ?", "est-ce que je peux venir avec mon fils",
	"is that with the same dentist", "how long does it take", "yes, is there parking?", "oui, il y a un parking ?",
	"is my appointment confirmed?", "what time is my appointment?", "c'est à quelle heure mon rdv ?",
	// Corrections.
	"the surname is Martin", "make it 11 instead", "actually, 11 would be better", "yes but at 11", "oui mais à 11h",
	"my email is marie.martin@example.com", "no wait, Thursday", "plutôt jeudi", "yes, Tuesday instead", "oui pour mardi",
	"the phone is 06 98 76 54 32", "mon nom c'est Dupont", "with Dr Leroy rather", "yes with someone else",
	// Conditions.
	"yes, but only if it's before noon", "ok as long as it's not too far", "oui sauf si c'est loin", "d'accord si c'est remboursé",
	"yes if it's covered", "yes unless it's Dr Martin", "ok provided I can cancel", "oui à condition de pouvoir annuler",
	// Hesitations.
	"maybe", "I think so", "hmm ok", "euh oui", "je pense que oui", "peut-être", "let me think", "not sure", "wait", "attendez",
	"yes... actually no", "I guess", "probably", "pas sûr",
	// For several people: one appointment is for one (TestSeveralPeopleAreToldOneAppointmentEach).
	"yes for both of us", "yes, for 2 people", "ok for me and my wife", "oui pour nous deux", "oui, pour moi et ma fille",
}

// cloneState copies a state through its JSON, as a session store would.
func cloneState(t *testing.T, st *dialogue.State) *dialogue.State {
	t.Helper()
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var out dialogue.State
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// atSummary brings a conversation to the summary of action.
func atSummary(t *testing.T, m *dialogue.Manager, action string) *dialogue.State {
	t.Helper()
	w := getWorld(t)
	st := &dialogue.State{}
	say := func(msg string) {
		t.Helper()
		if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
			t.Fatal(err)
		}
	}
	if action != "book" {
		slots, err := w.Desk.Earliest(context.Background(), booking.SearchQuery{Kind: rendezvous.KindDentist, City: "Lyon",
			After: now.Add(48 * time.Hour), Before: now.Add(7 * 24 * time.Hour), Limit: 1})
		if err != nil || len(slots) == 0 {
			t.Fatalf("no slot: %v", err)
		}
		c, err := w.Desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: slots[0].ProviderID, ServiceID: slots[0].ServiceID,
			Start: slots[0].Start, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "06 12 34 56 78"}})
		if err != nil {
			t.Fatal(err)
		}
		st.Granted = []dialogue.Grant{{BookingID: c.Booking.ID, Version: c.Booking.TokenVersion, Proof: dialogue.ProofMade}}
	}
	switch action {
	case "book":
		say("Book me a dentist in Lyon next week, I'm Marie Curie, marie@example.com, 06 12 34 56 78")
	case "cancel":
		say("cancel my appointment")
	case "reschedule":
		say("move my appointment")
		// The shared world fills up as tests book: try days until one
		// has room.
		for _, d := range []string{"Friday", "Thursday", "next Monday", "next Tuesday", "next Wednesday"} {
			if st.Awaiting != dialogue.AwaitDate {
				break
			}
			say(d)
		}
	}
	for range 2 {
		if st.Awaiting == dialogue.AwaitSlotChoice {
			say("the first one")
		}
	}
	if st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil || st.Pending.Kind != action {
		t.Fatalf("%s: not at the summary: awaiting %q, pending %+v", action, st.Awaiting, st.Pending)
	}
	return st
}

func TestOnlyAClearYesActs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for name, m := range brains(t) {
		t.Run(name, func(t *testing.T) {
			for _, action := range []string{"book", "cancel", "reschedule"} {
				t.Run(action, func(t *testing.T) {
					summary := atSummary(t, m, action)
					try := func(msg string) {
						t.Helper()
						st := cloneState(t, summary)
						reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
						if err != nil {
							t.Fatal(err)
						}
						if reply.Booking != nil || len(reply.Actions) > 0 && acted(reply.Actions) {
							t.Fatalf("%q made the agent act (%v): %q", msg, reply.Actions, reply.Text)
						}
					}
					for _, msg := range unsafe {
						try(msg)
					}
					// Random mixes: a yes, then something that unmakes it.
					yeses := []string{"yes", "oui", "ok", "d'accord", "sure", "parfait", "go ahead", "yes please"}
					for range 150 {
						msg := yeses[r.IntN(len(yeses))] + []string{", ", " ", "! ", "... "}[r.IntN(4)] + unsafe[r.IntN(len(unsafe))]
						try(msg)
					}
					// And a clear yes does act, on every brain.
					st := cloneState(t, summary)
					reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: "yes"})
					if err != nil {
						t.Fatal(err)
					}
					if !acted(reply.Actions) {
						t.Fatalf("a clear yes did not act: %q", reply.Text)
					}
				})
			}
		})
	}
}

func acted(actions []string) bool {
	for _, a := range actions {
		if a == "booked" || a == "cancelled" || a == "rescheduled" {
			return true
		}
	}
	return false
}

// TestCorrectionAtTheSummaryIsShownAgain: a correction given in answer to
// the summary changes the summary, which is shown again, and books
// nothing.
func TestCorrectionAtTheSummaryIsShownAgain(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{"yes but my email is marie.martin@example.com", "oui mais mon adresse c'est marie.martin@example.com"} {
		t.Run(msg, func(t *testing.T) {
			st := atSummary(t, m, "book")
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
			if err != nil {
				t.Fatal(err)
			}
			if acted(reply.Actions) || st.Awaiting != dialogue.AwaitConfirmation || st.Customer.Email != "marie.martin@example.com" ||
				!strings.Contains(reply.Text, "marie.martin@example.com") {
				t.Fatalf("after %q: awaiting %q, email %q: %q", msg, st.Awaiting, st.Customer.Email, reply.Text)
			}
		})
	}
}

// FuzzAnswerAtTheSummary sends arbitrary answers to a booking summary:
// the agent acts only on a message that is a clear yes.
func FuzzAnswerAtTheSummary(f *testing.F) {
	for _, s := range append([]string{"yes", "oui", "ok 👍", "yes but", "oui mais à 11h"}, unsafe...) {
		f.Add(s)
	}
	var summaries map[string]*dialogue.State
	var managers map[string]*dialogue.Manager
	f.Fuzz(func(t *testing.T, msg string) {
		if summaries == nil {
			managers = brains(t)
			summaries = map[string]*dialogue.State{}
			for name, m := range managers {
				summaries[name] = atSummary(t, m, "book")
			}
		}
		for name, m := range managers {
			st := cloneState(t, summaries[name])
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
			if err != nil {
				t.Fatal(err)
			}
			if acted(reply.Actions) {
				if !understand.ClearYes(msg, understand.ActionBook) {
					t.Fatalf("%s: %q booked without a clear yes", name, msg)
				}
				// Free the slot for the next input.
				if reply.Booking == nil {
					t.Fatalf("%s: booked without saying which booking", name)
				}
				if _, err := getWorld(t).Desk.Cancel(context.Background(), reply.Booking.ID, reply.Token); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
