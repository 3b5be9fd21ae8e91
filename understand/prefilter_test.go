package understand

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestPrefilterSound checks that no message a rule's expression matches is
// skipped by the rule's prefilter, on random messages made of the rules'
// own words, digits, spaces and punctuation (so that the expressions match
// often), and on the benchmark's messages.
func TestPrefilterSound(t *testing.T) {
	p := newDateTimeParser()
	pool := []string{" ", " ", " ", "  ", ":", ".", "-", "/", "'", "?", ",", "h", "am", "pm", "a.m.", "the", "at", "a", "le", "de", "à", "st", "th", "er", "e"}
	for d := '0'; d <= '9'; d++ {
		pool = append(pool, string(d), string(d)+string(d))
	}
	for _, r := range p.rules {
		pool = append(pool, r.triggers...)
		pool = appendLiterals(pool, r.rule.pre)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	msgs := []string{"i need a dentist in lyon tomorrow morning", "je cherche un coiffeur a lyon demain apres-midi",
		"can you book me a haircut next tuesday at half past ten?", "un kine a saint-etienne le 3 mars a 16h"}
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(9) {
			b.WriteString(pool[rng.IntN(len(pool))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		msgs = append(msgs, b.String())
	}
	// Messages that meet a rule's prefilter (one alternative of each
	// "or", every part of each "and", in order) match that rule's
	// expression more often.
	for _, r := range p.rules {
		for range 300 {
			var b strings.Builder
			if rng.IntN(2) == 0 {
				b.WriteString(pool[rng.IntN(len(pool))] + " ")
			}
			writeMeeting(&b, r.rule.pre, rng)
			msgs = append(msgs, b.String())
		}
	}
	for i := range p.rules {
		r := &p.rules[i]
		matched, skipped := 0, 0
		for _, m := range msgs {
			ok := r.rule.re.MatchString(m)
			if ok {
				matched++
			}
			if !r.rule.pre.mayMatch(m) {
				skipped++
				if ok {
					t.Errorf("%s: the prefilter %q skips %q, which the expression matches", r.name, r.rule.pre, m)
				}
			}
		}
		if matched == 0 {
			t.Logf("%s: no random message matched", r.name)
		}
		if skipped == 0 && r.rule.pre != nil {
			t.Logf("%s: no message skipped", r.name)
		}
	}
}

func appendLiterals(dst []string, n *pfNode) []string {
	switch {
	case n == nil:
	case n.op == pfLit:
		dst = append(dst, n.lit)
	default:
		for _, k := range n.kids {
			dst = appendLiterals(dst, k)
		}
	}
	return dst
}

// writeMeeting writes a text that meets n.
func writeMeeting(b *strings.Builder, n *pfNode, rng *rand.Rand) {
	switch {
	case n == nil:
	case n.op == pfLit:
		b.WriteString(n.lit)
		if rng.IntN(4) > 0 {
			b.WriteByte(' ')
		}
	case n.op == pfOr:
		writeMeeting(b, n.kids[rng.IntN(len(n.kids))], rng)
	default:
		for _, k := range n.kids {
			writeMeeting(b, k, rng)
		}
	}
}

// TestPrefilter checks what the prefilter of some expressions requires.
func TestPrefilter(t *testing.T) {
	for _, tc := range []struct {
		expr string
		yes  []string // texts the prefilter lets through (the expression may match)
		no   []string // texts it skips
	}{
		{`(?:^|\W)(\d{1,2}|one|two|noon)(?:\s*(am|pm))?(?:\W|$)`, []string{"at 5", "noon", "someone"}, []string{"tomorrow morning", "", "at five"}},
		{`(morning|evening)\s+(?:at\s+)?(\d{1,2}|ten)`, []string{"morning at 10", "evening ten"}, []string{"morning", "10 ", "morning, eleven"}},
		{`(?:^|\W)(later\s+today|tomorrow)(?:\W|$)`, []string{"tomorrow", "later  today"}, []string{"tmrw", "today"}},
		{`a?b?`, []string{"", "x"}, nil},                         // matches the empty string: requires nothing
		{`(?:x|)y+z`, []string{"yz", "yyz"}, []string{"y", "z"}}, // an empty alternative
		{`(?:ab|cd)*ef`, []string{"ef"}, []string{"abcd"}},
		// Alternatives that each need two words: either pair, not one word of each.
		{`(?:^|\W)(tot\s+le\s+matin|fin\s+de\s+(?:la\s+)?matinee)(?:\W|$)`, []string{"tot le matin", "en fin de la matinee"},
			[]string{"demain matin", "fin de semaine", "tot"}},
		{`[a-z]+\d`, []string{"a1"}, []string{"abc"}},
		{`(?i)abc`, []string{"ABC", "x"}, nil}, // folded literals require nothing
		{`q{2,3}`, []string{"qq"}, []string{"q"}},
		{`.*`, []string{""}, nil},
	} {
		pre := newPrefilter(tc.expr)
		re := regexp.MustCompile(tc.expr)
		for _, s := range tc.yes {
			if !pre.mayMatch(s) {
				t.Errorf("%s: %q skipped by %q", tc.expr, s, pre)
			}
		}
		for _, s := range tc.no {
			if pre.mayMatch(s) {
				t.Errorf("%s: %q let through by %q", tc.expr, s, pre)
			}
			if re.MatchString(s) {
				t.Errorf("%s: the test is wrong, %q matches", tc.expr, s)
			}
		}
	}
}
