package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestKindWords ties the words to the kinds: every kind of the domain has
// English and French words, every word is read as its kind (alone, as an
// answer, and in a request of each language), and no word names two kinds.
func TestKindWords(t *testing.T) {
	u := newUnderstander()
	words := map[rendezvous.Kind]understand.KindWords{}
	for _, kw := range understand.Kinds() {
		if !kw.Kind.Valid() {
			t.Errorf("words for %q, which is not a kind of the domain", kw.Kind)
		}
		words[kw.Kind] = kw
	}
	owner := map[string]rendezvous.Kind{}
	for _, k := range rendezvous.Kinds() {
		kw, ok := words[k]
		if !ok || len(kw.English) == 0 || len(kw.French) == 0 {
			t.Errorf("%s: want English and French words, have %q and %q", k, kw.English, kw.French)
			continue
		}
		for _, lang := range []struct {
			words  []string
			prefix string
		}{{kw.English, "I need a "}, {kw.French, "je cherche un "}} {
			for _, w := range lang.words {
				if o, ok := owner[w]; ok && o != k {
					t.Errorf("%q names %s and %s", w, o, k)
				}
				owner[w] = k
				for _, msg := range []string{w, lang.prefix + w + " in Lyon"} {
					awaiting := ""
					if msg == w {
						awaiting = "kind"
					}
					if r := u.Understand(understand.Context{Now: friday, Awaiting: awaiting}, msg); r.Kind != k || r.Unoffered != "" {
						t.Errorf("%q: kind %q, unoffered %q; want %s", msg, r.Kind, r.Unoffered, k)
					}
				}
			}
		}
	}
}

// TestTradeWords: every trade Rendezvous does not book has English and
// French words, each read as that trade and never as a kind, and the kind
// it suggests instead, if any, is one of the domain's.
func TestTradeWords(t *testing.T) {
	u := newUnderstander()
	kindWord := map[string]bool{}
	for _, kw := range understand.Kinds() {
		for _, w := range append(kw.English, kw.French...) {
			kindWord[w] = true
		}
	}
	for _, tr := range understand.Trades() {
		if near := tr.Near(); near != "" && !near.Valid() {
			t.Errorf("%s: near kind %q is not a kind", tr, near)
		}
		en, fr := understand.TradeWords(tr)
		if len(en) == 0 || len(fr) == 0 {
			t.Errorf("%s: want English and French words, have %q and %q", tr, en, fr)
		}
		for _, w := range append(en, fr...) {
			if kindWord[w] {
				t.Errorf("%q names both the trade %s and a kind", w, tr)
			}
			for _, msg := range []string{"I need a " + w + " in Lyon", "je cherche un " + w + " à Lyon"} {
				if r := u.Understand(understand.Context{Now: friday}, msg); r.Unoffered != tr || r.Kind != "" || r.Intent != understand.IntentFindProvider {
					t.Errorf("%q: unoffered %q, kind %q, intent %s; want %s, no kind, find_provider", msg, r.Unoffered, r.Kind, r.Intent, tr)
				}
			}
		}
	}
}

// TestNeedsNameTheirKind: what hurts or needs doing asks for the kind that
// sees to it, but never turns a name into a kind or a typo of one.
func TestNeedsNameTheirKind(t *testing.T) {
	u := understand.New(newGazetteer())
	tests := []struct {
		name, awaiting, msg string
		want                rendezvous.Kind
		wantName            string
	}{
		{"MalAuxDents", "", "j'ai mal aux dents", rendezvous.KindDentist, ""},
		{"Toothache", "", "I have a toothache, anything in Lyon tomorrow?", rendezvous.KindDentist, ""},
		{"MalAuDos", "", "besoin d'un rdv pour mon mal au dos a paris", rendezvous.KindPhysiotherapist, ""},
		{"Fievre", "", "mon fils a de la fievre", rendezvous.KindGeneralPractitioner, ""},
		{"Anxiety", "", "I'd like to talk to someone about my anxiety", rendezvous.KindPsychologist, ""},
		{"Genou", "", "j'ai besoin d'une séance pour mon genou à Lyon mardi", rendezvous.KindPhysiotherapist, ""},
		{"Shoulder", "", "my shoulder hurts, anything tomorrow?", rendezvous.KindPhysiotherapist, ""},
		{"EpauleSansAccent", "", "mal a l'epaule depuis 2 semaines", rendezvous.KindPhysiotherapist, ""},
		{"Toux", "", "je tousse, une toux qui dure, un rdv demain ?", rendezvous.KindGeneralPractitioner, ""},
		{"Gencives", "", "mes gencives saignent", rendezvous.KindDentist, ""},
		{"BlowDry", "", "a blow dry on Saturday", rendezvous.KindHairdresser, ""},
		{"CoiffTexted", "", "coiff strasbourg sam aprem", rendezvous.KindHairdresser, ""},
		{"BeardTrim", "", "need a beard trim tomorrow", rendezvous.KindHairdresser, ""},
		{"KneeIsNoName", "name", "Gladys Knight", "", "Gladys Knight"},
		{"ArthurDentIsAName", "name", "Arthur Dent", "", "Arthur Dent"},
		{"CarrieIsNoCavity", "name", "Carrie Fisher", "", "Carrie Fisher"},
		{"AngieIsNoSoreThroat", "name", "Angie Dupont", "", "Angie Dupont"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Awaiting: tt.awaiting}, tt.msg)
			if r.Kind != tt.want || r.Name != tt.wantName {
				t.Errorf("Understand(%q): kind %q, name %q; want %q, %q", tt.msg, r.Kind, r.Name, tt.want, tt.wantName)
			}
		})
	}
}
