package understand

import (
	"strings"
	"unicode"
)

// Providers named the way people name them: a title and a surname ("Dr
// Leroy", "le docteur Leroy", "Mme Martin"), a salon's word and its name
// ("chez Léa coiffure"), with typos ("dr leroi") and without accents or
// capitals. The gazetteer's exact names and unique short forms come first
// (gazIndex); what follows reads the rest:
//   - a reference that fits one provider gives its canonical name;
//   - one that fits several ("Dr Morel": two) gives the reference itself,
//     spelt as the directory spells it, for the dialogue to ask which;
//   - one that fits none gives Result.UnknownProvider.
//
// Either way the title is no kind: "Dr Leroy" may be a dentist, and "le
// docteur Leroy" asks for Leroy, not for any doctor. A salon's word is
// one: "Léa coiffure" is a hairdresser.

// refEntry is a provider's name as references see it.
type refEntry struct {
	canonical string
	core      []string          // folded words that name it: no title, no ordinary word ("sophie", "leroy")
	spelling  map[string]string // folded core word → as the name writes it ("leroy" → "Leroy")
	dr        bool              // the name bears the title "Dr"
	business  bool              // the name holds a business word ("Salon Léa")
}

// refIndex finds references to providers. Built once in New, read only.
type refIndex struct {
	entries  []refEntry
	byWord   map[string][]int // core word → entries
	spell    *speller         // typos of core words
	names    *personNames
	titles   map[string]string
	business map[string]bool
}

// businessWords are the words of a business's name that say what it is:
// next to another word, they name a business ("Léa coiffure", "salon Léa").
func businessWords() map[string]bool {
	return map[string]bool{"salon": true, "coiffure": true, "barbier": true, "atelier": true, "cabinet": true, "institut": true}
}

// refTitles are the titles after which a word is a person's name. "M" and
// "prof" are left out: "I'm Martin" holds "m martin".
func refTitles() map[string]string {
	return map[string]string{"dr": "Dr", "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mme": "Mme",
		"madame": "Mme", "mlle": "Mlle", "mademoiselle": "Mlle", "monsieur": "M."}
}

func newRefIndex(providers []string, ordinary, known map[string]bool, names *personNames) *refIndex {
	x := &refIndex{byWord: map[string][]int{}, names: names, titles: refTitles(), business: businessWords()}
	titles, business := x.titles, x.business
	vocabulary := map[string]bool{}
	for _, name := range providers {
		e := refEntry{canonical: name, spelling: map[string]string{}}
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			for _, tk := range tokenize(foldString(w)) {
				f := nameWord(tk.s)
				switch {
				case f == "dr":
					e.dr = true
				case business[f]:
					e.business = true
				}
				if _, title := titles[f]; title || len(f) < 2 || ordinary[f] {
					continue
				}
				if _, seen := e.spelling[f]; !seen {
					e.core = append(e.core, f)
					e.spelling[f] = w
				}
			}
		}
		if len(e.core) == 0 {
			continue
		}
		x.entries = append(x.entries, e)
		for _, w := range e.core {
			x.byWord[w] = append(x.byWord[w], len(x.entries)-1)
			vocabulary[w] = true
		}
	}
	x.spell = newSpeller(vocabulary, known)
	return x
}

// providerRef is a reference found in a message.
type providerRef struct {
	name    string // canonical name, or the reference as the directory spells it; "" when unknown
	unknown bool   // it names no provider of the directory
	start   int    // tokens [start, end) of the reference
	end     int
	// named are the tokens that name the provider, and so no kind: the
	// title and the name ("docteur Leroy"), not a salon's word ("Léa
	// coiffure": a hairdresser).
	named [2]int
}

// find returns the first reference of toks outside the spans taken
// (token spans of cities and names already read). A title right after an
// introduction of hits ("I'm Mrs Smith", "c'est pour Mme Martin") is the
// customer's.
func (x *refIndex) find(t *text, toks []token, canon []string, taken [][2]int, hits []hit) (providerRef, bool) {
	if len(toks) == 0 {
		return providerRef{}, false
	}
	titles, business := x.titles, x.business
	free := func(i int) bool {
		for _, s := range taken {
			if s[0] <= i && i < s[1] {
				return false
			}
		}
		return i >= 0 && i < len(toks)
	}
	for i := range toks {
		if !free(i) {
			continue
		}
		display, ok := titles[canon[i]]
		if !ok && canon[i] == "m" && capitalised(t, toks[i]) && toks[i].end < len(t.norm) && t.norm[toks[i].end] == '.' {
			display, ok = "M.", true // "M. Morel"; a lone "m" is "I'm"
		}
		if ok {
			words, end := x.nameWords(t, toks, canon, i+1, free)
			if len(words) == 0 || introEndsAt(hits, i) {
				continue
			}
			if abbr := toks[i].s == canon[i] || toks[i].s == "mme" || toks[i].s == "mlle"; !abbr && !x.surelyName(t, toks[i+1], canon[i+1]) {
				// A word in full ("the doctor urgently", "miss") needs a
				// name that is surely one after it; "Dr" does not.
				continue
			}
			ref := x.resolve(words, canon[i] == "dr", false)
			ref.start, ref.end, ref.named = i, end, [2]int{i, end}
			if ref.name == "" && !ref.unknown {
				ref.name = display + " " + ref.spelt(words, x)
			}
			return ref.clean(), true
		}
		if business[canon[i]] {
			// "salon Léa", "Léa coiffure", "chez Léa coiffure".
			words, end := x.nameWords(t, toks, canon, i+1, free)
			start := i
			if len(words) == 0 && free(i-1) && x.nameLike(canon[i-1]) {
				words, start, end = []string{x.fix(canon[i-1])}, i-1, i
			}
			if len(words) > 0 && !x.surelyName(t, toks[start], canon[start]) {
				continue // "best salon", "a hair salon": a word, not a name
			}
			if len(words) == 0 {
				continue
			}
			ref := x.resolve(words, false, true)
			if ref.unknown && !capitalised(t, toks[start]) && !(start > 0 && atPlace(canon[start-1])) {
				continue // "salon xyz" in lower case, with nothing to say a name follows
			}
			ref.start, ref.end = start, end
			ref.named = [2]int{start, end}
			if start == i {
				ref.named[0] = i + 1
			} else {
				ref.named[1] = i
			}
			if ref.name == "" && !ref.unknown {
				ref.name = ref.spelt(words, x)
			}
			return ref.clean(), true
		}
	}
	return providerRef{}, false
}

