package dialogue_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestSeveralPeopleAreToldOneAppointmentEach: a customer booking for
// several people is told, on every brain, that an appointment is for one
// person, wherever in the conversation they say it; the booking goes on
// for one (a slot picked in the same message is taken), and at the summary
// it books nothing (TestOnlyAClearYesActs has those answers too).
func TestSeveralPeopleAreToldOneAppointmentEach(t *testing.T) {
	told := func(reply string) bool {
		return strings.Contains(reply, "one appointment per person") || strings.Contains(reply, "un rendez-vous par personne")
	}
	first := []string{
		"a dentist in Lyon next week for 2 people", "I need a dentist in Lyon for me and my wife next week",
		"dentist in Lyon next week, the three of us", "two appointments with a dentist in Lyon next week please",
		"un dentiste à Lyon la semaine prochaine pour 3 personnes", "un dentiste à Lyon pour moi et mon fils la semaine prochaine",
		"deux rendez-vous chez le dentiste à Lyon la semaine prochaine", "un dentiste à Lyon la semaine prochaine pour nous deux",
		"a dentist in Lyon next week for my son and me", "dentiste à Lyon semaine prochaine pour toute la famille",
	}
	atSlots := []string{"for 2 people", "pour 2 personnes", "it's for me and my husband", "c'est pour ma femme et moi"}
	for name, m := range brains(t) {
		t.Run(name, func(t *testing.T) {
			for _, msg := range first {
				st := &dialogue.State{}
				reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
				if err != nil {
					t.Fatal(err)
				}
				if !told(reply.Text) || st.Awaiting != dialogue.AwaitSlotChoice {
					t.Errorf("%q: awaiting %q, reply %q; want the note and the slots", msg, st.Awaiting, reply.Text)
				}
			}
			for _, msg := range atSlots {
				st := &dialogue.State{}
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "a dentist in Lyon next week"}); err != nil {
					t.Fatal(err)
				}
				reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
				if err != nil {
					t.Fatal(err)
				}
				if !told(reply.Text) || st.Awaiting != dialogue.AwaitSlotChoice || len(st.Proposals) == 0 {
					t.Errorf("%q at the slots: awaiting %q, reply %q; want the note and the slots still offered", msg, st.Awaiting, reply.Text)
				}
			}
			// A slot picked in the same message is taken.
			st := &dialogue.State{}
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "a dentist in Lyon next week"}); err != nil {
				t.Fatal(err)
			}
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: "the first one, for me and my daughter"})
			if err != nil {
				t.Fatal(err)
			}
			if !told(reply.Text) || st.Chosen == nil {
				t.Errorf("a pick for two: chosen %v, reply %q; want the first slot and the note", st.Chosen, reply.Text)
			}
			// One person is no party.
			st = &dialogue.State{}
			reply, err = m.Turn(context.Background(), st, dialogue.Message{Text: "a dentist in Lyon next week for my son"})
			if err != nil {
				t.Fatal(err)
			}
			if told(reply.Text) {
				t.Errorf("for one person: %q", reply.Text)
			}
		})
	}
}
