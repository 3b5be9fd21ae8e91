package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

func TestNameCase(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Texted", "julie martin", "Julie Martin"},
		{"Hyphenated", "jean-pierre dupont", "Jean-Pierre Dupont"},
		{"Particles", "jean de la fontaine", "Jean de la Fontaine"},
		{"Elided", "jeanne d'arc", "Jeanne d'Arc"},
		{"FirstWordParticle", "de gaulle", "De Gaulle"},
		{"Accents", "élodie éluard", "Élodie Éluard"},
		{"KeptWhenCapitalised", "van der Berg", "van der Berg"},
		{"KeptWhenUpperCase", "DUPONT", "DUPONT"},
		{"KeptMixed", "Rita levi", "Rita levi"},
		{"SurnameFirstInCapitals", "DUPONT Marie", "Marie Dupont"},
		{"SurnameFirstWithParticle", "DE GAULLE Charles", "Charles de Gaulle"},
		{"SurnameFirstHyphenated", "MARTIN-DUPONT Anne Sophie", "Anne Sophie Martin-Dupont"},
		{"GivenFirstSurnameInCapitalsKept", "Marie DUPONT", "Marie DUPONT"},
		{"InitialsAreNoSurname", "JP Dupont", "JP Dupont"},
		{"AllCapitalsKept", "MARIE CURIE", "MARIE CURIE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := understand.NameCase(tt.in); got != tt.want {
				t.Errorf("NameCase(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
