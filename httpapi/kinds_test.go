package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
)

// TestOpenAPIKindsAreTheDomains: every kind the API documents — request and
// response properties, query parameters — lists the domain's kinds, in
// their order: the document cannot drift from rendezvous.Kinds().
func TestOpenAPIKindsAreTheDomains(t *testing.T) {
	fx := newFixture(t)
	doc := fx.do(t, "GET", "/openapi.json", "", "").body
	var want []any
	for _, k := range rendezvous.Kinds() {
		want = append(want, string(k))
	}
	found := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				if kind, ok := props["kind"].(map[string]any); ok {
					found++
					if diff := cmp.Diff(want, kind["enum"]); diff != "" {
						t.Errorf("%s.properties.kind (-kinds +enum):\n%s", path, diff)
					}
				}
			}
			if v["name"] == "kind" && v["in"] == "query" {
				found++
				s, _ := v["schema"].(map[string]any)
				if diff := cmp.Diff(want, s["enum"]); diff != "" {
					t.Errorf("%s (-kinds +enum):\n%s", path, diff)
				}
			}
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		}
	}
	walk("$", doc)
	// ProviderJSON, ProviderCreateJSON, ProviderPatchJSON and two query
	// parameters at least.
	if found < 5 {
		t.Errorf("found %d kinds in the document, want at least 5", found)
	}
}
