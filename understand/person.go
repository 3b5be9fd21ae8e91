package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous/understand/names"
)

// A person's name as the chat reads it.
//
// Structure: one to four words of letters of any script, with hyphens and
// apostrophes inside (Jean-Pierre, O'Neill, d'Artagnan), particles between
// them (de, van, le, ben, al…) and initials ("J."); no digits, no @, no
// other punctuation. Emails, phone numbers and references are cut out of
// the message before names are looked for.
//
// Knowledge (package names): each word is one of
//   - never: a word the rules rely on, or a filler ("looking", "plutôt",
//     "euh", "lol"): it ends a name;
//   - strong: a known given name, even when it is also a word (Rose,
//     Pierre, Grant, Martin), or a known surname that is no ordinary word
//     (Dupont, Nguyen);
//   - unknown: a word no list has, shaped like a name (a vowel, if written
//     in Latin letters): rare names are names;
//   - weak: a known surname that is also an ordinary word (Baker, Fontaine —
//     and Wait or Rather, which are surnames too);
//   - word: an ordinary English or French word only (visiting, attendez).
//
// The acceptance rule: strong and unknown words are name words. A weak or
// word word is one only with evidence that it is meant as a name: a capital
// where capitals are a choice (not the first letter of the message, which
// phones capitalise: "Attendez" says nothing; "I'm Baker" and
// "Marie Curie" do; a word in capitals, DUPONT, too, unless the whole
// message is), a clear introduction for the first word ("my name is baker",
// "je m'appelle fontaine" — a weak word only), or ending the name after a
// strong or unknown word ("marie curie", "jean de la fontaine": a surname
// typed in lower case). A name needs one name word at least; particles and
// initials only count between or before name words.
//
// So, at the name prompt, a single word that is an ordinary word and no
// given name ("wait", "attendez", "fontaine") is not taken: the agent asks
// again for the first name and surname, which "Marie Fontaine" satisfies.
//
// This is the rule for free text. The domain's rendezvous.NormalizeName,
// which the API applies to a field the client says is a name, checks only
// the characters: the API must never refuse a real name, and a field
// carries no "I'm visiting" to misread.

// wordClass is what a word of a name candidate is.
type wordClass uint8

const (
	classNever wordClass = iota
	classWord
	classWeak
	classUnknown
	classStrong
	classParticle
	classInitial
)

// maxNameWords bounds the name words of a name, and maxNameUnits all its
// units (particles and initials included: "Maria de los Angeles").
const (
	maxNameWords = 4
	maxNameUnits = 7
)

// personNames tells names from other words. Built once in New, read only.
type personNames struct {
	lex   names.Lexicon
	never map[string]bool
}

func newPersonNames(never map[string]bool) *personNames {
	n := &personNames{lex: names.Embedded(), never: map[string]bool{}}
	for w := range never {
		n.never[w] = true
	}
	for _, w := range fillerWords() {
		n.never[w] = true
	}
	return n
}

// fillerWords are words of chat that say nothing about a name and that
// no list marks as ordinary: hesitations, texting, politeness.
func fillerWords() []string {
	return []string{
		"euh", "heu", "hum", "hmm", "hm", "mmh", "bah", "beh", "bof", "ouf", "oups", "oops", "ah", "oh", "eh", "ahah",
		"haha", "hihi", "lol", "mdr", "ptdr", "idk", "omg", "oki", "okay", "okey", "yo", "yep", "yup", "nope", "nan",
		"ouais", "ouai", "wesh", "hein", "dunno", "asap", "tbh", "ya", "yea", "yeah", "nah", "coucou", "cc", "slt",
		"jsp", "jsais", "chai", "tkt", "dsl", "pk", "pq", "pcq", "psk", "bcp", "svp", "stp", "pls", "plz", "thx", "ty",
		"np", "nvm", "btw", "brb", "wtf", "rn", "ok", "okk", "kk", "mkay", "dac", "dacc", "voila",
		"wait", "attends", "attendez", "sec", "moment", "minute", "instant", "please", "merci", "thanks", "sorry",
		"pardon", "excuse", "excusez", "actually", "rather", "plutot", "finalement", "enfin", "bon", "bien", "cest",
	}
}

// nameUnit is a word of a name candidate: tokens joined by a hyphen or an
// apostrophe ("jean-pierre", "o'neill"), toks[first:last+1].
type nameUnit struct {
	first, last int
	start, end  int // byte span in norm
}

