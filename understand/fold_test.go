package understand

import (
	"testing"
	"unicode"

	"github.com/rendezvous-oss/rendezvous"
)

// TestOneDefinitionOfTheSameLetter: the understanding folds every letter
// of the Latin alphabets exactly as the directory's names are compared
// (rendezvous.FoldKey), so that a name typed in a message and the same
// name in the directory meet.
func TestOneDefinitionOfTheSameLetter(t *testing.T) {
	for r := rune(0x20); r < 0x250; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		want := rendezvous.FoldKey(string(r))
		got := prepare(string(r)).norm
		if got != want {
			t.Errorf("%q (%U): the understanding reads %q, names compare as %q", r, r, got, want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"Cœur", "coeur"}, {"Lætitia", "laetitia"}, {"Straße", "strasse"}, {"Søren", "soren"}, {"Łódź", "lodz"},
		{"Saint-Étienne", "saint etienne"}, {"L'Haÿ-les-Roses", "l hay les roses"},
	} {
		if got := rendezvous.FoldKey(tt.in); got != tt.want {
			t.Errorf("FoldKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
