package dialogue_test

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestReplyInTheCustomersLanguage: the agent answers in the language the
// customer writes in. A French name in an English sentence is no French;
// a conversation keeps its language on "ok", "yes", "merci" or a city, and
// switches only on a message clearly in the other language.
func TestReplyInTheCustomersLanguage(t *testing.T) {
	type step struct {
		msg  string
		want string // the language of the reply
	}
	cases := []struct {
		name   string
		locale string
		steps  []step
	}{
		{"FrenchNameInEnglishWithFrenchLocale", "fr", []step{
			{"I want Mme Léa Lefèvre", "en"},
		}},
		{"FrenchNamesInEnglish", "fr", []step{
			{"I'd like to see Dr Lefèvre in Besançon", "en"},
			{"the dentist please", "en"},
		}},
		{"FrenchNameInEnglishAfterFrench", "", []step{
			{"bonjour", "fr"},
			{"I'd like to see Dr Lefèvre", "en"},
		}},
		{"FrenchKeptOnShortWords", "", []step{
			{"Bonjour, je cherche un dentiste à Lyon", "fr"},
			{"ok", "fr"},
			{"yes", "fr"},
			{"Lyon", "fr"},
			{"Can you show me something tomorrow instead?", "en"},
		}},
		{"EnglishKeptOnMerci", "", []step{
			{"I need a hairdresser in Paris", "en"},
			{"merci", "en"},
			{"en fait je préfère un dentiste", "fr"},
		}},
		{"TextingNoAccents", "en", []step{
			{"slt je cherche un coiffeur a nantes", "fr"},
			{"samedi stp", "fr"},
		}},
		{"EnglishSalonName", "fr", []step{
			{"is Salon Léa free on Saturday?", "en"},
		}},
	}
	m := brains(t)["Embedded"]
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &dialogue.State{}
			for i, s := range c.steps {
				locale := ""
				if i == 0 {
					locale = c.locale
				}
				r, err := m.Turn(context.Background(), st, dialogue.Message{Text: s.msg, Locale: locale})
				if err != nil {
					t.Fatal(err)
				}
				if st.Language != s.want {
					t.Fatalf("after %q: language %q, want %q: %q", s.msg, st.Language, s.want, r.Text)
				}
			}
		})
	}
}