// units cuts toks into name units.
func units(norm string, toks []token) []nameUnit {
	var out []nameUnit
	for i := 0; i < len(toks); i++ {
		u := nameUnit{first: i, last: i, start: toks[i].start, end: toks[i].end}
		for u.last+1 < len(toks) {
			next := toks[u.last+1]
			if next.start != u.end+1 || (norm[u.end] != '-' && norm[u.end] != '\'') {
				break
			}
			u.last++
			u.end = next.end
		}
		i = u.last
		out = append(out, u)
	}
	return out
}

// particle reports whether w joins the words of a name ("Jean de La
// Fontaine", "Ludwig van Beethoven", "Ali ben Salah").
func particle(w string) bool {
	switch w {
	case "de", "du", "des", "del", "della", "der", "den", "di", "da", "dos", "das", "van", "von", "le", "la",
		"ben", "bin", "bint", "ibn", "al", "el", "abu", "ter", "zu", "st", "ste", "mac", "y":
		return true
	}
	return false
}

// title reports whether w is a title said before a name.
func title(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "mme", "mlle", "mmes", "monsieur", "madame", "mademoiselle", "docteur", "pr":
		return true
	}
	return false
}

// classify returns the class of the unit u of toks.
func (n *personNames) classify(toks []token, u nameUnit, norm string) wordClass {
	if u.first == u.last {
		w := toks[u.first].s
		if utf8.RuneCountInString(w) == 1 {
			// "J." is an initial; a lone letter otherwise is not a name.
			if u.end < len(norm) && norm[u.end] == '.' && !hasDigit(w) {
				return classInitial
			}
			return classNever
		}
		if particle(w) {
			return classParticle
		}
		return n.word(w)
	}
	// A compound: each part counts. "d'" and "o'" are elided particles;
	// one part that is never a name makes the whole not one (rendez-vous,
	// l'après-midi, c'est).
	best, allWords, anyWord := classNever, true, false
	for i := u.first; i <= u.last; i++ {
		w := toks[i].s
		if i == u.first && i < u.last && norm[toks[i].end] == '\'' && (w == "d" || w == "o" || w == "l") {
			continue
		}
		c := n.word(w)
		if particle(w) && i > u.first {
			c = classUnknown // "Saint-Exupéry", "Abd-el-Kader"
		}
		switch c {
		case classNever:
			return classNever
		case classWord:
			anyWord = true
		case classWeak:
		default:
			allWords = false
		}
		best = max(best, c)
	}
	if allWords && anyWord {
		return classWord // "week-end"
	}
	return best
}

// word returns the class of one folded word.
func (n *personNames) word(w string) wordClass {
	if n.never[w] || hasDigit(w) || utf8.RuneCountInString(w) < 2 {
		return classNever
	}
	f := n.lex.Lookup(w)
	switch {
	case f&names.Given != 0:
		return classStrong
	case f&names.NamePart != 0 && f&names.Ordinary == 0:
		return classStrong
	case f&names.NamePart != 0:
		return classWeak
	case f&names.Ordinary != 0:
		return classWord
	}
	if isLetters(w) && !strings.ContainsAny(w, "aeiouy") {
		return classNever // "jsp", "mdr", "pfff": no name of Latin letters lacks a vowel but those lists know
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return classNever
		}
	}
	return classUnknown
}

// nameScan is one search for a name in norm[from:to].
type nameScan struct {
	t    *text  // the message, for capitals
	norm string // folded, with the spans to ignore masked
	// clear: after an introduction that says a name follows ("my name is",
	// "je m'appelle"); whole: the name must be all of norm[from:to] (an
	// answer to "What name?", a part of a list).
	clear, whole bool
	// chosen: the text is only the name, as another reader wrote it, so
	// that its first capital is chosen too.
	chosen bool
	// firstLetter is the offset in t.orig of the message's first letter
	// (-1 if none); lower, whether the message has a lower-case letter.
	firstLetter int
	lower       bool
}

// newScan returns a search in norm, a folded form of t with its offsets.
func newScan(t *text, norm string) nameScan {
	return nameScan{t: t, norm: norm, firstLetter: strings.IndexFunc(t.orig, unicode.IsLetter),
		lower: strings.IndexFunc(t.orig, unicode.IsLower) >= 0}
}

