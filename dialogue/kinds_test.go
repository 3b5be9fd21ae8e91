package dialogue_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestToolKindsAreTheDomains: every tool argument that takes a kind lists
// the domain's kinds, as a model sees them.
func TestToolKindsAreTheDomains(t *testing.T) {
	var want []string
	for _, k := range rendezvous.Kinds() {
		want = append(want, string(k))
	}
	found := 0
	for _, s := range getWorld(t).Tools.Specs() {
		props, _ := s.Parameters["properties"].(map[string]any)
		kind, ok := props["kind"].(map[string]any)
		if !ok {
			continue
		}
		found++
		if diff := cmp.Diff(want, kind["enum"]); diff != "" {
			t.Errorf("%s: kind (-kinds +enum):\n%s", s.Name, diff)
		}
	}
	if found < 2 {
		t.Errorf("%d tools take a kind, want search_providers and get_availability", found)
	}
}

// TestGreetingNamesEveryKind: the agent's first words say what it books,
// one kind after the other, in both languages.
func TestGreetingNamesEveryKind(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "hairdressers, dentists, doctors, physiotherapists and psychologists",
		"fr": "le coiffeur, le dentiste, le médecin, le kiné ou le psychologue",
	} {
		if g := dialogue.Greeting(lang); !strings.Contains(g, want) {
			t.Errorf("Greeting(%s) = %q, want it to name %q", lang, g, want)
		}
	}
}
