package dialogue_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// questions about the appointment under discussion, each with what its
// answer must hold: the price, the length or the address.
var questions = []struct {
	msg  string
	asks string // "price", "duration", "address"
}{
	{"how much is it?", "price"}, {"c'est combien ?", "price"}, {"combien ca coute", "price"}, {"and the price?", "price"},
	{"how much will it cost me", "price"}, {"quel est le tarif ?", "price"},
	{"where is it?", "address"}, {"c'est où ?", "address"}, {"ou se trouve le cabinet ?", "address"}, {"what's the address?", "address"},
	{"how long does it take?", "duration"}, {"ça dure combien de temps ?", "duration"}, {"how long is the appointment", "duration"},
	{"ca dure combien", "duration"},
}

// TestQuestionsAtTheSummary: a question about the booking waiting for a
// yes is answered from the directory (the service's price and length, the
// provider's address), on every brain, and nothing is done: the summary
// still waits for a clear yes, which still books.
func TestQuestionsAtTheSummary(t *testing.T) {
	w := getWorld(t)
	for name, m := range brains(t) {
		t.Run(name, func(t *testing.T) {
			summary := atSummary(t, m, "book")
			p, err := w.Desk.Provider(context.Background(), summary.Chosen.ProviderID)
			if err != nil {
				t.Fatal(err)
			}
			svc, _ := p.Service(summary.Chosen.ServiceID)
			for _, q := range questions {
				st := cloneState(t, summary)
				r, err := m.Turn(context.Background(), st, dialogue.Message{Text: q.msg})
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]string{"price": amount(svc.PriceCents, st.Language), "duration": fmt.Sprintf("%d minutes", int(svc.Duration.Minutes())),
					"address": p.Address}[q.asks]
				if !strings.Contains(strings.ReplaceAll(r.Text, "\u00a0", " "), want) || strings.Contains(r.Text, "can't") || strings.Contains(r.Text, "ne peux pas") {
					t.Errorf("%q: %q, want the %s (%q)", q.msg, r.Text, q.asks, want)
				}
				if acted(r.Actions) || st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil {
					t.Fatalf("%q acted or dropped the summary (awaiting %q): %q", q.msg, st.Awaiting, r.Text)
				}
				if name == "Embedded" {
					if r, err = m.Turn(context.Background(), st, dialogue.Message{Text: "yes"}); err != nil || !acted(r.Actions) {
						t.Fatalf("after %q, a yes did not book: %v %q", q.msg, err, r.Text)
					}
					if _, err := w.Desk.Cancel(context.Background(), r.Booking.ID, r.Token); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}

// TestQuestionsAboutProposals: a question about the slots offered answers
// for the one it names, or for each, and chooses none.
func TestQuestionsAboutProposals(t *testing.T) {
	w := getWorld(t)
	st := &dialogue.State{}
	talk(t, st, "I need a dentist in Lyon on Friday")
	if len(st.Proposals) < 2 {
		t.Fatalf("proposals: %+v", st.Proposals)
	}
	second := st.Proposals[1]
	p, err := w.Desk.Provider(context.Background(), second.ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := p.Service(second.ServiceID)
	for _, c := range []struct{ msg, want string }{
		{"how much is the second one?", amount(svc.PriceCents, "en")},
		{"where is the second one?", p.Address},
		{"c'est où le deuxième ?", p.Address},
		{"how much is it?", "2) "},
	} {
		r := talk(t, st, c.msg)[0]
		if !strings.Contains(r.Text, c.want) || st.Chosen != nil || st.Awaiting != dialogue.AwaitSlotChoice {
			t.Errorf("%q: %q (chosen %v, awaiting %q), want %q", c.msg, r.Text, st.Chosen != nil, st.Awaiting, c.want)
		}
	}
}

// amount is an amount in euros as the replies write it: "€25", "32,50 €".
func amount(cents int64, lang string) string {
	n, sep := fmt.Sprint(cents/100), "."
	if lang == "fr" {
		sep = ","
	}
	if cents%100 != 0 {
		n += fmt.Sprintf("%s%02d", sep, cents%100)
	}
	if lang == "fr" {
		return n + " €"
	}
	return "€" + n
}

// TestQuestionsWithNothingToAnswerFor: asked before any slot, the agent
// says what the answer depends on — never that it cannot help.
func TestQuestionsWithNothingToAnswerFor(t *testing.T) {
	for _, msg := range []string{"how much is it?", "c'est combien ?", "where is it?", "ça dure combien de temps ?"} {
		st := &dialogue.State{}
		r := talk(t, st, msg)[0]
		if !strings.Contains(r.Text, "depend") && !strings.Contains(r.Text, "dépend") || strings.Contains(r.Text, "can't") ||
			strings.Contains(r.Text, "ne peux pas") {
			t.Errorf("%q: %q", msg, r.Text)
		}
	}
}

// TestQuestionAtACancellation: the booking being cancelled is what a
// question is about; the cancellation still waits for a yes.
func TestQuestionAtACancellation(t *testing.T) {
	w := getWorld(t)
	m := brains(t)["Embedded"]
	summary := atSummary(t, m, "cancel")
	p, err := w.Desk.Provider(context.Background(), summary.Target.ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	st := cloneState(t, summary)
	r, err := m.Turn(context.Background(), st, dialogue.Message{Text: "where is it again?"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, p.Address) || acted(r.Actions) || st.Pending == nil || st.Pending.Kind != "cancel" {
		t.Fatalf("%q (pending %+v)", r.Text, st.Pending)
	}
}