// scan returns the span of the name at the start of norm[from:to].
func (n *personNames) scan(s nameScan, from, to int) (int, int, bool) {
	toks := tokenize(s.norm[from:to])
	for i := range toks {
		toks[i].start += from
		toks[i].end += from
	}
	if len(toks) == 0 {
		return 0, 0, false
	}
	us := units(s.norm, toks)
	if s.whole && len(us) > maxNameUnits {
		return 0, 0, false
	}
	end, nameWords := -1, 0
	prevAnchor := false // the last name word is strong or unknown
	var prev *nameUnit
	for i := range us {
		u := &us[i]
		if i >= maxNameUnits || nameWords >= maxNameWords {
			break
		}
		if prev != nil && !n.joined(s, *prev, *u, toks) {
			break
		}
		c := n.classify(toks, *u, s.norm)
		if nameWords == 0 && u.first == u.last && title(toks[u.first].s) {
			c = classParticle // "Mme Dupont", "Dr. Marie Curie"
		}
		last := i == len(us)-1 || !n.joined(s, *u, us[i+1], toks)
		if c == classParticle && last {
			c = n.word(toks[u.first].s) // "Ben" alone is a given name
		}
		if c == classParticle && nameWords == 0 && !(s.clear || s.whole || n.evidence(s, *u)) {
			break // "c'est pour le docteur", not "Le Pen"
		}
		ok := false
		switch c {
		case classStrong, classUnknown:
			ok, prevAnchor = true, true
		case classWeak, classWord:
			ok = n.evidence(s, *u) ||
				(nameWords == 0 && s.clear && c == classWeak) ||
				(nameWords > 0 && prevAnchor && last)
			prevAnchor = false
		case classParticle, classInitial:
			prev = u
			continue // kept only when a name word follows
		}
		if !ok {
			break
		}
		nameWords++
		end = u.end
		prev = u
	}
	if nameWords == 0 || end < 0 {
		return 0, 0, false
	}
	start := toks[0].start
	if s.whole && end != toks[len(toks)-1].end {
		return 0, 0, false
	}
	return start, end, true
}

// joined reports whether b follows a within one name: only spaces between
// them, or a period after an initial ("J. Smith").
func (n *personNames) joined(s nameScan, a, b nameUnit, toks []token) bool {
	gap := s.norm[a.end:b.start]
	initial := a.first == a.last && (utf8.RuneCountInString(toks[a.first].s) == 1 || title(toks[a.first].s))
	for i := 0; i < len(gap); i++ {
		switch {
		case gap[i] == ' ':
		case gap[i] == '.' && initial:
		default:
			return false
		}
	}
	return true
}

// evidence reports whether the unit is written so as to be a name: with a
// capital that is not the message's first letter, or in capitals in a
// message that is not.
func (n *personNames) evidence(s nameScan, u nameUnit) bool {
	orig := s.t.orig
	o, oe := s.t.off[u.start], s.t.off[u.end]
	r, _ := utf8.DecodeRuneInString(orig[o:])
	if !unicode.IsUpper(r) {
		return false
	}
	if s.chosen || o > s.firstLetter {
		return true
	}
	letters, upper := 0, true
	for _, r := range orig[o:oe] {
		if unicode.IsLetter(r) {
			letters++
			upper = upper && unicode.IsUpper(r)
		}
	}
	return letters >= 2 && upper && s.lower
}

// NamePart says which part of the customer's name a message gives.
type NamePart string

// The parts of a name a message may give alone.
const (
	WholeName NamePart = ""
	GivenName NamePart = "given"   // "my first name is Jeanne", "mon prénom c'est Jeanne"
	Surname   NamePart = "surname" // "the surname is Martin", "le nom de famille c'est Martin"
)

// Values of the classNameIntro phrases: how sure the introduction is that
// a name follows, and of which part.
const (
	introClear     = "name"  // "my name is", "je m'appelle", "au nom de"
	introAmbiguous = "name?" // "I'm", "je suis", "c'est": "I'm looking", "je suis dispo"
	introNom       = "nom"   // "mon nom est": clear; one word is the surname
	introSurname   = string(Surname)
	introGiven     = string(GivenName)
)

