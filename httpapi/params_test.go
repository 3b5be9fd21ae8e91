package httpapi

import (
	"net/http/httptest"
	"testing"
)

// TestQueryGet checks queryGet against net/url's parsing, on queries with
// repeated, escaped, malformed and ';'-holding pairs.
func TestQueryGet(t *testing.T) {
	queries := []string{"", "kind=dentist&city=Lyon&limit=10", "city=Saint-%C3%89tienne&city=Paris", "city=a+b&kind=x%20y",
		"limit=1;limit=2&limit=3", "a;b=1&city=Lyon", "city=%zz&city=Lille", "%zz=1&city=Nice", "=x&city=&kind=y",
		"city", "city&city=Metz", "&&city=Pau&&", "ci%74y=Lens", "city=a=b", "kind=dentist;city=Lyon"}
	names := []string{"city", "kind", "limit", "a", "", "ci%74y", "a;b"}
	for _, q := range queries {
		r := httptest.NewRequest("GET", "/v1/availability?"+q, nil)
		for _, name := range names {
			if got, want := queryGet(r, name), r.URL.Query().Get(name); got != want {
				t.Errorf("query %q, %q: got %q, want %q", q, name, got, want)
			}
		}
	}
}
