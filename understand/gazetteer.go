package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Gazetteer lists the names the understanding recognises and returns in
// their canonical spelling.
type Gazetteer struct {
	Cities        []string // canonical city names, e.g. "Paris", "Saint-Étienne", "Montréal", "Mountain View"
	ProviderNames []string // canonical provider names, e.g. "Cabinet Dentaire du Parc", "Dr Sophie Martin", "Christopher J. Celio"
}

// gazEntry is one way of writing a canonical name, as folded words.
type gazEntry struct {
	canonical string
	words     []string
	// common is set for one-word names that are also ordinary words
	// ("Nice", "Tours"): they only count when capitalised as written, or
	// when the agent asked for that kind of value.
	common bool
	// short is set for the short forms of a person's name: they do not
	// match the start of a longer name ("Dr Wang" in "Dr Wang Jen-Kuei").
	short bool
}

// gazIndex finds canonical names in a tokenized message.
type gazIndex struct {
	byFirst map[string][]*gazEntry
}

// gazMatch is a name found in a message, as token indexes [start, end).
type gazMatch struct {
	entry      *gazEntry
	start, end int
}

// nameWord canonicalises a word of a name or a message so that usual
// abbreviations match: "st" is "saint", "mt" is "mount".
func nameWord(w string) string {
	switch w {
	case "st":
		return "saint"
	case "ste":
		return "sainte"
	case "mt":
		return "mount"
	case "ft":
		return "fort"
	case "dr", "docteur", "doctor", "doc":
		return "dr"
	}
	return w
}

// nameWords folds a name into canonical words.
func nameWords(s string) []string {
	toks := tokenize(foldString(s))
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = nameWord(t.s)
	}
	return out
}

// titles are the words that may stand before a person's name.
func titles() map[string]bool {
	return map[string]bool{"dr": true, "mr": true, "mrs": true, "ms": true, "mme": true, "mlle": true,
		"m": true, "madame": true, "monsieur": true, "mademoiselle": true, "pr": true, "professeur": true,
		"prof": true, "miss": true}
}

// newGazIndex indexes names. common holds ordinary words: a one-word name
// that is one must be capitalised to count, and a name holding one is not
// given shorter aliases. aliases enables the short forms of people's names
// ("Dr Martin" for "Dr Sophie Martin").
func newGazIndex(names []string, common map[string]bool, aliases bool) *gazIndex {
	g := &gazIndex{byFirst: map[string][]*gazEntry{}}
	type alias struct {
		canonical string
		words     []string
		short     bool
	}
	var all []alias
	for _, n := range names {
		words := nameWords(n)
		if len(words) == 0 {
			continue
		}
		all = append(all, alias{n, words, false})
		if !aliases {
			continue
		}
		full := len(words)
		if i := strings.LastIndexByte(n, ','); i > 0 {
			// "Chloé Morel, psychologue": the person is before the comma.
			words = nameWords(n[:i])
		}
		// Shorter ways of naming a person: without the title or the
		// initials ("Sophie Martin", "Christopher Celio"), or a title and the
		// surname ("Dr Martin").
		title := titles()
		var core []string
		person := true
		for _, w := range words {
			if !title[w] && len(w) > 1 {
				core = append(core, w)
				// A practice ("Cabinet Dentaire du Parc", "D & H Hair
				// Salon") is not shortened: its words alone name nothing.
				person = person && !common[w]
			}
		}
		if !person {
			continue
		}
		if len(core) >= 2 && len(core) < full {
			all = append(all, alias{n, core, true})
		}
		if len(core) >= 2 {
			last := core[len(core)-1]
			for _, t := range []string{"dr", "mr", "mrs", "ms", "mme", "madame", "monsieur"} {
				all = append(all, alias{n, []string{t, last}, true})
			}
		}
	}
	// An alias that two names share names neither.
	owners := map[string]map[string]bool{}
	for _, a := range all {
		key := strings.Join(a.words, " ")
		if owners[key] == nil {
			owners[key] = map[string]bool{}
		}
		owners[key][a.canonical] = true
	}
	seen := map[string]bool{}
	for _, a := range all {
		key := strings.Join(a.words, " ")
		if len(owners[key]) > 1 || seen[key] {
			continue
		}
		seen[key] = true
		e := &gazEntry{canonical: a.canonical, words: a.words, common: len(a.words) == 1 && common[a.words[0]], short: a.short}
		g.byFirst[a.words[0]] = append(g.byFirst[a.words[0]], e)
	}
	return g
}