// nameIntroductions are the phrases after which people give their name,
// by value (see introClear…).
func nameIntroductions() map[string][]string {
	is := "(is|s|was|should be|=|)"
	return map[string][]string{
		introClear: {"my name is", "my name s", "my names", "name is", "call me", "je m appelle", "je mappelle",
			"name", "nom", "au nom de", "(my|the|) (full|whole) name " + is, "(mon|le) nom complet (est|c est|cest|)",
			"it s under", "under the name (of|)", "sous le nom (de|)", "book it under", "put it under"},
		introAmbiguous: {"i am", "i m", "im", "this is", "it s", "its", "it is", "je suis", "jsuis", "chui", "c est pour", "cest pour",
			"moi c est", "moi cest", "c est", "cest",
			"ici", "it s for"},
		introNom: {"mon nom est", "mon nom (c est|cest)", "mon nom", "le nom (c est|cest)", "le nom est", "nom (c est|cest)"},
		introSurname: {"(my|the|your|) (surname|last name|lastname|family name|second name) " + is,
			"(mon|le|son|) nom de famille (est|c est|cest|c|=|)", "(mon|le|) patronyme (est|c est|cest|)"},
		introGiven: {"(my|the|your|) (first name|firstname|given name|forename|christian name) " + is,
			"(mon|le|son|) prenom (est|c est|cest|c|=|)"},
	}
}

// bareIntro reports whether the one-word introduction w needs a colon to
// introduce a name: "nom : Dupont", not "the name of the dentist".
func bareIntro(words []string) bool {
	return len(words) == 1 && (words[0] == "name" || words[0] == "nom")
}

// findName returns the span of the customer's name introduced by one of
// nameIntroductions, and which part of the name it is. At each position
// the longest introduction is tried first.
//
// After a clear introduction the name is read in clearNorm, where
// providers' names are not masked; after an ambiguous one in norm.
func (n *personNames) findName(t *text, clearNorm, norm string, toks []token, hits []hit) (int, int, NamePart, bool) {
	tried := 0
	for i, h := range hits {
		if h.p.class != classNameIntro || longerIntroAt(hits, i) {
			continue
		}
		if tried++; tried > maxIntros {
			break // "I'm I'm I'm…" is no booking message; the time spent stays bounded
		}
		start := toks[h.end-1].end
		if bareIntro(h.p.words) {
			rest := strings.TrimLeft(norm[start:], " ")
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			start = len(norm) - len(rest) + 1
		}
		rest := strings.TrimLeft(norm[start:], " ")
		if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") {
			start = len(norm) - len(rest) + 1
		}
		end := min(len(norm), start+maxNameScan)
		scan := newScan(t, norm)
		scan.clear = h.p.value != introAmbiguous
		if scan.clear {
			scan.norm = clearNorm
		}
		s, e, ok := n.scan(scan, start, end)
		if !ok {
			continue
		}
		part := WholeName
		switch h.p.value {
		case introSurname:
			part = Surname
		case introGiven:
			part = GivenName
		case introNom:
			// French "nom" alone is the surname: "mon nom c'est Dupont".
			if ts := tokenize(scan.norm[s:e]); len(units(scan.norm[s:e], ts)) == 1 {
				part = Surname
			}
		}
		return s, e, part, true
	}
	return 0, 0, WholeName, false
}

// longerIntroAt reports whether another name introduction starts where
// hits[i] does and is longer ("my name is" over "name is", "last name is"
// over "name is").
func longerIntroAt(hits []hit, i int) bool {
	h := hits[i]
	for j, o := range hits {
		if j != i && o.p.class == classNameIntro && o.start <= h.start && o.end >= h.end && o.end-o.start > h.end-h.start {
			return true
		}
	}
	return false
}

// maxNameScan bounds the text read after "my name is", and maxIntros the
// introductions tried in one message.
const (
	maxNameScan = 120
	maxIntros   = 8
)

// bareName returns the span of a message that is only a name, as people
// answer "What name should I book under?". A question is never a name.
func (n *personNames) bareName(t *text, norm string) (int, int, bool) {
	if strings.ContainsAny(norm, "?@") || strings.IndexFunc(norm, notNameRune) >= 0 {
		return 0, 0, false
	}
	scan := newScan(t, norm)
	scan.whole = true
	from, to := trimAround(norm)
	return n.scan(scan, from, to)
}

