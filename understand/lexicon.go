package understand

import (
	"github.com/rendezvous-oss/rendezvous/understand/names"
	"strings"
)

// class says what a phrase of the lexicon signals.
type class uint8

const (
	classIntent class = iota + 1
	classKind
	classTrade
	classQuestion
	classCorrection
	classNameIntro
	classRefine
)

// phrase is a sequence of folded words that, found in a message, signals
// something: an intent, a kind of provider, a correction.
type phrase struct {
	words []string
	class class
	value string
	// quiet phrases' words are no vocabulary (see words): the speller
	// does not correct names towards them ("Carrie" is not "carie").
	quiet bool
}

// hit is a phrase found in a message, as token indexes [start, end).
type hit struct {
	start, end int
	p          *phrase
}

// phraseMatcher finds phrases in a tokenized message. It is built once in
// New and only read afterwards.
type phraseMatcher struct {
	// byFirst holds the one-word phrases by their word, byPair the others
	// by their first two words: the phrases that start with a common word
	// ("the", "i", "je") are many, and a message's word pair narrows them
	// to the few that may match.
	byFirst map[string][]*phrase
	byPair  map[[2]string][]*phrase
}

func newPhraseMatcher() *phraseMatcher {
	return &phraseMatcher{byFirst: map[string][]*phrase{}, byPair: map[[2]string][]*phrase{}}
}

// add adds every expansion of each pattern (see expand) with the given
// class and value.
func (m *phraseMatcher) add(c class, value string, patterns ...string) {
	m.addPhrases(c, value, false, patterns)
}

// addQuiet adds phrases whose words stay out of the vocabulary.
func (m *phraseMatcher) addQuiet(c class, value string, patterns ...string) {
	m.addPhrases(c, value, true, patterns)
}

func (m *phraseMatcher) addPhrases(c class, value string, quiet bool, patterns []string) {
	for _, pat := range patterns {
		for _, e := range expand(pat) {
			toks := tokenize(foldString(e))
			if len(toks) == 0 {
				continue
			}
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = t.s
			}
			p := &phrase{words: words, class: c, value: value, quiet: quiet}
			if len(words) == 1 {
				m.byFirst[words[0]] = append(m.byFirst[words[0]], p)
				continue
			}
			k := [2]string{words[0], words[1]}
			m.byPair[k] = append(m.byPair[k], p)
		}
	}
}

// find returns the phrases found in toks, longest first at each position;
// a position covered by a longer phrase of the same class does not start
// another of that class.
func (m *phraseMatcher) find(toks []token, dst []hit) []hit {
	for i := 0; i < len(toks); i++ {
		for _, p := range m.byFirst[toks[i].s] {
			dst = append(dst, hit{start: i, end: i + 1, p: p})
		}
		if i+1 >= len(toks) {
			continue
		}
		for _, p := range m.byPair[[2]string{toks[i].s, toks[i+1].s}] {
			if i+len(p.words) > len(toks) {
				continue
			}
			ok := true
			for j := 2; j < len(p.words); j++ {
				if toks[i+j].s != p.words[j] {
					ok = false
					break
				}
			}
			if ok {
				dst = append(dst, hit{start: i, end: i + len(p.words), p: p})
			}
		}
	}
	return dst
}

// words returns every distinct word of the lexicon.
func (m *phraseMatcher) words(into map[string]bool) {
	for _, ps := range m.byFirst {
		for _, p := range ps {
			if !p.quiet {
				into[p.words[0]] = true
			}
		}
	}
	for _, ps := range m.byPair {
		for _, p := range ps {
			if p.quiet {
				continue
			}
			for _, w := range p.words {
				into[w] = true
			}
		}
	}
}

// expand turns a pattern with alternatives into the phrases it stands for:
// "(move|change) (my|the|) appointment" gives six phrases; an empty
// alternative makes the group optional. Groups do not nest.
func expand(pattern string) []string {
	open := strings.IndexByte(pattern, '(')
	if open < 0 {
		return []string{pattern}
	}
	end := strings.IndexByte(pattern[open:], ')')
	if end < 0 {
		return []string{pattern}
	}
	end += open
	var out []string
	for _, alt := range strings.Split(pattern[open+1:end], "|") {
		for _, rest := range expand(pattern[end+1:]) {
			out = append(out, pattern[:open]+alt+rest)
		}
	}
	return out
}

// speller corrects typos of one edit (insertion, deletion, substitution or
// transposition of adjacent letters) in words of five letters or more,
// against the vocabulary the rules rely on. It uses a deletion index (the
// SymSpell idea): a word and a typo of it at distance one always share a
// string obtained by deleting at most one letter from each, so a lookup
// costs a few map probes instead of a distance computation per word.
type speller struct {
	known   map[string]bool     // words never corrected
	deletes map[string][]string // vocabulary word or its one-letter deletion → vocabulary words
	// words knows the ordinary words of English and French: a real word
	// is never a typo of another ("passage" is not "massage", "chance" not
	// "change").
	words names.Lexicon
}

// minTypoLength is the shortest word that typo correction considers: below
// it too many real words are one edit away from each other.
const minTypoLength = 5

func newSpeller(vocabulary, known map[string]bool) *speller {
	s := &speller{known: known, deletes: map[string][]string{}, words: names.Embedded()}
	for w := range vocabulary {
		if len(w) < minTypoLength || !isLetters(w) {
			continue
		}
		s.addKey(w, w)
		for i := 0; i < len(w); i++ {
			s.addKey(w[:i]+w[i+1:], w)
		}
	}
	return s
}

func (s *speller) addKey(key, word string) {
	for _, w := range s.deletes[key] {
		if w == word {
			return
		}
	}
	s.deletes[key] = append(s.deletes[key], word)
}

// correct returns the vocabulary word w is a typo of, or "" when w is a
// known word, too short, or not exactly one edit away from exactly one
// vocabulary word.
func (s *speller) correct(w string) string {
	if len(w) < minTypoLength || s.known[w] || !isLetters(w) || s.words.Lookup(w)&names.Ordinary != 0 {
		return ""
	}
	if _, ok := s.deletes[w]; ok {
		// w is a vocabulary word, or a vocabulary word with one letter
		// missing; the latter is a typo unless w is itself a word.
		for _, c := range s.deletes[w] {
			if c == w {
				return ""
			}
		}
	}
	found := ""
	consider := func(c string) bool {
		if c == found || len(c) < minTypoLength || osaDistance1(w, c) != 1 {
			return true
		}
		if found != "" {
			found = "" // ambiguous: two words fit
			return false
		}
		found = c
		return true
	}
	for _, c := range s.deletes[w] {
		if !consider(c) {
			return ""
		}
	}
	var buf [64]byte
	if len(w) > len(buf) {
		return ""
	}
	for i := 0; i < len(w); i++ {
		key := append(append(buf[:0], w[:i]...), w[i+1:]...)
		for _, c := range s.deletes[string(key)] {
			if !consider(c) {
				return ""
			}
		}
	}
	if found == w+"s" || w == found+"s" {
		return "" // a singular or plural form is not a typo
	}
	return found
}

// osaDistance1 reports the optimal-string-alignment distance between a and
// b when it is at most 1, and 2 otherwise.
func osaDistance1(a, b string) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return 1 // substitution
		}
		if i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return 1 // transposition
		}
	case la == lb+1:
		return deletionDistance(a, b)
	case lb == la+1:
		return deletionDistance(b, a)
	}
	return 2
}

// deletionDistance returns 1 when short is long with one byte removed.
func deletionDistance(long, short string) int {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	if long[i+1:] == short[i:] {
		return 1
	}
	return 2
}
