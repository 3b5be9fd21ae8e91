package understand

import (
	"github.com/rendezvous-oss/rendezvous"
)

// kindPhrases lists, for each kind, the words and phrases (folded: lower
// case, no accents, apostrophes and hyphens as spaces) that name it in
// English or French. Plurals are added by addKinds; typos are caught by the
// speller.
func kindPhrases() map[rendezvous.Kind][]string {
	return map[rendezvous.Kind][]string{
		rendezvous.KindHairdresser: {
			"coiffeur", "coiffeuse", "coiffure", "salon", "salon de coiffure", "barbier",
			"barber", "barber shop", "barbershop", "hairdresser", "hair dresser", "hairdressing",
			"hair stylist", "hairstylist", "stylist", "haircut", "hair cut", "coupe",
			"coupe de cheveux", "hair salon", "coloriste", "brushing",
		},
		rendezvous.KindDentist: {
			"dentiste", "dentist", "dental", "dentaire", "cabinet dentaire", "chirurgien dentiste",
			"dental surgeon", "orthodontiste", "orthodontist",
		},
		rendezvous.KindGeneralPractitioner: {
			"medecin", "medecin generaliste", "generaliste", "docteur", "gp", "doctor",
			"family doctor", "general practitioner", "physician", "family physician",
			"medecin traitant", "toubib", "general physician",
		},
		rendezvous.KindPhysiotherapist: {
			"kine", "kinesitherapeute", "kinesitherapie", "kinesi", "physio", "physiotherapist",
			"physiotherapy", "physiotherapeute", "physical therapist", "physical therapy",
			"masseur kinesitherapeute", "osteopathe", "osteopath",
		},
		// Psychiatrists and counsellors are mapped to psychologist: Rendezvous
		// has a single kind for mental-health providers, and someone asking
		// for a psychiatrist wants to see one of them rather than be told
		// that no such kind exists.
		rendezvous.KindPsychologist: {
			"psy", "psychologue", "psychologist", "therapist", "therapeute", "counselor",
			"counsellor", "family counselor", "family counsellor", "psychiatrist", "psychiatre",
			"psychotherapist", "psychotherapeute", "therapy", "therapie", "psychotherapy",
			"psychotherapie", "marriage counselor",
		},
	}
}

// addKinds registers the kind phrases, with their plurals, in m.
func addKinds(m *phraseMatcher) {
	for kind, phrases := range kindPhrases() {
		for _, p := range phrases {
			m.add(classKind, string(kind), p, plural(p))
		}
	}
}

// plural returns the regular plural of a phrase: its last word takes an s,
// or the first word does in "salon de coiffure" and the like.
func plural(p string) string {
	for i := 0; i+4 <= len(p); i++ {
		if p[i:i+4] == " de " {
			return p[:i] + "s" + p[i:]
		}
	}
	last := p[len(p)-1]
	if last == 's' || last == 'x' {
		return p
	}
	if last == 'y' && len(p) > 2 && p[len(p)-2] == 'p' { // therapy → therapies
		return p[:len(p)-1] + "ies"
	}
	return p + "s"
}

// findKind returns the kind named by the longest kind phrase of hits, or ""
// when none. A phrase inside a provider's name ("docteur Martin", "Cabinet
// Dentaire du Parc") names that provider, not a kind wanted.
func findKind(hits []hit, inName func(tok int) bool) rendezvous.Kind {
	best, bestLen := rendezvous.Kind(""), 0
	for _, h := range hits {
		if h.p.class != classKind || inName(h.start) {
			continue
		}
		if n := h.end - h.start; n > bestLen {
			best, bestLen = rendezvous.Kind(h.p.value), n
		}
	}
	return best
}