// vocabulary adds the words of the names to v.
func (g *gazIndex) vocabulary(v map[string]bool) {
	for _, es := range g.byFirst {
		for _, e := range es {
			for _, w := range e.words {
				v[w] = true
			}
		}
	}
}

// find returns the names found in the message, longest first at each
// position and without overlaps. orig and t give the original text, to
// check the capitalisation of common words; lenient accepts them anyway.
//
// kindEnds has bit i set when a kind's words end at token i ("dentist",
// "un kiné"): in a texted message, a common word right after one ("psy a
// nice", "dentist nice vendredi") is the place.
func (g *gazIndex) find(t *text, toks []token, canon []string, lenient bool, kindEnds uint64, dst []gazMatch) []gazMatch {
	if len(g.byFirst) == 0 {
		return dst
	}
	for i := 0; i < len(toks); {
		var best *gazEntry
		for _, e := range g.byFirst[canon[i]] {
			if i+len(e.words) > len(toks) || (best != nil && len(e.words) <= len(best.words)) {
				continue
			}
			ok := true
			for j := 1; j < len(e.words); j++ {
				if canon[i+j] != e.words[j] {
					ok = false
					break
				}
			}
			if ok && e.short && continued(t, toks, i+len(e.words)) {
				ok = false
			}
			if ok && e.common && !lenient && !(capitalised(t, toks[i]) && (len(toks) == 1 || i > 0 && placePreposition(toks[i-1].s))) &&
				!textedPlace(t, toks, i, kindEnds) && !chosenCapital(t, toks, i) {
				ok = false
			}
			if ok {
				best = e
			}
		}
		if best == nil {
			i++
			continue
		}
		dst = append(dst, gazMatch{entry: best, start: i, end: i + len(best.words)})
		i += len(best.words)
	}
	return dst
}

// capitalised reports whether the word was written with a capital letter.
func capitalised(t *text, tok token) bool {
	r, _ := utf8.DecodeRuneInString(t.orig[t.off[tok.start]:])
	return unicode.IsUpper(r)
}

// textedPlace reports whether the common word at toks[i] is a place in a
// message typed with no capital at all, where a capital says nothing: after
// a preposition of place ("dentist in nice thurs", "un kiné à nice"), or
// right after a kind ("dentist nice vendredi", "psy a nice") — but not after
// an unaccented "a" alone, which is as often English ("need a nice
// dentist") as French without its accent.
func textedPlace(t *text, toks []token, i int, kindEnds uint64) bool {
	if i == 0 || strings.IndexFunc(t.orig, unicode.IsUpper) >= 0 {
		return false
	}
	kindAt := func(j int) bool { return j >= 0 && j < 64 && kindEnds&(1<<uint(j)) != 0 }
	switch {
	case kindAt(i - 1):
		return true
	case !placePreposition(toks[i-1].s):
		return false
	case toks[i-1].s != "a" || t.original(toks[i-1].start, toks[i-1].end) != "a":
		return true
	}
	return kindAt(i - 2)
}

// chosenCapital reports whether the common word at toks[i] is capitalised
// by choice inside the message, not after a word that makes it the
// adjective: "actually Nice would be easier", not "a Nice day" or "that's
// Nice".
func chosenCapital(t *text, toks []token, i int) bool {
	if i == 0 || !capitalised(t, toks[i]) || strings.IndexFunc(t.orig, unicode.IsLower) < 0 {
		return false
	}
	switch toks[i-1].s {
	case "a", "very", "so", "really", "pretty", "quite", "too", "how", "be", "is", "s", "was", "are", "looks", "sounds", "not",
		"super", "extra", "more", "most", "as", "that", "this", "the", "have":
		return false
	}
	return true
}

// placePreposition reports whether w introduces a place: "in Nice", "à
// Tours".
func placePreposition(w string) bool {
	switch w {
	case "in", "at", "to", "near", "around", "from", "a", "au", "de", "sur", "vers", "pres", "dans", "en", "of":
		return true
	}
	return false
}

// continued reports whether toks[end] continues the word before it, joined
// by a hyphen or an apostrophe ("Jen-Kuei").
func continued(t *text, toks []token, end int) bool {
	if end <= 0 || end >= len(toks) {
		return false
	}
	prev := toks[end-1]
	return toks[end].start == prev.end+1 && (t.norm[prev.end] == '-' || t.norm[prev.end] == '\'')
}
