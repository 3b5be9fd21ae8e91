package understand

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// KindWords are the words and phrases by which customers name a kind of
// provider, folded (lower case, no accents, apostrophes and hyphens as
// spaces), in each language. The domain owns the kinds; the words people
// use for them belong here. A word of both languages ("salon", "physio")
// is listed in both: it names the kind without telling the language.
type KindWords struct {
	Kind    rendezvous.Kind
	English []string
	French  []string
}

// Kinds returns the words of every kind, in the order of rendezvous.Kinds.
// Each kind is also named by its value, read as English words
// ("general_practitioner" is "general practitioner"): that one is not
// listed again in the table.
func Kinds() []KindWords {
	table := kindTable()
	out := make([]KindWords, 0, len(table))
	for _, k := range rendezvous.Kinds() {
		w, ok := table[k]
		if !ok {
			continue // a kind without words: TestKindWords says so
		}
		w.Kind = k
		w.English = append([]string{strings.ReplaceAll(string(k), "_", " ")}, w.English...)
		out = append(out, w)
	}
	return out
}

// kindTable lists the words of each kind. Plurals are added by addKinds;
// typos are caught by the speller.
func kindTable() map[rendezvous.Kind]KindWords {
	return map[rendezvous.Kind]KindWords{
		rendezvous.KindHairdresser: {
			English: []string{"barber", "barber shop", "barbershop", "hair dresser", "hairdressing", "hair stylist",
				"hairstylist", "stylist", "haircut", "hair cut", "hair salon", "salon", "brushing", "blow dry"},
			French: []string{"coiffeur", "coiffeuse", "coiffure", "salon", "salon de coiffure", "barbier", "coupe",
				"coupe de cheveux", "coloriste", "brushing", "coiff"},
		},
		rendezvous.KindDentist: {
			English: []string{"dental", "dental surgeon", "orthodontist", "dental practice"},
			French:  []string{"dentiste", "dentaire", "cabinet dentaire", "chirurgien dentiste", "orthodontiste"},
		},
		// "doctor" and "docteur" are the kind only when they name no one:
		// "Dr Leroy" and "le docteur Martin" are providers (see providerRefs).
		rendezvous.KindGeneralPractitioner: {
			English: []string{"gp", "doctor", "family doctor", "physician", "family physician", "general physician",
				"doc"},
			French: []string{"medecin", "medecin generaliste", "generaliste", "docteur", "medecin traitant",
				"toubib", "cabinet medical"},
		},
		rendezvous.KindPhysiotherapist: {
			English: []string{"physio", "physiotherapy", "physical therapist", "physical therapy"},
			French: []string{"kine", "kinesitherapeute", "kinesitherapie", "kinesi", "physio", "physiotherapeute",
				"masseur kinesitherapeute", "cabinet de kinesitherapie"},
		},
		// Psychiatrists and counsellors are mapped to psychologist: Rendezvous
		// has a single kind for mental-health providers, and someone asking
		// for a psychiatrist wants to see one of them rather than be told
		// that no such kind exists.
		rendezvous.KindPsychologist: {
			English: []string{"therapist", "counselor", "counsellor", "family counselor", "family counsellor",
				"psychiatrist", "psychotherapist", "therapy", "psychotherapy", "marriage counselor", "shrink"},
			French: []string{"psy", "psychologue", "therapeute", "psychiatre", "psychotherapeute", "therapie",
				"psychotherapie"},
		},
	}
}

