package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestNamesAreNoTypos: a known name is no typo of a word ("Paine" is not
// "peine"), and a texted message gives its lower-case name in a list.
func TestNamesAreNoTypos(t *testing.T) {
	u := newUnderstander()
	tests := []struct{ name, awaiting, msg, want string }{
		{"PaineAtTheNamePrompt", "name", "Tom Paine", "Tom Paine"},
		{"PaineIntroduced", "", "a dentist in Lyon, I'm Thomas Paine, tom@example.com", "Thomas Paine"},
		{"TextedListedName", "", "dentiste a paris jeudi, marie curie, marie.t25@exemple.fr, 0612345653", "marie curie"},
		{"TextedListedNoGivenName", "", "dentiste a paris jeudi, rouge vif, a@b.fr", ""},
		{"ListedLowerCaseInACapitalisedMessage", "", "Dentiste a Paris jeudi, marie curie, a@b.fr", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg).Name; got != tt.want {
				t.Errorf("Understand(%q).Name = %q, want %q", tt.msg, got, tt.want)
			}
		})
	}
	// The typo is still corrected where no name is: "pas la paine".
	if r := u.Understand(understand.Context{Now: friday}, "je voudrais un dantiste"); r.Kind == "" {
		t.Errorf("dantiste: no kind")
	}
}
