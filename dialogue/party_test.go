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
		"dentist in Lyon next week, the three of us", "I need two appointments with a dentist in Lyon next week",
		"un dentiste à Lyon la semaine prochaine pour 3 personnes", "un dentiste à Lyon pour moi et mon fils la semaine prochaine",
		"je voudrais deux rendez-vous chez le dentiste à Lyon la semaine prochaine", "un dentiste à Lyon la semaine prochaine pour nous deux",
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

// TestSlotPickedWithItsOwnProvider: "number 1 with Dr Morel", the slot's
// own provider named (in full or by a title and surname), takes the slot;
// another provider named searches that one (corpus: NumberTwoButWithAnother).
func TestSlotPickedWithItsOwnProvider(t *testing.T) {
	for name, m := range brains(t) {
		t.Run(name, func(t *testing.T) {
			tried := 0
			for _, ask := range []string{"a dentist in Lyon next week", "a GP in Paris next week", "un médecin à Lyon la semaine prochaine"} {
				st := &dialogue.State{}
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: ask}); err != nil {
					t.Fatal(err)
				}
				if len(st.Proposals) == 0 {
					continue
				}
				p := st.Proposals[0]
				says := []string{"number 1 with " + p.ProviderName, "le 1, avec " + p.ProviderName}
				if f := strings.Fields(p.ProviderName); len(f) >= 3 && f[0] == "Dr" {
					says = append(says, "number 1 with Dr "+f[len(f)-1], "le 1 avec le Dr "+f[len(f)-1])
				}
				// With a change, that provider at the other time: never "which
				// Dr …?" among the directory's namesakes.
				if f := strings.Fields(p.ProviderName); len(f) >= 3 && f[0] == "Dr" {
					for _, say := range []string{"number 1 with Dr " + f[len(f)-1] + " but on Friday", "le 1 avec le Dr " + f[len(f)-1] + " mais vendredi"} {
						st2 := cloneState(t, st)
						reply, err := m.Turn(context.Background(), st2, dialogue.Message{Text: say})
						if err != nil {
							t.Fatal(err)
						}
						tried++
						if st2.Awaiting == dialogue.AwaitProvider || st2.ProviderID != p.ProviderID {
							t.Errorf("%q after %q: awaiting %q, provider %d, reply %q; want %s's slots on Friday", say, ask, st2.Awaiting, st2.ProviderID, reply.Text, p.ProviderName)
						}
					}
				}
				for _, say := range says {
					st2 := cloneState(t, st)
					reply, err := m.Turn(context.Background(), st2, dialogue.Message{Text: say})
					if err != nil {
						t.Fatal(err)
					}
					tried++
					if st2.Chosen == nil || st2.Chosen.ProviderID != p.ProviderID || !st2.Chosen.Start.Equal(p.Start) {
						t.Errorf("%q after %q: chosen %+v, reply %q; want the first slot", say, ask, st2.Chosen, reply.Text)
					}
				}
			}
			if tried == 0 {
				t.Fatal("no search found slots")
			}
		})
	}
}
