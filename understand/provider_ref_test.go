package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestProviderReferences: providers named as people name them — a title
// and a surname, a salon's word and a name, typos, no accents, no capitals
// — give the canonical name when one provider answers to it, the
// reference spelt as the directory spells it when several do, and
// UnknownProvider when none does. A title is no kind; a salon's word is.
func TestProviderReferences(t *testing.T) {
	u := understand.New(understand.Gazetteer{
		Cities: []string{"Paris", "Lyon", "Marseille", "Bordeaux", "Besançon"},
		ProviderNames: []string{"Dr Camille Leroy", "Dr Léa Leroy", "Dr Céline Leroy", "Dr Maxime Morel", "Dr Jean Morel",
			"Chloé Morel, psychologue", "Dr Julie Lefèvre", "Salon Léa", "L'Atelier de Léa", "Barbier Lefèvre",
			"Dr Sophie Martin", "Romain Martin, kinésithérapeute", "Cabinet dentaire Pasteur"},
	})
	cases := []struct {
		name     string
		msg      string
		provider string
		unknown  bool
		kind     rendezvous.Kind
	}{
		{"TitleSurnameSeveral", "I'd like to see Dr Leroy", "Dr Leroy", false, ""},
		{"TitleInFullFrench", "chez le docteur Leroy svp", "Dr Leroy", false, ""},
		{"TheOneWithDoctor", "the one with doctor Leroy", "Dr Leroy", false, ""},
		{"LowerCaseTypo", "rdv avec le dr leroi", "Dr Leroy", false, ""},
		{"NoAccents", "avec le dr lefevre demain", "Dr Julie Lefèvre", false, ""},
		{"TitleSurnameOne", "I'd like to see Dr Lefèvre in Besançon", "Dr Julie Lefèvre", false, ""},
		{"FullName", "docteur Camille Leroy demain", "Dr Camille Leroy", false, ""},
		{"Madame", "avec Mme Martin", "Mme Martin", false, ""},
		{"NameBeforeTrade", "avec Chloé Morel", "Chloé Morel, psychologue", false, ""},
		{"SalonExact", "salon lea", "Salon Léa", false, ""},
		{"SalonWordAfter", "chez Léa coiffure", "Léa", false, rendezvous.KindHairdresser},
		{"UnknownDoctor", "Dr Dupuis please", "", true, ""},
		{"UnknownDoctorFrench", "je voudrais voir le docteur Dupuis à Lyon", "", true, ""},
		{"UnknownSalon", "chez Zoé Coiffure à Lyon", "", true, rendezvous.KindHairdresser},
		{"ADoctorIsAKind", "a doctor in Lyon", "", false, rendezvous.KindGeneralPractitioner},
		{"UnMedecin", "un médecin à Lyon demain", "", false, rendezvous.KindGeneralPractitioner},
		{"DoctorThenWord", "I need to see the doctor urgentlly", "", false, rendezvous.KindGeneralPractitioner},
		{"BestSalonIsNoName", "find me a best salon in Paris", "", false, rendezvous.KindHairdresser},
		{"LongerNameThanShortForm", "an appointment with Dr Martin Jen-Kuei", "", true, ""},
		{"MonsieurAbbreviated", "rdv avec M. Morel", "M. Morel", false, ""},
		{"ImIsNoTitle", "I'm Martin, I need a dentist", "", false, rendezvous.KindDentist},
		{"CustomersOwnTitle", "I'm Mrs Dupuis", "", false, ""},
		{"CustomersOwnTitleFrench", "c'est pour Mme Martin", "", false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday}, c.msg)
			if r.ProviderName != c.provider || r.UnknownProvider != c.unknown || r.Kind != c.kind {
				t.Errorf("%q: provider %q, unknown %v, kind %q; want %q, %v, %q", c.msg, r.ProviderName, r.UnknownProvider, r.Kind,
					c.provider, c.unknown, c.kind)
			}
		})
	}
}
