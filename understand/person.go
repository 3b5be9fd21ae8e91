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
			// "J." is an initial, and so is a letter written without its
			// period before another word ("George W Bush") — but not the
			// one-letter words of the languages ("a", "i", "y", "à").
			if u.end < len(norm) && norm[u.end] == '.' && !hasDigit(w) {
				return classInitial
			}
			if u.last+1 < len(toks) && !hasDigit(w) && !strings.Contains("aiyeo", w) {
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
		if c == classNever && nameWords == 0 && !last && (s.whole || s.clear || n.evidence(s, *u)) && n.givenRuleWord(s, *u, us[i+1], toks) {
			c = classStrong // "Jan Ford", "June Carter", "Will Smith": a given name the rules also use
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
				(nameWords > 0 && prevAnchor && last) ||
				(nameWords == 0 && c == classWeak && !last && n.capitalisedBefore(s, *u, us[i+1], toks))
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

// capitalisedBefore reports whether u, a known name part that is also a
// word (Val, Rose, Grace…) written with a capital where the capital is no
// choice (the message's first letter), starts a name because the unit
// after it is a given name or a word no list has, capitalised by choice:
// "Val Ford", "Sonny Rollins" — and not "Good Morning", whose second word
// is no name.
func (n *personNames) capitalisedBefore(s nameScan, u, next nameUnit, toks []token) bool {
	r, _ := utf8.DecodeRuneInString(s.t.orig[s.t.off[u.start]:])
	if !unicode.IsUpper(r) {
		return false
	}
	switch n.classify(toks, next, s.norm) {
	case classStrong, classUnknown:
		return n.evidence(s, next)
	}
	return false
}

// givenRuleWord reports whether u, a word the rules use (a month, a
// weekday, "will", "hope"), is a given name here: a known given name,
// capitalised, at the start of an answer that is only a name, before a
// word that is a name ("Jan Ford", "June Carter") — not "May I" or
// "June 3rd".
func (n *personNames) givenRuleWord(s nameScan, u, next nameUnit, toks []token) bool {
	if u.first != u.last || n.lex.Lookup(toks[u.first].s)&names.Given == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.t.orig[s.t.off[u.start]:])
	if !unicode.IsUpper(r) {
		return false
	}
	switch n.classify(toks, next, s.norm) {
	case classStrong, classUnknown:
		return true
	case classWeak:
		return n.evidence(s, next)
	}
	return false
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
