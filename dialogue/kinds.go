package dialogue

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// How the agent names the kinds and the trades it does not book. The
// domain owns the kinds and the understanding the words customers use;
// the phrases the agent says are its own, here.

// kindNames names a kind: with an article ("a dentist", "un dentiste"),
// in the plural ("dentists") and, in French, with the definite article
// ("le dentiste": "chez le dentiste").
type kindNames struct {
	en, enPlural string
	fr, frDef    string
}

func kindTable() map[rendezvous.Kind]kindNames {
	return map[rendezvous.Kind]kindNames{
		rendezvous.KindHairdresser:         {"a hairdresser", "hairdressers", "un coiffeur", "le coiffeur"},
		rendezvous.KindDentist:             {"a dentist", "dentists", "un dentiste", "le dentiste"},
		rendezvous.KindGeneralPractitioner: {"a doctor", "doctors", "un médecin", "le médecin"},
		rendezvous.KindPhysiotherapist:     {"a physiotherapist", "physiotherapists", "un kiné", "le kiné"},
		rendezvous.KindPsychologist:        {"a psychologist", "psychologists", "un psychologue", "le psychologue"},
	}
}

// kindPhrase names a kind with an article: "a dentist", "un dentiste".
func kindPhrase(kind, lang string) string {
	n := kindTable()[rendezvous.Kind(kind)]
	return pick(lang, n.en, n.fr)
}

// kindList names every kind, in the domain's order, joined as a list:
// form picks the phrase of each ("a dentist, … or a psychologist").
func kindList(lang, last string, form func(kindNames) string) string {
	table := kindTable()
	var items []string
	for _, k := range rendezvous.Kinds() {
		if n, ok := table[k]; ok {
			items = append(items, form(n))
		}
	}
	return joinList(items, last)
}

// kindsOffered names the kinds as what the agent books: "hairdressers,
// dentists, … and psychologists", "le coiffeur, le dentiste, … ou le
// psychologue".
func kindsOffered(lang string) string {
	if lang == "fr" {
		return kindList(lang, " ou ", func(n kindNames) string { return n.frDef })
	}
	return kindList(lang, " and ", func(n kindNames) string { return n.enPlural })
}

// kindChoices names the kinds to choose from: "a hairdresser, a dentist, …
// or a psychologist".
func kindChoices(lang string) string {
	return kindList(lang, pick(lang, " or ", " ou "), func(n kindNames) string { return pick(lang, n.en, n.fr) })
}

// joinList joins items with commas and last before the last one.
func joinList(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// tradeNames names a trade the agent does not book, in the sentences "I
// don't book %s." and "Je ne prends pas de rendez-vous %s.".
type tradeNames struct{ en, fr string }

func tradeTable() map[understand.Trade]tradeNames {
	return map[understand.Trade]tradeNames{
		"osteopath":        {"osteopaths", "chez les ostéopathes"},
		"chiropractor":     {"chiropractors", "chez les chiropracteurs"},
		"massage":          {"massages", "pour des massages"},
		"podiatrist":       {"podiatrists", "chez les podologues"},
		"speech_therapist": {"speech therapists", "chez les orthophonistes"},
		"dietitian":        {"dietitians", "chez les diététiciens"},
		"dermatologist":    {"dermatologists", "chez les dermatologues"},
		"ophthalmologist":  {"ophthalmologists", "chez les ophtalmologues"},
		"gynaecologist":    {"gynaecologists", "chez les gynécologues"},
		"paediatrician":    {"paediatricians", "chez les pédiatres"},
		"cardiologist":     {"cardiologists", "chez les cardiologues"},
		"ent":              {"ENT specialists", "chez les ORL"},
		"specialist":       {"specialists", "chez les spécialistes"},
		"midwife":          {"midwives", "chez les sages-femmes"},
		"nurse":            {"nurses", "chez les infirmiers"},
		"optician":         {"opticians", "chez les opticiens"},
		"vet":              {"vets", "chez les vétérinaires"},
		"beautician":       {"beauty or nail salons", "en institut de beauté ni en onglerie"},
		"tattoo":           {"tattoo or piercing studios", "chez les tatoueurs"},
		"plumber":          {"plumbers", "chez les plombiers"},
		"electrician":      {"electricians", "chez les électriciens"},
		"mechanic":         {"mechanics", "chez les garagistes"},
		"lawyer":           {"lawyers", "chez les avocats"},
		"notary":           {"notaries", "chez les notaires"},
		"accountant":       {"accountants", "chez les comptables"},
	}
}
