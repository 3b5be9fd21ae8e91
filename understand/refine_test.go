package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestRefinements: follow-ups on proposals, and the words that look like
// them but ask for something else.
func TestRefinements(t *testing.T) {
	u := newUnderstander()
	later, earlier, other := understand.RefineLater, understand.RefineEarlier, understand.RefineOtherDays
	someoneElse := understand.RefineOtherProvider
	tests := []struct {
		name string
		msg  string
		want understand.Refinement
	}{
		{"AnythingLater", "anything later?", later},
		{"TheFirstOneButLater", "the first one but later", later},
		{"LeDeuxiemeMaisPlusTard", "le deuxième mais plus tard", later},
		{"LePremierMaisPlusTot", "le premier mais plus tôt", earlier},
		{"OuaisMaisPlusTardPutsOff", "ouais mais plus tard", ""},
		{"Later", "later?", later},
		{"ABitLater", "a bit later please", later},
		{"LaterInTheDay", "something later in the day?", later},
		{"LaterThatDay", "later that day", later},
		{"PlusTard", "plus tard ?", later},
		{"UnPeuPlusTard", "un peu plus tard", later},
		{"OtherTimes", "any other times?", later},
		{"AutresCreneaux", "vous avez d'autres créneaux ?", later},
		{"AutresHorairesNoAccent", "d'autres horaires svp", later},
		{"NoSomethingLater", "no, something later", later},
		{"QqchPlusTard", "vous auriez qqch plus tard ?", later},
		{"Earlier", "anything earlier?", earlier},
		{"EarlierInTheDay", "something earlier in the day?", earlier},
		{"PlusTot", "plus tôt ?", earlier},
		{"PlusTotNoAccent", "un peu plus tot", earlier},
		{"Sooner", "sooner?", earlier},
		{"OtherDays", "other days?", other},
		{"AnotherDay", "another day?", other},
		{"DAutresJours", "d'autres jours ?", other},
		{"UnAutreJour", "un autre jour", other},
		{"AutresDatesNoAccent", "autres dates", other},
		// Texted: "y a" asks, "à plus tard" puts off.
		{"YaPasPlusTot", "ya pas plus tot ?", earlier},
		{"YAPlusTard", "y a plus tard ?", later},
		{"IlYAPlusTard", "il y a plus tard ?", later},
		{"YenAPasPlusTot", "y en a pas plus tot", earlier},
		// Someone else.
		{"AnyoneElse", "anyone else?", someoneElse},
		{"SomeoneElsePlease", "someone else please", someoneElse},
		{"ADifferentPractice", "a different practice?", someoneElse},
		{"AnotherDentist", "another dentist?", someoneElse},
		{"UnAutreCoiffeur", "vous avez un autre coiffeur ?", someoneElse},
		{"QuelquUnDAutre", "quelqu'un d'autre ?", someoneElse},
		{"UnAutreCabinet", "un autre cabinet svp", someoneElse},
		{"OtherDentists", "d'autres dentistes ?", someoneElse},
		{"PasAvecLui", "pas avec lui", someoneElse},
		// Too early, too late for the customer.
		{"TooEarlyForMe", "those are too early for me", later},
		{"WayTooEarly", "way too early", later},
		{"TropTotPourMoi", "trop tôt pour moi", later},
		{"CEstUnPeuTot", "c'est un peu tôt", later},
		{"UnPeuTot", "un peu tôt", later},
		{"UnPoilTotPourMoi", "un poil tôt pour moi", later},
		{"BienTropTot", "c'est bien trop tôt", later},
		{"UnPeuTropTot", "un peu trop tôt", later},
		{"UnPeuTard", "c'est un peu tard", earlier},
		{"UnPoilTard", "un poil tard pour moi", earlier},
		{"BienTropTotSansAccent", "c'est bien trop tot", later},
		{"TooLate", "that's too late", earlier},
		{"BitLateTexted", "bit late for me tbh", earlier},
		{"TropTard", "c'est trop tard pour moi", earlier},
		{"TooLateToCancelIsNoRefinement", "is it too late to cancel?", ""},
		{"NotThatDayButADayIsThatDay", "not that day, Friday instead", ""},
		{"PasCeJourLaMaisVendredi", "pas ce jour-là, plutôt vendredi", ""},
		{"TropTardPourAnnulerIsNoRefinement", "c'est trop tard pour annuler ?", ""},
		// Not refinements.
		{"NoLaterThan", "no later than 5", ""},
		{"AnHourLater", "an hour later", ""},
		{"LaterToday", "later today", ""},
		{"MaybeLater", "maybe later", ""},
		{"APlusTard", "à plus tard", ""},
		{"LePlusTotPossible", "le plus tôt possible", ""},
		{"AsISaidEarlier", "as I said earlier, Lyon", ""},
		{"LaterAsGoodbye", "thanks that's all, I'll do so later", ""},
		{"WaitUntilAnotherDay", "let's wait until another day", ""},
		{"AnotherDentistAppointment", "I need another dentist appointment", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: "slot_choice"}, tt.msg)
			if r.Refine != tt.want {
				t.Errorf("Understand(%q).Refine = %q, want %q", tt.msg, r.Refine, tt.want)
			}
			if tt.want != "" && r.Intent == understand.IntentOutOfScope {
				t.Errorf("Understand(%q) is out of scope", tt.msg)
			}
		})
	}
}

// TestNewWordsAreNotNames: the words of the new rules do not stop names
// that share them from being read.
func TestNewWordsAreNotNames(t *testing.T) {
	u := newUnderstander()
	for _, name := range []string{"Max Weber", "Julie Petit", "Anne Tardieu", "George W Bush"} {
		if got := u.Understand(understand.Context{Now: friday, Awaiting: "name"}, name).Name; got != name {
			t.Errorf("name %q read as %q", name, got)
		}
	}
}