// trimAround returns the part of norm left when the words people put
// around a name they answer with are cut: "yes, Marie Curie please",
// "Marie Curie, that's my name", "oui c'est Marie Curie merci".
func trimAround(norm string) (int, int) {
	toks := tokenize(norm)
	i, j := 0, len(toks)
	for i < j && leadWord(toks[i].s) {
		i++
	}
	for j > i && tailWord(toks[j-1].s) {
		j--
	}
	for _, tail := range [][]string{{"is", "my", "name"}, {"s", "my", "name"}, {"c", "est", "mon", "nom"}, {"est", "mon", "nom"}} {
		if j-i > len(tail) && matchWords(toks[j-len(tail):j], tail) {
			j -= len(tail)
		}
	}
	if i >= j {
		return 0, len(norm)
	}
	return toks[i].start, toks[j-1].end
}

func leadWord(w string) bool {
	switch w {
	case "yes", "yeah", "yep", "sure", "ok", "okay", "oui", "ouais", "so", "well", "alors", "bah", "euh", "um", "uh", "hmm":
		return true
	}
	return false
}

func tailWord(w string) bool {
	switch w {
	case "please", "pls", "plz", "svp", "stp", "merci", "thanks", "thx", "ty", "thank", "you", "beaucoup":
		return true
	}
	return false
}

func matchWords(toks []token, words []string) bool {
	for k, w := range words {
		if toks[k].s != w {
			return false
		}
	}
	return true
}

// notNameRune reports the characters a name never holds.
func notNameRune(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsMark(r) || r == ' ' || r == '-' || r == '\'' || r == '.' || r == ',' || r == '!')
}

// listedName finds a name given among other details, as in "Marie Curie,
// marie@example.com, 06 12 34 56 78": a comma- or semicolon-separated
// part of the message that is only a name. Outside an answer to "What
// name?" (anyCase false), it must be two words at least, each starting with
// a capital, so that "a dentist in Lyon, tomorrow" gives no name.
func (n *personNames) listedName(t *text, norm string, anyCase bool) (int, int, bool) {
	scan := newScan(t, norm)
	scan.whole = true
	start := 0
	for start <= len(norm) {
		end := strings.IndexAny(norm[start:], ",;\n")
		if end < 0 {
			end = len(norm)
		} else {
			end += start
		}
		seg := norm[start:end]
		toks := tokenize(seg)
		if len(toks) >= 1 && len(toks) <= maxNameUnits && (anyCase || len(toks) >= 2) &&
			!strings.ContainsAny(seg, "?") && strings.IndexFunc(seg, notNameRune) < 0 {
			if s, e, ok := n.scan(scan, start, end); ok {
				if anyCase || allCapitalised(t.original(s, e)) {
					return s, e, true
				}
			}
		}
		start = end + 1
	}
	return 0, 0, false
}

