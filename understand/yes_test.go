package understand_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

func TestClearYes(t *testing.T) {
	book, cancel, move := understand.ActionBook, understand.ActionCancel, understand.ActionReschedule
	tests := []struct {
		msg    string
		action understand.Action
		want   bool
	}{
		// Clear yeses, in English…
		{"yes", book, true},
		{"Yes!", book, true},
		{"YES", book, true},
		{"yesss", book, true},
		{"yeah", book, true},
		{"yep, please", book, true},
		{"ok", book, true},
		{"OK 👍", book, true},
		{"👍", book, true},
		{"sure", book, true},
		{"yes please", book, true},
		{"yes, book it", book, true},
		{"book it", book, true},
		{"go ahead", book, true},
		{"yes go ahead thanks", book, true},
		{"perfect, thank you", book, true},
		{"that's right", book, true},
		{"that's perfect", book, true},
		{"sounds good", book, true},
		{"let's do it", book, true},
		{"I confirm", book, true},
		{"confirmed.", book, true},
		{"absolutely", book, true},
		{"fine by me", book, true},
		{"yes cancel it", cancel, true},
		{"yes, move it", move, true},
		// … and in French, with and without accents.
		{"oui", book, true},
		{"Oui !", book, true},
		{"ouiii", book, true},
		{"ouais", book, true},
		{"d'accord", book, true},
		{"dac", book, true},
		{"oui merci", book, true},
		{"oui s'il vous plaît", book, true},
		{"oui svp", book, true},
		{"parfait", book, true},
		{"c'est parfait", book, true},
		{"c'est bon", book, true},
		{"ça marche", book, true},
		{"ca marche merci", book, true},
		{"je confirme", book, true},
		{"oui je confirme", book, true},
		{"tout à fait", book, true},
		{"allez-y", book, true},
		{"vas-y", book, true},
		{"oui, réservez", book, true},
		{"ok pour moi", book, true},
		{"très bien", book, true},
		{"oui annulez-le", cancel, true},
		{"oui, déplacez-le", move, true},

		// Questions are never a yes.
		{"yes?", book, false},
		{"is that ok for the price?", book, false},
		{"is that ok for the price", book, false},
		{"ok?", book, false},
		{"wait, is it ok if I bring my son?", book, false},
		{"c'est bon ?", book, false},
		{"est-ce bon", book, false},
		{"est-il possible de venir avec mon fils", book, false},
		{"oui mais c'est combien ?", book, false},
		{"do you take cards", book, false},
		{"can I pay there", book, false},
		// Conditions, "yes, but…".
		{"yes but can we make it 11", book, false},
		{"yes, but only if it's with Dr Martin", book, false},
		{"ok as long as it's before noon", book, false},
		{"oui mais plutôt à 11h", book, false},
		{"oui sauf si c'est loin", book, false},
		{"d'accord si c'est remboursé", book, false},
		{"yes unless it rains", book, false},
		{"ok, although I may be late", book, false},
		// Corrections and new content.
		{"the surname is Martin", book, false},
		{"yes, the surname is Martin", book, false},
		{"make it 11 instead", book, false},
		{"yes at 11", book, false},
		{"oui pour 11h", book, false},
		{"yes, Monday", book, false},
		{"yes, my email is marie@example.com", book, false},
		{"oui, 06 12 34 56 78", book, false},
		{"actually Thursday", book, false},
		{"plutôt jeudi", book, false},
		{"yes for my son", book, false},
		// Hesitations.
		{"maybe", book, false},
		{"I think so", book, false},
		{"je pense que oui", book, false},
		{"peut-être", book, false},
		{"euh oui", book, false},
		{"hmm ok", book, false},
		{"yes... wait", book, false},
		{"not sure", book, false},
		{"let me think", book, false},
		// Negations and refusals.
		{"no", book, false},
		{"non", book, false},
		{"yes no", book, false},
		{"ok no", book, false},
		{"don't", book, false},
		{"not yet", book, false},
		{"no problem", book, false},
		// Another action's verb.
		{"yes cancel it", book, false},
		{"cancel", book, false},
		{"book it", cancel, false},
		{"yes, book another one", cancel, false},
		{"move it", cancel, false},
		// Nothing at all, or only politeness.
		{"", book, false},
		{"   ", book, false},
		{"thanks", book, false},
		{"merci", book, false},
		{"please", book, false},
		{"...", book, false},
		{"yes " + strings.Repeat("please ", 40), book, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.action, tt.msg), func(t *testing.T) {
			if got := understand.ClearYes(tt.msg, tt.action); got != tt.want {
				t.Errorf("ClearYes(%q, %s) = %v, want %v", tt.msg, tt.action, got, tt.want)
			}
		})
	}
}

// TestClearYesProperty builds thousands of answers from a yes and one
// fragment that makes it no longer a plain yes — a question, a condition,
// a correction, a hesitation, a negation — in any place, and checks that
// none of them is a clear yes.
func TestClearYesProperty(t *testing.T) {
	yeses := []string{"yes", "ok", "oui", "d'accord", "yes please", "parfait", "go ahead", "je confirme", "sure", "👍", "c'est bon", "ça marche"}
	poison := []string{
		"?", "is that ok", "are you sure", "can I come with my son", "est-ce possible", "c'est combien",
		"but", "mais", "if", "si", "unless", "sauf", "as long as", "à condition", "only if", "however", "cependant", "though",
		"at 11", "à 11h", "instead", "plutôt", "actually", "en fait", "the surname is Martin", "le nom c'est Martin", "on Monday",
		"lundi", "tomorrow", "demain", "11", "marie@example.com", "06 12 34 56 78", "with Dr Leroy", "avec le docteur Leroy",
		"maybe", "peut-être", "I think", "je crois", "euh", "hmm", "wait", "attendez", "not sure", "pas sûr",
		"no", "non", "not", "pas", "don't", "ne", "never", "jamais", "cancel", "annuler", "move", "déplacer",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		y, p := yeses[r.IntN(len(yeses))], poison[r.IntN(len(poison))]
		sep := []string{" ", ", ", " - ", "... ", "! "}[r.IntN(5)]
		msg := y + sep + p
		if r.IntN(2) == 0 {
			msg = p + sep + y
		}
		if understand.ClearYes(msg, understand.ActionBook) {
			t.Fatalf("%q is taken for a clear yes", msg)
		}
	}
}

func FuzzClearYes(f *testing.F) {
	for _, s := range []string{"yes", "oui merci", "yes?", "oui mais", "ok 👍", "s'il vous plaît", "ouiiiiii"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		for _, a := range []understand.Action{understand.ActionBook, understand.ActionCancel, understand.ActionReschedule} {
			yes := understand.ClearYes(msg, a)
			if yes && strings.ContainsAny(msg, "?0123456789@") {
				t.Fatalf("%q is a clear yes although it holds a question mark, a digit or an @", msg)
			}
		}
	})
}
