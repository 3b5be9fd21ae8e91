package understand

import "strings"

// dayCountedFrom reads a day counted from a day said in the same breath:
// "the day after December 25th", "the day before the 3rd of January", "le
// lendemain du 25 décembre", "la veille du 3 janvier", "two days after the
// 24th". cl, read as d, is the day said; the words counting from it (a
// rule of the day under discussion, ref_day) open cl or are the expression
// just before it, joined by nothing or "du", "de", "of": an expression of
// before, or one of uncounted, those that could not count from a day under
// discussion as there was none. It returns the day counted and where its
// expression begins. Without it, the day said won and the count was lost:
// "the day after December 25th" was the 25th.
func dayCountedFrom(norm string, before [][]dtMatch, uncounted, cl []dtMatch, d Date, env *dtEnv) (Date, int, bool) {
	var counter *dtMatch
	if len(cl) > 1 && refDayRule(cl[0]) {
		counter = &cl[0]
	} else {
		var candidates []dtMatch
		if n := len(before); n > 0 && len(before[n-1]) == 1 {
			candidates = append(candidates, before[n-1][0])
		}
		candidates = append(candidates, uncounted...)
		for i := range candidates {
			m := &candidates[i]
			if !refDayRule(*m) || m.negated || m.right > cl[0].left || negatedAt(norm, m.left) {
				continue
			}
			switch strings.TrimSpace(norm[m.right:cl[0].left]) {
			case "", "du", "de", "d'", "of", "the":
				counter = m
			}
		}
	}
	if counter == nil {
		return Date{}, 0, false
	}
	counted, ok := resolveDate([]dtMatch{*counter}, &dtEnv{today: env.today, ref: &d, refTime: env.refTime})
	if !ok || counted.mismatch != nil || counted.end != nil {
		return Date{}, 0, false
	}
	return counted.date, counter.left, true
}