// allCapitalised reports whether every word of s starts with an
// upper-case letter.
func allCapitalised(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

// nameTexts are the forms of a message the name rules read.
type nameTexts struct {
	norm   string   // folded and corrected, nothing masked
	dtNorm string   // with the cities and providers named masked
	toks   []token  // of norm
	dtToks []token  // of dtNorm
	spans  [][2]int // emails, references and phone numbers
	hide   [][2]int // the cities' and providers' spans (bytes)
	named  [][2]int // the providers' spans (tokens)
}

// findCustomerName sets res.Name (and res.NamePart) from the message: a
// name introduced ("I'm…", "my surname is…"), or at the name prompt a
// message that is only a name, or a name listed among other details.
//
// hits, the lexicon's phrases in x.toks, is apart from x so that it stays
// on the caller's stack: escape analysis follows a struct as a whole, and
// x's strings are on the heap already.
func (u *Understander) findCustomerName(c Context, t *text, res *Result, hits []hit, x nameTexts) {
	n := u.names
	// After a clear introduction ("my name is", "the surname is"), the
	// words are the customer's even when a provider bears them; after
	// "I'm" or "c'est", a provider's name is the provider.
	clear := false
	for _, h := range hits {
		clear = clear || h.p.class == classNameIntro && h.p.value != introAmbiguous
	}
	var providers [][2]int
	clearNorm := x.dtNorm
	if clear && len(x.named) > 0 {
		for _, p := range x.named {
			providers = append(providers, [2]int{x.toks[p[0]].start, x.toks[p[1]-1].end})
		}
		var cities [][2]int
		for _, h := range x.hide {
			if !overlaps(providers, h[0], h[1]) {
				cities = append(cities, h)
			}
		}
		clearNorm = mask(x.norm, cities)
	}
	if s, e, part, ok := n.findName(t, clearNorm, x.dtNorm, x.toks, hits); ok {
		res.Name, res.NamePart = cleanName(t.original(s, e)), part
		if overlaps(providers, s, e) {
			res.ProviderName = ""
		}
	} else if c.Awaiting == "name" && res.Email == "" && res.Phone == "" {
		if s, e, ok := n.bareName(t, x.dtNorm); ok {
			res.Name = cleanName(t.original(s, e))
		}
	}
	if res.Name == "" && (res.Email != "" || res.Phone != "" || c.Awaiting == "name") {
		// "Paul Martin, paul@example.com, 06 44 55 66 77"
		if s, e, ok := n.listedName(t, mask(x.dtNorm, x.spans), c.Awaiting == "name"); ok {
			res.Name = cleanName(t.original(s, e))
		}
	}
	if res.NamePart != WholeName {
		res.Name = n.compose(c.CustomerName, res.Name, res.NamePart)
	} else if res.Name != "" && c.CustomerName != "" {
		if name, ok := n.instead(c.CustomerName, res.Name, x.norm, t); ok {
			res.Name = name
		}
	}
}

// instead reads "Martin, not Curie" and "c'est Jeanne, pas Marie": a word
// said in place of a word of the name known replaces it ("Marie Curie"
// becomes "Marie Martin"), whichever part it is.
func (n *personNames) instead(known, value, norm string, t *text) (string, bool) {
	at := strings.LastIndex(t.norm, foldString(value))
	if at < 0 || len(strings.Fields(value)) != 1 {
		return "", false
	}
	rest := tokenize(norm[at+len(foldString(value)):])
	k := 0
	for _, lead := range [][]string{{"and", "not"}, {"et", "pas"}, {"not"}, {"pas"}, {"instead", "of"}, {"au", "lieu", "de"},
		{"rather", "than"}, {"plutot", "que"}, {"but", "not"}, {"mais", "pas"}} {
		if len(rest) > len(lead) && matchWords(rest, lead) {
			k = len(lead)
			break
		}
	}
	if k == 0 {
		return "", false
	}
	old := rest[k].s
	kt := prepare(known)
	for _, u := range units(kt.norm, tokenize(kt.norm)) {
		if kt.norm[u.start:u.end] == old {
			return strings.TrimSpace(known[:kt.off[u.start]] + value + known[kt.off[u.end]:]), true
		}
	}
	return "", false
}

// compose returns the name known with the part given replaced: "Marie
// Curie" and the surname "Martin" make "Marie Martin".
func (n *personNames) compose(known, value string, part NamePart) string {
	given, surname := n.split(known)
	switch part {
	case GivenName:
		given = value
	case Surname:
		surname = value
	}
	return strings.TrimSpace(given + " " + surname)
}

// split cuts a name into its given names and its surname: the leading
// words that are known given names ("Jean Pierre Dupont"), the first word
// at least when there are two or more; a single word is the given name
// when it is a known one, the surname otherwise.
func (n *personNames) split(name string) (given, surname string) {
	t := prepare(name)
	us := units(t.norm, tokenize(t.norm))
	toks := tokenize(t.norm)
	if len(us) == 0 {
		return "", ""
	}
	isGiven := func(u nameUnit) bool { return n.lex.Lookup(toks[u.first].s)&names.Given != 0 }
	if len(us) == 1 {
		if isGiven(us[0]) {
			return strings.TrimSpace(name), ""
		}
		return "", strings.TrimSpace(name)
	}
	k := 1
	for k < len(us)-1 && isGiven(us[k]) && !particle(toks[us[k].first].s) {
		k++
	}
	return t.original(us[0].start, us[k-1].end), t.original(us[k].start, len(t.norm))
}

// LooksLikeName reports whether s, given as a person's name by a reader
// of the message other than the embedded one (a language model), has the
// structure of one and is not an ordinary word that no list knows as a
// name ("visiting", "attendez"). It is the rule of free text, for a value
// said to be a name (see the top of person.go); the API's field is
// checked by rendezvous.NormalizeName alone.
func LooksLikeName(s string) bool {
	if len(s) > 400 { // 100 characters (rendezvous.MaxNameLength) of up to 4 bytes
		return false
	}
	t := prepare(s)
	if strings.ContainsAny(t.norm, "?@:/") || strings.IndexFunc(t.norm, notNameRune) >= 0 {
		return false
	}
	n := newPersonNames(nil)
	scan := newScan(&t, t.norm)
	scan.clear, scan.whole, scan.chosen = true, true, true
	_, _, ok := n.scan(scan, 0, len(t.norm))
	return ok
}