// atPlace reports whether w introduces a place one goes to: "chez", "at",
// "with".
func atPlace(w string) bool {
	switch w {
	case "chez", "at", "with", "avec", "to":
		return true
	}
	return false
}

// maxRefWords bounds the words of a reference after its title: "Dr Jean
// Pierre Dupont".
const maxRefWords = 3

// nameWords returns the name words from toks[i] (typos of the directory's
// words corrected), and the end of the span. The parts of a compound
// ("Jen-Kuei") all belong to it.
func (x *refIndex) nameWords(t *text, toks []token, canon []string, i int, free func(int) bool) ([]string, int) {
	var words []string
	j := i
	for ; j < len(toks) && len(words) < maxRefWords && free(j); j++ {
		joined := j > i && toks[j].start == toks[j-1].end+1 && strings.ContainsRune("-'", rune(t.norm[toks[j-1].end]))
		if !joined && !x.nameLike(canon[j]) {
			break
		}
		words = append(words, x.fix(canon[j]))
	}
	return words, j
}

// surelyName reports whether a word next to a salon's word or a title in
// full is meant as a name: a word of the directory's names, a known name
// that is no ordinary word, or a word written with a capital.
func (x *refIndex) surelyName(t *text, tok token, w string) bool {
	switch x.names.word(w) {
	case classStrong:
		return true
	case classWord, classWeak: // "best salon", "the doctor, please"
	default:
		if len(x.byWord[w]) > 0 || x.spell.correct(w) != "" {
			return true
		}
	}
	return capitalised(t, tok)
}

// continues reports whether canon[i] goes on with a person's name: a
// name word that starts no city ("Dr Wang Jen-Kuei" is not "Dr Wang";
// "Dr Leroy Marseille" is).
func (x *refIndex) continues(canon []string, i int, cities []gazMatch) bool {
	if i >= len(canon) {
		return false
	}
	for _, c := range cities {
		if c.start == i {
			return false
		}
	}
	switch x.names.word(canon[i]) {
	case classStrong, classUnknown:
		return true
	}
	return false
}

// nameLike reports whether a word may be (part of) a provider's name: a
// word of the directory's names, one typo from one, or a word shaped like
// a name — a surname that is also a word too ("Dr Smith", "Mme
// Fontaine"), as it follows a title or a salon's word.
func (x *refIndex) nameLike(w string) bool {
	if len(x.byWord[w]) > 0 || x.spell.correct(w) != "" {
		return true
	}
	switch x.names.word(w) {
	case classStrong, classUnknown, classWeak:
		return true
	}
	return false
}

// fix returns the directory's word w is a typo of, or w.
func (x *refIndex) fix(w string) string {
	if len(x.byWord[w]) > 0 {
		return w
	}
	if f := x.spell.correct(w); f != "" {
		return f
	}
	return w
}

// resolve returns what the words name: the canonical name of the one
// provider all of them belong to, several (name ""), or none (unknown).
// With the title "Dr", the providers who bear it are preferred; from a
// salon's word, the businesses are.
func (x *refIndex) resolve(words []string, dr, business bool) providerRef {
	var found []int
	for _, i := range x.byWord[words[0]] {
		e := &x.entries[i]
		all := true
		for _, w := range words[1:] {
			if e.spelling[w] == "" {
				all = false
				break
			}
		}
		if all {
			found = append(found, i)
		}
	}
	prefer := func(keep func(e *refEntry) bool) {
		var kept []int
		for _, i := range found {
			if keep(&x.entries[i]) {
				kept = append(kept, i)
			}
		}
		if len(kept) > 0 {
			found = kept
		}
	}
	if dr {
		prefer(func(e *refEntry) bool { return e.dr })
	}
	if business {
		prefer(func(e *refEntry) bool { return e.business })
	}
	switch {
	case len(found) == 0:
		return providerRef{unknown: true}
	case len(found) == 1 || sameName(x.entries, found):
		return providerRef{name: x.entries[found[0]].canonical}
	}
	return providerRef{}
}

// sameName reports whether the entries all have the same canonical name
// (one name, several providers: the dialogue asks which).
func sameName(entries []refEntry, found []int) bool {
	for _, i := range found[1:] {
		if entries[i].canonical != entries[found[0]].canonical {
			return false
		}
	}
	return true
}

// spelt writes the words as the directory's names spell them.
func (r providerRef) spelt(words []string, x *refIndex) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		for _, j := range x.byWord[w] {
			out[i] = x.entries[j].spelling[w]
			break
		}
	}
	return strings.Join(out, " ")
}

func (r providerRef) clean() providerRef {
	if r.unknown {
		r.name = ""
	}
	return r
}

// introEndsAt reports whether a name introduction of hits ("I'm", "my
// name is", "c'est pour") ends at a token.
func introEndsAt(hits []hit, end int) bool {
	for _, h := range hits {
		if h.p.class == classNameIntro && h.end == end {
			return true
		}
	}
	return false
}
