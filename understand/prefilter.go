package understand

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// A prefilter is a condition that the text of any match of a rule's
// expression meets: strings it contains, combined with "and" and "or"
// ("tot" and "matin", or "fin" and "matinee", or …). A regular expression
// search over a message costs microseconds whether or not it finds
// anything, since it starts again at every byte; a few substring searches
// cost tens of nanoseconds. Most rules are enabled by a word that does not
// make a match on its own ("morning" enables the clock-time rule for "9 in
// the morning"): the prefilter skips the search when the rest of what a
// match needs (here a digit or a number word) is absent. It is computed
// from the expression itself, so it cannot be out of step with it, and it
// only ever says "no match possible" when none is: the results are those
// of the search.
//
// The nil prefilter holds for every text.
type prefilter = *pfNode

type pfNode struct {
	op   pfOp
	lit  string    // pfLit: the text holds it
	kids []*pfNode // pfAnd: all of them hold; pfOr: one of them does
}

type pfOp uint8

const (
	pfLit pfOp = iota
	pfAnd
	pfOr
)

// maxExact bounds the set of strings an expression's part is known to
// match exactly, and maxLiterals the strings of a prefilter: past them, the
// part says nothing.
const (
	maxExact    = 32
	maxLiterals = 256
)

// mayMatch reports whether text meets the condition.
func (n *pfNode) mayMatch(text string) bool {
	if n == nil {
		return true
	}
	switch n.op {
	case pfLit:
		return strings.Contains(text, n.lit)
	case pfAnd:
		for _, k := range n.kids {
			if !k.mayMatch(text) {
				return false
			}
		}
		return true
	default:
		for _, k := range n.kids {
			if k.mayMatch(text) {
				return true
			}
		}
		return false
	}
}

// literals is the number of strings n looks for.
func (n *pfNode) literals() int {
	if n == nil {
		return 0
	}
	if n.op == pfLit {
		return 1
	}
	c := 0
	for _, k := range n.kids {
		c += k.literals()
	}
	return c
}

// String writes the condition, for tests and debugging.
func (n *pfNode) String() string {
	if n == nil {
		return "true"
	}
	if n.op == pfLit {
		return `"` + n.lit + `"`
	}
	sep := " & "
	if n.op == pfOr {
		sep = " | "
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		parts[i] = k.String()
	}
	return "(" + strings.Join(parts, sep) + ")"
}

// combine joins conditions with op, flattening nested ones of the same
// op. For pfAnd a nil (true) condition is dropped; for pfOr it makes the
// whole true.
func combine(op pfOp, conds []*pfNode) *pfNode {
	var kids []*pfNode
	for _, c := range conds {
		switch {
		case c == nil && op == pfOr:
			return nil
		case c == nil:
		case c.op == op:
			kids = append(kids, c.kids...)
		default:
			kids = append(kids, c)
		}
	}
	if op == pfOr {
		kids = minimalOr(kids)
	} else {
		// The same condition twice ("\d\d" is a digit and a digit) is
		// checked once.
		seen := map[string]bool{}
		kids = slices.DeleteFunc(kids, func(k *pfNode) bool {
			s := k.String()
			dup := seen[s]
			seen[s] = true
			return dup
		})
	}
	switch {
	case len(kids) == 0:
		return nil
	case len(kids) == 1:
		return kids[0]
	}
	n := &pfNode{op: op, kids: kids}
	if n.literals() > maxLiterals {
		return nil // too large to be worth its cost: no condition
	}
	return n
}

// minimalOr drops the literals of an "or" that hold another of its
// literals (a text holding the longer holds the shorter), and repeats.
func minimalOr(kids []*pfNode) []*pfNode {
	var out []*pfNode
	for i, k := range kids {
		covered := false
		if k.op == pfLit {
			for j, o := range kids {
				if i != j && o.op == pfLit && strings.Contains(k.lit, o.lit) && (len(o.lit) < len(k.lit) || j < i) {
					covered = true
					break
				}
			}
		}
		if !covered {
			out = append(out, k)
		}
	}
	return out
}

// anyOf is the condition that text holds one of set's strings; nil (true)
// when one of them is empty or there are too many.
func anyOf(set []string) *pfNode {
	if len(set) == 0 || len(set) > maxLiterals || slices.Contains(set, "") || allSpace(set) {
		return nil
	}
	kids := make([]*pfNode, len(set))
	for i, s := range set {
		kids[i] = &pfNode{op: pfLit, lit: s}
	}
	return combine(pfOr, kids)
}

// allSpace reports whether set is spaces (a \s): a message of more than
// one word holds one, and looking costs more than it saves.
func allSpace(set []string) bool {
	for _, s := range set {
		if len(s) != 1 || !strings.Contains(" \t\n\v\f\r", s) {
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
	return analyse(re.Simplify()).cond()
}

// info is what is known of the strings a part of an expression matches:
// exactly which (when exactOK), or a condition each of them meets.
type info struct {
	exact   []string
	exactOK bool
	match   *pfNode
}

func exactly(s ...string) info { return info{exact: s, exactOK: true} }

// cond is the condition every match of the part meets.
func (in info) cond() *pfNode {
	if in.exactOK {
		return anyOf(in.exact)
	}
	return in.match
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
		return info{match: analyse(re.Sub[0]).cond()}
	case syntax.OpRepeat:
		if re.Min == 0 {
			return info{}
		}
		return info{match: analyse(re.Sub[0]).cond()}
	case syntax.OpConcat:
		// Runs of parts known exactly are crossed into the strings they
		// make together ("in" "\s" "the" → "in the", …) while they fit;
		// every run and every other part is one more condition.
		var conds []*pfNode
		cur, flushed := []string{""}, false
		for _, sub := range re.Sub {
			in := analyse(sub)
			if in.exactOK && len(cur)*len(in.exact) <= maxExact {
				cur = cross(cur, in.exact)
				continue
			}
			conds, flushed = append(conds, anyOf(cur), in.match), true
			cur = []string{""}
			if in.exactOK {
				cur = in.exact
			}
		}
		if !flushed {
			return exactly(cur...)
		}
		return info{match: combine(pfAnd, append(conds, anyOf(cur)))}
	case syntax.OpAlternate:
		ins := make([]info, len(re.Sub))
		var union []string
		exact := true
		for i, sub := range re.Sub {
			ins[i] = analyse(sub)
			if exact && ins[i].exactOK && len(union)+len(ins[i].exact) <= maxExact {
				union = append(union, ins[i].exact...)
			} else {
				exact = false
			}
		}
		if exact {
			return exactly(union...)
		}
		conds := make([]*pfNode, len(ins))
		for i, in := range ins {
			if conds[i] = in.cond(); conds[i] == nil {
				return info{} // an alternative that requires nothing
			}
		}
		return info{match: combine(pfOr, conds)}
	}
	return info{} // any character, stars: nothing required
}
