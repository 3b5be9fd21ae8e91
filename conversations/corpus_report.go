package conversations

import (
	"fmt"
	"slices"
	"strings"
)

// CorpusReport is the pass rate of the corpus by category and by
// language, as Markdown tables, then the failures grouped by cause (the
// known failure's cause, or "not known" for the others).
func CorpusReport(results []CorpusResult) string {
	var b strings.Builder
	type count struct{ n, passed, unsafe int }
	byCat, byLang := map[string]*count{}, map[string]*count{}
	var all count
	add := func(m map[string]*count, k string, r CorpusResult) {
		if m[k] == nil {
			m[k] = &count{}
		}
		m[k].n++
		if r.Passed() {
			m[k].passed++
		}
		if len(r.Unsafe) > 0 {
			m[k].unsafe++
		}
	}
	causes := map[string][]string{}
	for _, r := range results {
		c := r.Conversation
		add(byCat, c.Category, r)
		add(byLang, c.Language(), r)
		all.n++
		if r.Passed() {
			all.passed++
			continue
		}
		if len(r.Unsafe) > 0 {
			all.unsafe++
		}
		cause, why := "not known", ""
		if c.KnownFailure != nil {
			cause, why = c.KnownFailure.Cause, c.KnownFailure.Why+" — "
		}
		causes[cause] = append(causes[cause], fmt.Sprintf("%s: %s%s", c.Name, why, r.Summary()))
	}
	pct := func(c count) string { return fmt.Sprintf("%.1f", 100*float64(c.passed)/float64(max(1, c.n))) }
	row := func(name string, c count) {
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", name, c.n, c.passed, pct(c))
	}
	b.WriteString("| category | conversations | passed | % |\n|---|---:|---:|---:|\n")
	order := CorpusCategories()
	for k := range byCat {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for _, k := range order {
		if c := byCat[k]; c != nil {
			row(k, *c)
		}
	}
	fmt.Fprintf(&b, "| **all** | **%d** | **%d** | **%s** |\n\n", all.n, all.passed, pct(all))
	b.WriteString("| language | conversations | passed | % |\n|---|---:|---:|---:|\n")
	for _, k := range []string{"en", "fr", "mixed"} {
		if c := byLang[k]; c != nil {
			row(k, *c)
		}
	}
	fmt.Fprintf(&b, "\nUnsafe changes: %d conversation(s).\n", all.unsafe)
	if len(causes) == 0 {
		return b.String()
	}
	b.WriteString("\nFailures by cause:\n")
	names := make([]string, 0, len(causes))
	for k := range causes {
		names = append(names, k)
	}
	slices.SortFunc(names, func(x, y string) int {
		if d := len(causes[y]) - len(causes[x]); d != 0 {
			return d
		}
		return strings.Compare(x, y)
	})
	for _, k := range names {
		fmt.Fprintf(&b, "\n%s (%d)\n", k, len(causes[k]))
		slices.Sort(causes[k])
		for _, line := range causes[k] {
			fmt.Fprintf(&b, "  - %s\n", line)
		}
	}
	return b.String()
}
