package dialogue

import (
	"strings"
	"testing"
)

// TestNeedsNeverMisformat: what the agent says it needs — the question,
// the noun, the examples — never shows a verb it could not fill or an
// argument its text leaves out ("%!(EXTRA …)"), in any language, for
// anything it may wait for.
func TestNeedsNeverMisformat(t *testing.T) {
	c, err := loadCatalogs(messageFiles)
	if err != nil {
		t.Fatal(err)
	}
	whats := []string{"kind", "city", AwaitDate, AwaitTime, AwaitName, AwaitEmail, AwaitReference, "slot_choice", "provider_choice",
		"phone", "confirmation", "anything"}
	for lang := range c {
		for _, what := range whats {
			n := needOf(lang, what, []any{"ARG"}, "EXAMPLE")
			for _, s := range append([]string{n.q, n.what}, n.ex...) {
				if strings.Contains(s, "%!") {
					t.Errorf("%s %s: %q", lang, what, s)
				}
			}
		}
	}
}
