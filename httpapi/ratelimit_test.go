package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
)

// withLimits turns rate limits on with the default rates, changed by
// the given ones.
func withLimits(rates map[httpapi.RateClass]rendezvous.Rate) func(*httpapi.Config) {
	return func(c *httpapi.Config) {
		all := httpapi.DefaultRates()
		for k, v := range rates {
			all[k] = v
		}
		c.RateLimits = httpapi.RateLimits{Limiter: inmem.NewRateLimiter(0, nil), Rates: all}
	}
}

func perMinute(n, burst int) rendezvous.Rate {
	return rendezvous.Rate{Count: n, Period: time.Minute, Burst: burst}
}

// TestNewRefusesUnlimitedEndpoints: an endpoint without a known rate
// class, or a class without a rate while limits are on, stops New rather
// than serving that endpoint without a limit.
func TestNewRefusesUnlimitedEndpoints(t *testing.T) {
	extra := func(class httpapi.RateClass) []httpapi.Endpoint {
		return []httpapi.Endpoint{{Method: "GET", Path: "/extra", OperationID: "extra", Tag: "operations", RateClass: class,
			Responses: []httpapi.Response{{Status: 200, Description: "OK"}}, Handle: func(http.ResponseWriter, *http.Request) error { return nil }}}
	}
	on := func() httpapi.RateLimits {
		return httpapi.RateLimits{Limiter: inmem.NewRateLimiter(0, nil), Rates: httpapi.DefaultRates()}
	}
	without := func(c httpapi.RateClass) httpapi.RateLimits {
		l := on()
		delete(l.Rates, c)
		return l
	}
	tests := []struct {
		name   string
		extra  []httpapi.Endpoint
		limits httpapi.RateLimits
		want   string // "" for success
	}{
		{"OK", extra(httpapi.RateMetrics), on(), ""},
		{"OffExplicitly", extra(httpapi.RateMetrics), httpapi.RateLimits{Off: true}, ""},
		{"ErrEndpointWithoutClass", extra(""), on(), "GET /extra has no rate class"},
		{"ErrEndpointWithoutClassLimitsOff", extra(""), httpapi.RateLimits{Off: true}, "has no rate class"},
		{"ErrUnknownClass", extra("raed"), on(), `unknown rate class "raed"`},
		{"ErrClassWithoutRate", extra(httpapi.RateMetrics), without(httpapi.RateMetrics), `"metrics" has no rate`},
		{"ErrBuiltInClassWithoutRate", nil, without(httpapi.RateOps), `"ops" has no rate`},
		{"ErrZeroLimitsAreNotOff", nil, httpapi.RateLimits{}, "no limiter"},
		{"ErrRateForUnknownClass", nil, func() httpapi.RateLimits { l := on(); l.Rates["raed"] = perMinute(1, 1); return l }(), `unknown class "raed"`},
		{"ErrInvalidRate", nil, func() httpapi.RateLimits { l := on(); l.Rates[httpapi.RateRead] = rendezvous.Rate{}; return l }(), `"read" has an invalid rate`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := httpapi.New(httpapi.Config{Extra: tt.extra, RateLimits: tt.limits})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestEveryEndpointIsLimited: health, readiness, the OpenAPI document and
// an admin-keyed extra endpoint each answer 429 past their budget.
func TestEveryEndpointIsLimited(t *testing.T) {
	rates := map[httpapi.RateClass]rendezvous.Rate{}
	for _, c := range httpapi.RateClasses() {
		rates[c.Class] = perMinute(2, 2)
	}
	f := newFixture(t, withLimits(rates), func(c *httpapi.Config) {
		c.Extra = []httpapi.Endpoint{{Method: "GET", Path: "/metrics", OperationID: "metrics", Tag: "operations", Auth: httpapi.AuthAdmin,
			RateClass: httpapi.RateMetrics, Summary: "metrics", Responses: []httpapi.Response{{Status: 200, Description: "text"}},
			Handle: func(w http.ResponseWriter, _ *http.Request) error { _, err := w.Write([]byte("ok")); return err }}}
	})
	wrongKey := []string{"Authorization", "Bearer rdv_admin_aaaaaaaa_" + strings.Repeat("b", 32)}
	// The fixture fetched /openapi.json once (the ops class): one left.
	if r := f.do(t, "GET", "/healthz", "", ""); r.status != 200 {
		t.Fatalf("healthz: %d %s", r.status, r.raw)
	}
	for _, path := range []string{"/healthz", "/openapi.json"} {
		if r := f.do(t, "GET", path, "", ""); r.status != 429 || r.body["code"] != "rate_limited" || r.header.Get("Retry-After") == "" {
			t.Fatalf("%s past the ops burst: %d %s", path, r.status, r.raw)
		}
	}
	for _, tt := range []struct {
		path    string
		headers []string
		first   int
	}{
		{"/readyz", nil, 200},
		{"/metrics", wrongKey, 401},
	} {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			for i := range 2 {
				if r := f.do(t, "GET", tt.path, "", "", tt.headers...); r.status != tt.first {
					t.Fatalf("request %d: %d %s", i, r.status, r.raw)
				}
			}
			if r := f.do(t, "GET", tt.path, "", "", tt.headers...); r.status != 429 || r.body["code"] != "rate_limited" || r.header.Get("Retry-After") == "" {
				t.Fatalf("past the burst: %d %s", r.status, r.raw)
			}
		})
	}
}
