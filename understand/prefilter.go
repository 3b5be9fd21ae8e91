package understand

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// A prefilter is what any match of a rule's expression must contain: for
// each of its sets, one of the set's strings. A regular expression search
// over a message costs microseconds whoever it fails, since it starts
// again at every byte; a few substring searches cost tens of nanoseconds.
// Most rules are enabled by a word that does not make a match on its own
// ("morning" enables the clock-time rule for "9 in the morning"): the
// prefilter skips the search when the rest of what a match needs (here a
// digit or a number word) is absent. It is computed from the expression
// itself, so it cannot be out of step with it, and it only ever says "no
// match possible" when none is: the results are those of the search.
type prefilter [][]string

// maxExact bounds the set of strings an expression's part is known to
// match exactly, and maxAlternatives the strings of one set of the
// prefilter: past them, the part says nothing.
const (
	maxExact        = 32
	maxAlternatives = 64
)

// mayMatch reports whether text holds one string of each set.
func (p prefilter) mayMatch(text string) bool {
	for _, set := range p {
		found := false
		for _, s := range set {
			if strings.Contains(text, s) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// newPrefilter computes the prefilter of a Perl-syntax expression (what
// regexp.Compile reads). An expression it cannot parse gets none.
func newPrefilter(expr string) prefilter {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	in := analyse(re.Simplify())
	if in.exactOK {
		in.and = in.flush(in.exact)
	}
	return in.and
}

// info is what is known of the strings a part of an expression matches:
// exactly which (when exactOK), or sets of which each match holds one.
type info struct {
	exact   []string
	exactOK bool
	and     prefilter
}

func exactly(s ...string) info { return info{exact: s, exactOK: true} }

// flush returns in.and with set added as one more requirement, unless set
// requires nothing (it holds the empty string, which every text contains).
func (in info) flush(set []string) prefilter {
	if len(set) == 0 || len(set) > maxAlternatives || slices.Contains(set, "") {
		return in.and
	}
	return append(slices.Clip(in.and), minimal(set))
}

// minimal drops the strings of set that hold another of its strings: a
// text holding the longer one holds the shorter.
func minimal(set []string) []string {
	var out []string
	for i, s := range set {
		covered := false
		for j, t := range set {
			if i != j && strings.Contains(s, t) && (len(t) < len(s) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	return out
}

// best is the one set that stands for what a match of the part needs, for
// an alternation: the part's exact strings, or its most selective
// requirement (the longest shortest string). nil when it needs nothing.
func (in info) best() []string {
	if in.exactOK {
		if len(in.exact) == 0 || len(in.exact) > maxAlternatives || slices.Contains(in.exact, "") {
			return nil
		}
		return in.exact
	}
	var best []string
	bestLen := 0
	for _, set := range in.and {
		shortest := len(set[0])
		for _, s := range set[1:] {
			shortest = min(shortest, len(s))
		}
		if best == nil || shortest > bestLen || (shortest == bestLen && len(set) < len(best)) {
			best, bestLen = set, shortest
		}
	}
	return best
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

func analyse(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpNoMatch:
		return exactly()
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactly("")
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return info{} // the rules are written in lower case for folded text
		}
		return exactly(string(re.Rune))
	case syntax.OpCharClass:
		n := 0
		for i := 0; i < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > maxExact {
				return info{}
			}
		}
		set := make([]string, 0, n)
		for i := 0; i < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !utf8.ValidRune(r) {
					return info{}
				}
				set = append(set, string(r))
			}
		}
		return exactly(set...)
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpQuest:
		sub := analyse(re.Sub[0])
		if sub.exactOK && len(sub.exact) < maxExact {
			return exactly(append(slices.Clip(sub.exact), "")...)
		}
		return info{}
	case syntax.OpPlus:
		sub := analyse(re.Sub[0])
		return info{and: sub.flushExact()}
	case syntax.OpRepeat:
		if re.Min == 0 {
			return info{}
		}
		sub := analyse(re.Sub[0])
		return info{and: sub.flushExact()}
	case syntax.OpConcat:
		var out info
		cur, flushed := []string{""}, false
		for _, sub := range re.Sub {
			in := analyse(sub)
			if in.exactOK && len(cur)*len(in.exact) <= maxExact {
				cur = cross(cur, in.exact)
				continue
			}
			out.and, flushed = out.flush(cur), true
			out.and = append(out.and, in.and...)
			cur = []string{""}
			if in.exactOK {
				cur = in.exact
			}
		}
		if !flushed {
			return exactly(cur...)
		}
		out.and = out.flush(cur)
		return out
	case syntax.OpAlternate:
		var union []string
		exact := true
		for _, sub := range re.Sub {
			in := analyse(sub)
			if exact && in.exactOK && len(union)+len(in.exact) <= maxExact {
				union = append(union, in.exact...)
				continue
			}
			exact = false
			b := in.best()
			if b == nil {
				return info{}
			}
			union = append(union, b...)
		}
		if exact {
			return exactly(union...)
		}
		if slices.Contains(union, "") {
			return info{} // an alternative taken exactly matches the empty string
		}
		// union mixes exact sets taken while they fitted and the best
		// sets of the rest: each alternative is covered by its strings.
		if len(union) > maxAlternatives {
			return info{}
		}
		return info{and: prefilter{minimal(union)}}
	}
	return info{} // any character, stars: nothing required
}

// flushExact is in's requirements, its exact strings included.
func (in info) flushExact() prefilter {
	if in.exactOK {
		return in.flush(in.exact)
	}
	return in.and
}
