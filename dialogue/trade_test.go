package dialogue_test

import (
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestTradeNotOffered: a trade the agent does not book is said to be so;
// a kind near it is only offered as a question — nothing is searched until
// the customer says yes — and one with no near kind gets the list of what
// is booked.
func TestTradeNotOffered(t *testing.T) {
	cases := []struct {
		name  string
		msg   string
		says  []string        // in the reply, case-insensitive
		near  rendezvous.Kind // the kind offered as a question, "" for none
		then  string          // the answer to the question
		after rendezvous.Kind // the kind searched after the answer, "" for none
	}{
		{"OsteopathYes", "I need an osteopath in Lyon", []string{"don't book osteopaths", "would a physiotherapist do?"},
			rendezvous.KindPhysiotherapist, "yes please", rendezvous.KindPhysiotherapist},
		{"OsteopathFrenchNoAccents", "je cherche un osteopathe a lyon demain", []string{"ostéopathes", "Est-ce qu'un kiné vous conviendrait ?"},
			rendezvous.KindPhysiotherapist, "oui", rendezvous.KindPhysiotherapist},
		{"OsteoTexting", "dispo chez un osteo a lyon stp ?", []string{"ostéopathes", "kiné"},
			rendezvous.KindPhysiotherapist, "ok", rendezvous.KindPhysiotherapist},
		{"OsteopathTypo", "an ostepath in Lyon tomorrow", []string{"osteopaths", "physiotherapist do?"},
			rendezvous.KindPhysiotherapist, "no thanks", ""},
		{"KineOsteo", "un kiné-ostéo à Lyon", []string{"ostéopathes", "kiné"}, rendezvous.KindPhysiotherapist, "non merci", ""},
		{"MasseurFrench", "je voudrais un rdv chez un masseur à Paris", []string{"massages", "kiné"},
			rendezvous.KindPhysiotherapist, "d'accord", rendezvous.KindPhysiotherapist},
		{"DermatologistGP", "Do you have a dermatologist in Paris?", []string{"dermatologists", "would a doctor do?"},
			rendezvous.KindGeneralPractitioner, "sure", rendezvous.KindGeneralPractitioner},
		{"DermatoFrench", "un dermato à Paris svp", []string{"dermatologues", "un médecin"}, rendezvous.KindGeneralPractitioner, "", ""},
		{"Vet", "a vet in Paris please", []string{"don't book vets", "dentists"}, "", "", ""},
		{"VetFrench", "il me faut un vétérinaire à Lyon", []string{"vétérinaires", "le dentiste"}, "", "", ""},
		{"Optician", "I'd like an appointment at the optician tomorrow", []string{"opticians"}, "", "", ""},
		{"Plumber", "I need a plumber", []string{"plumbers"}, "", "", ""},
		{"LawyerFrench", "je cherche un avocat à Lyon", []string{"avocats"}, "", "", ""},
		{"NailSalonIsNotAHairdresser", "nail salon in Nice on Saturday", []string{"nail salons"}, "", "", ""},
		{"NailsFrench", "une onglerie a nice", []string{"onglerie"}, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &dialogue.State{}
			r := talk(t, st, c.msg)[0]
			for _, s := range c.says {
				if !strings.Contains(strings.ToLower(r.Text), strings.ToLower(s)) {
					t.Errorf("reply %q does not say %q", r.Text, s)
				}
			}
			if searched(r) || len(st.Proposals) > 0 || st.Kind != "" {
				t.Fatalf("searched unasked (kind %q, actions %v): %q", st.Kind, r.Actions, r.Text)
			}
			if c.near == "" && strings.Contains(r.Text, "Would") {
				t.Errorf("offered a kind for a trade with none near: %q", r.Text)
			}
			if c.then == "" {
				return
			}
			r = talk(t, st, c.then)[0]
			if rendezvous.Kind(st.Kind) != c.after {
				t.Fatalf("after %q: kind %q, want %q: %q", c.then, st.Kind, c.after, r.Text)
			}
			if c.after != "" && st.City != "" && !searched(r) {
				t.Errorf("after %q: nothing searched: %q", c.then, r.Text)
			}
			if c.after == "" && searched(r) {
				t.Errorf("after %q: searched: %q", c.then, r.Text)
			}
		})
	}
}

// TestTradeAskedAgain: a customer who insists on the trade is told plainly
// that it cannot be booked, in other words, and the request ends there.
func TestTradeAskedAgain(t *testing.T) {
	for _, msgs := range [][]string{
		{"I need to see an ophthalmologist in Paris", "no, I really need an eye doctor"},
		{"un véto à Lyon", "c'est pour un vétérinaire"},
	} {
		st := &dialogue.State{}
		rs := talk(t, st, msgs...)
		if rs[0].Text == rs[1].Text || st.Task != dialogue.TaskNone || searched(rs[1]) {
			t.Errorf("%q: task %q: %q then %q", msgs, st.Task, rs[0].Text, rs[1].Text)
		}
	}
}

// TestSuggestionHoldsForOneAnswer: the kind offered instead is taken on
// a yes to that very question only; a later yes takes nothing.
func TestSuggestionHoldsForOneAnswer(t *testing.T) {
	st := &dialogue.State{}
	rs := talk(t, st, "I need an osteopath", "in Lyon", "yes")
	if st.Kind != "" || searched(rs[2]) {
		t.Fatalf("a yes two messages after the question took the kind %q: %q", st.Kind, rs[2].Text)
	}
}