// addKinds registers the kinds' and the trades' phrases, with their
// plurals, in m.
func addKinds(m *phraseMatcher) {
	for _, kw := range Kinds() {
		for _, p := range append(kw.English, kw.French...) {
			m.add(classKind, string(kw.Kind), p, plural(p))
		}
	}
	for _, kw := range needTable() {
		for _, p := range append(kw.English, kw.French...) {
			m.addQuiet(classKind, string(kw.Kind), p, plural(p))
		}
	}
	for _, t := range tradeTable() {
		for _, p := range append(t.english, t.french...) {
			m.add(classTrade, string(t.trade), p, plural(p))
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

// findKind returns the kind named by the longest kind phrase of hits, or,
// when the longest is a trade Rendezvous does not book ("an osteopath",
// "nail salon" rather than "salon"), that trade. A phrase inside a
// provider's name ("docteur Martin", "Cabinet Dentaire du Parc") names that
// provider, not a kind wanted.
func findKind(hits []hit, inName func(tok int) bool) (rendezvous.Kind, Trade) {
	kind, trade := -1, -1 // indexes in hits of the longest of each
	longer := func(i, than int) bool { return than < 0 || hits[i].end-hits[i].start > hits[than].end-hits[than].start }
	for i, h := range hits {
		switch {
		case inName(h.start):
		case h.p.class == classKind && longer(i, kind):
			kind = i
		case h.p.class == classTrade && longer(i, trade):
			trade = i
		}
	}
	switch {
	case kind < 0 && trade < 0:
		return "", ""
	case trade < 0:
		return rendezvous.Kind(hits[kind].p.value), ""
	case kind < 0:
		return "", Trade(hits[trade].p.value)
	}
	k, tr := hits[kind], hits[trade]
	if k.start < tr.end && tr.start < k.end && tr.end-tr.start >= k.end-k.start {
		// The trade's words hold the kind's: "kiné ostéo", "nail salon".
		return "", Trade(tr.p.value)
	}
	return rendezvous.Kind(k.p.value), ""
}

// needTable lists what customers need done, or what hurts, for each kind
// that sees to it: "j'ai mal aux dents" asks for a dentist as "un
// dentiste" does. These words name no trade: they are not the kinds'
// words (Kinds), tell no language, and stay out of the vocabulary, so that
// names near them ("Carrie", "Angie") are never corrected into them.
func needTable() []KindWords {
	return []KindWords{
		{Kind: rendezvous.KindHairdresser,
			English: []string{"trim", "hair colour", "hair color", "highlights", "blowdry", "beard trim", "dye my hair"},
			French:  []string{"coloration", "meches", "couper les cheveux", "me couper les cheveux", "balayage", "tailler la barbe"}},
		{Kind: rendezvous.KindDentist,
			English: []string{"toothache", "tooth ache", "tooth", "teeth", "cavity", "wisdom tooth", "broken tooth", "gums", "filling",
				"scale and polish"},
			French: []string{"mal aux dents", "mal a une dent", "mal a la dent", "mal de dents", "rage de dents", "dent",
				"dents", "carie", "detartrage", "gencive", "gencives", "plombage", "couronne dentaire"}},
		{Kind: rendezvous.KindGeneralPractitioner,
			English: []string{"fever", "flu", "sore throat", "prescription", "sick note", "check up", "checkup", "cough", "ear infection",
				"medical certificate"},
			French: []string{"fievre", "grippe", "mal a la gorge", "angine", "ordonnance", "certificat medical",
				"arret maladie", "arret de travail", "toux", "otite", "bronchite", "renouvellement d ordonnance"}},
		{Kind: rendezvous.KindPhysiotherapist,
			English: []string{"back pain", "sprain", "sprained ankle", "rehab", "stiff neck", "knee", "my knee", "knee pain", "shoulder",
				"my shoulder", "sore back", "bad back", "tendonitis", "physical therapy"},
			French: []string{"mal au dos", "entorse", "tendinite", "reeducation", "torticolis", "lumbago", "genou", "genoux",
				"mal au genou", "epaule", "mal a l epaule", "cheville", "sciatique", "dos bloque"}},
		{Kind: rendezvous.KindPsychologist,
			English: []string{"anxiety", "depression", "burnout", "burn out", "panic attacks"},
			French:  []string{"angoisse", "angoisses", "depression", "burnout", "burn out", "deprime"}},
	}
}
