package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous/understand/names"
)

// Where names are found: after an introduction ("my name is", "je suis",
// "the surname is"), alone as the answer to "What name?", or listed among
// other details. Whether words are a name is person.go's rule.

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
	// introFor is "for" and "pour" before a whole name: "book a dentist
	// for Nora Blake". Ambiguous, and two name words at least: "for
	// Friday", "for Christmas", "pour Lyon" are no one.
	introFor     = "for"
	introNom     = "nom" // "mon nom est": clear; one word is the surname
	introSurname = string(Surname)
	introGiven   = string(GivenName)
)

// nameIntroductions are the phrases after which people give their name,
// by value (see introClear…).
func nameIntroductions() map[string][]string {
	is := "(is|s|was|should be|=|is spelled|is spelt|s spelled|s spelt|spelled|spelt|is written|is actually|s actually|)"
	return map[string][]string{
		introClear: {"my name is", "my name s", "my names", "name is", "call me", "je m appelle", "je mappelle",
			"name", "nom", "au nom de", "(my|the|) (full|whole) name " + is, "(mon|le) nom complet (est|c est|cest|)",
			"it s under", "under the name (of|)", "sous le nom (de|)", "book it under", "put it under",
			"(the|my|) name (should be|must be|needs to be|has to be|ought to be)", "(it|that) should be under",
			"(le|mon) nom (devrait etre|doit etre|serait)", "(mettez|mets|mettre|c est|cest) (le|au) nom de",
			// Booking for someone else: "it's for my wife, Greta Arendt",
			// "c'est pour ma fille : Chloé Martin".
			"for my " + relatives + " (is|s|named|called|)", "pour (mon|ma) " + relatives + " (qui s appelle|)",
			"(under|in|put it under|book it under|put it in) my " + relatives + " s name", "(under|in) the name of my " + relatives,
			"au nom de (mon|ma) " + relatives},
		introAmbiguous: {"i am", "i m", "im", "this is", "it s", "its", "it is", "je suis", "jsuis", "chui", "c est pour", "cest pour",
			"moi c est", "moi cest", "moi c", "c est", "cest",
			"ici", "it s for"},
		introFor: {"for", "pour"},
		introNom: {"mon nom est", "mon nom (c est|cest)", "mon nom", "le nom (c est|cest)", "le nom est", "nom (c est|cest)"},
		introSurname: {"(my|the|your|) (surname|last name|lastname|family name|second name) " + is,
			"(mon|le|son|) nom de famille (est|c est|cest|c|=|s ecrit|secrit|)", "(mon|le|) patronyme (est|c est|cest|)",
			"(mon|le) nom (s ecrit|secrit)"},
		introGiven: {"(my|the|your|) (first name|firstname|given name|forename|christian name) " + is,
			"(mon|le|son|) prenom (est|c est|cest|c|=|s ecrit|secrit|)"},
	}
}

// relatives are the people one books for: after "for my wife" or "pour
// mon fils" comes their name.
const relatives = "(wife|husband|partner|son|daughter|mother|mum|mom|father|dad|child|kid|boy|girl|friend|brother|sister|" +
	"grandmother|grandfather|grandson|granddaughter|fiance|fiancee|" +
	"femme|mari|epouse|epoux|fils|fille|mere|pere|enfant|compagne|compagnon|conjoint|conjointe|frere|soeur|" +
	"fiance|fiancee)"

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
		scan.clear = h.p.value != introAmbiguous && h.p.value != introFor
		if scan.clear {
			scan.norm = clearNorm
		}
		s, e, ok := n.scan(scan, start, end)
		if !ok {
			continue
		}
		if h.p.value == introFor && (!twoCapitalisedWords(t.original(s, e)) || practitionerTitle(scan.norm[s:e])) {
			continue // "for Christmas"; "for Dr Leroy" is whom to see
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
				if anyCase || allCapitalised(t.original(s, e)) || n.textedName(t, norm[s:e]) {
					return s, e, true
				}
			}
		}
		start = end + 1
	}
	return 0, 0, false
}

// practitionerTitle reports whether a name starts with a practitioner's
// title: the one seen, not the customer.
func practitionerTitle(norm string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(norm), " ")
	switch strings.TrimSuffix(first, ".") {
	case "dr", "docteur", "doctor", "doc", "prof", "pr", "professeur", "professor":
		return true
	}
	return false
}

// twoCapitalisedWords reports whether s is two words or more, each
// capitalised: "Nora Blake", not "Christmas" or "nora blake".
func twoCapitalisedWords(s string) bool {
	return len(strings.Fields(s)) >= 2 && allCapitalised(s)
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

// textedName reports whether a listed name typed in lower case is one: in
// a message with no capital at all (texted, "marie curie, marie@…"), two
// words or more, the first a known given name.
func (n *personNames) textedName(t *text, name string) bool {
	if strings.IndexFunc(t.orig, unicode.IsUpper) >= 0 {
		return false
	}
	words := strings.Fields(name)
	return len(words) >= 2 && n.lex.Lookup(words[0])&names.Given != 0
}
