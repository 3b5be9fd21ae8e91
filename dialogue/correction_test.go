package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Corrections apply at every step — at the summary, at any prompt, in the
// same message as a choice — and the summary is then shown again with the
// change; nothing is booked until a clear yes to it.

// correction is a message that changes one thing, and how to see it.
type correction struct {
	msg   string
	check func(st *dialogue.State) bool
}

func chosenAt(hour, min int) func(st *dialogue.State) bool {
	return func(st *dialogue.State) bool {
		if st.Chosen == nil {
			return st.Time == clock(hour, min)
		}
		l := st.Chosen.Start.In(now.Location())
		return l.Hour() == hour && l.Minute() == min
	}
}

func clock(h, m int) string { return time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04") }

func chosenOn(wd time.Weekday) func(st *dialogue.State) bool {
	return func(st *dialogue.State) bool {
		if st.Chosen == nil {
			d, err := time.Parse("2006-01-02", st.Date)
			return err == nil && d.Weekday() == wd
		}
		return st.Chosen.Start.In(now.Location()).Weekday() == wd
	}
}

func nameIs(name string) func(st *dialogue.State) bool {
	return func(st *dialogue.State) bool { return st.Customer.Name == name }
}

func emailIs(email string) func(st *dialogue.State) bool {
	return func(st *dialogue.State) bool { return st.Customer.Email == email }
}

func phoneIs(phone string) func(st *dialogue.State) bool {
	return func(st *dialogue.State) bool { return st.Customer.Phone == phone }
}

var summaryCorrections = []correction{
	{"the surname is Martin", nameIs("Marie Martin")},
	{"sorry, my surname is Martin, not Curie", nameIs("Marie Martin")},
	{"le nom de famille c'est Martin", nameIs("Marie Martin")},
	{"my name is Jeanne Dupont actually", nameIs("Jeanne Dupont")},
	{"non, c'est au nom de Jeanne Dupont", nameIs("Jeanne Dupont")},
	{"my email is marie.martin@example.com", emailIs("marie.martin@example.com")},
	{"wrong email, it's marie.martin@example.com", emailIs("marie.martin@example.com")},
	{"mon mail c'est plutôt marie.martin@example.com", emailIs("marie.martin@example.com")},
	{"my number is 07 98 76 54 32", phoneIs("+33798765432")},
	{"le numéro c'est le 07 98 76 54 32", phoneIs("+33798765432")},
	{"make it 11 instead", chosenAt(11, 0)},
	{"can we do 11 instead", chosenAt(11, 0)},
	{"plutôt à 11h", chosenAt(11, 0)},
	{"actually Thursday", chosenOn(time.Thursday)},
	{"plutôt jeudi", chosenOn(time.Thursday)},
	{"no, Thursday same time", chosenOn(time.Thursday)},
}

// summaryFor books nothing and brings a fresh conversation to a booking
// summary on Wednesday at 10:00 in Lyon for Marie Curie.
func summaryFor(t *testing.T, m *dialogue.Manager) *dialogue.State {
	t.Helper()
	st := &dialogue.State{}
	for _, msg := range []string{"Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"} {
		if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if st.Awaiting == dialogue.AwaitSlotChoice {
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "the first one"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st.Awaiting != dialogue.AwaitConfirmation {
		t.Fatalf("not at the summary: awaiting %q", st.Awaiting)
	}
	return st
}

func TestCorrectionsAtTheSummary(t *testing.T) {
	m := brains(t)["Embedded"]
	base := summaryFor(t, m)
	for _, c := range summaryCorrections {
		t.Run(c.msg, func(t *testing.T) {
			st := cloneState(t, base)
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: c.msg})
			if err != nil {
				t.Fatal(err)
			}
			if acted(reply.Actions) {
				t.Fatalf("a correction acted: %q", reply.Text)
			}
			// Either the corrected summary, or (for a new time or day) a
			// choice among the slots then.
			if !c.check(st) && st.Awaiting != dialogue.AwaitSlotChoice {
				t.Fatalf("not applied: awaiting %q, chosen %v, customer %+v: %q", st.Awaiting, st.Chosen, st.Customer, reply.Text)
			}
			if st.Awaiting == dialogue.AwaitSlotChoice {
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "the first one"}); err != nil {
					t.Fatal(err)
				}
			}
			if st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil || !c.check(st) {
				t.Fatalf("the summary is not shown again with the change: awaiting %q, chosen %v, customer %+v: %q",
					st.Awaiting, st.Chosen, st.Customer, reply.Text)
			}
		})
	}
}

// At a prompt for a detail, a change of day or time is taken as such (and
// never as the detail), and the prompt goes on.
func TestCorrectionsAtPrompts(t *testing.T) {
	m := brains(t)["Embedded"]
	prompts := map[string]string{
		dialogue.AwaitName:  "Book me a dentist in Lyon on Wednesday around 10",
		dialogue.AwaitEmail: "Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie",
		dialogue.AwaitPhone: "Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie, marie@example.com",
	}
	changes := []correction{
		{"wait, rather Thursday same time", chosenOn(time.Thursday)},
		{"actually make it Thursday", chosenOn(time.Thursday)},
		{"attendez, plutôt jeudi même heure", chosenOn(time.Thursday)},
		{"sorry, can we do 11 instead", chosenAt(11, 0)},
		{"plutôt 11h en fait", chosenAt(11, 0)},
	}
	for prompt, first := range prompts {
		for _, c := range changes {
			t.Run(prompt+"/"+c.msg, func(t *testing.T) {
				st := &dialogue.State{}
				for _, msg := range []string{first, "the first one"} {
					if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
						t.Fatal(err)
					}
					if st.Awaiting == prompt {
						break
					}
				}
				if st.Awaiting != prompt {
					t.Fatalf("not at the %s prompt: awaiting %q", prompt, st.Awaiting)
				}
				before := st.Customer
				reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: c.msg})
				if err != nil {
					t.Fatal(err)
				}
				if st.Customer != before {
					t.Fatalf("the correction was taken as a detail: %+v → %+v", before, st.Customer)
				}
				if st.Awaiting == dialogue.AwaitSlotChoice {
					if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "the first one"}); err != nil {
						t.Fatal(err)
					}
				}
				if !c.check(st) || st.Awaiting != prompt {
					t.Fatalf("after %q: awaiting %q (want %q), chosen %v: %q", c.msg, st.Awaiting, prompt, st.Chosen, reply.Text)
				}
			})
		}
	}
}

// A choice and a detail in one message: both are taken.
func TestChoiceWithADetail(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{
		"the second one, and my email is marie.martin@example.com",
		"le deuxième, mon mail c'est marie.martin@example.com",
	} {
		t.Run(msg, func(t *testing.T) {
			st := &dialogue.State{}
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "Book me a dentist in Lyon on Wednesday, I'm Marie Curie"}); err != nil {
				t.Fatal(err)
			}
			if st.Awaiting != dialogue.AwaitSlotChoice || len(st.Proposals) < 2 {
				t.Fatalf("no proposals: awaiting %q", st.Awaiting)
			}
			second := st.Proposals[1]
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
			if err != nil {
				t.Fatal(err)
			}
			if st.Chosen == nil || !st.Chosen.Start.Equal(second.Start) || st.Chosen.ProviderID != second.ProviderID ||
				st.Customer.Email != "marie.martin@example.com" || !strings.Contains(reply.Text, "") {
				t.Fatalf("chosen %v, email %q: %q", st.Chosen, st.Customer.Email, reply.Text)
			}
		})
	}
}
