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

// chatAs sends a chat message of a session (or none) and returns the
// status and problem code.
func (f *fixture) chatAs(t *testing.T, session, token string) (int, any) {
	t.Helper()
	body := `{"message":"hello"}`
	var headers []string
	if session != "" {
		body = `{"session_id":"` + session + `","message":"hello"}`
		headers = []string{"Authorization", "Bearer " + token}
	}
	r := f.do(t, "POST", "/v1/chat", "application/json", body, headers...)
	return r.status, r.body["code"]
}

// TestChatLimitsPerSession: customers behind one address (a clinic's
// Wi-Fi) each have their own message budget, and a flood from that
// address, with forged session ids or not, is still cut by the address
// ceiling.
func TestChatLimitsPerSession(t *testing.T) {
	f := newFixture(t, withLimits(map[httpapi.RateClass]rendezvous.Rate{
		httpapi.RateChatSession: perMinute(2, 2),
		httpapi.RateChat:        perMinute(7, 7),
	}))
	open := func() (string, string) {
		r := f.do(t, "POST", "/v1/sessions", "", "")
		if r.status != 201 {
			t.Fatalf("open: %d %s", r.status, r.raw)
		}
		return r.body["session_id"].(string), r.body["session_token"].(string)
	}
	a, aTok := open()
	b, bTok := open()
	expect := func(what string, session, token string, status int, code any) {
		t.Helper()
		if st, c := f.chatAs(t, session, token); st != status || c != code {
			t.Fatalf("%s: %d %v, want %d %v", what, st, c, status, code)
		}
	}
	expect("A 1", a, aTok, 200, nil)
	expect("A 2", a, aTok, 200, nil)
	expect("A past its session budget", a, aTok, 429, "rate_limited")
	expect("B 1", b, bTok, 200, nil) // B has its own budget
	expect("B 2", b, bTok, 200, nil)
	// Five requests spent of the address's seven: forged session ids are
	// refused, and still count against the address.
	expect("forged 1", "ses_forged", "nope", 401, "invalid_token")
	expect("forged 2", b, "nope", 401, "invalid_token")
	expect("forged past the address ceiling", "ses_forged", "nope", 429, "rate_limited")
	c, cTok := open() // opening is another class
	expect("a fresh session past the address ceiling", c, cTok, 429, "rate_limited")
}

// TestOpeningSessionsIsLimitedPerAddress: a first message without a
// session opens one, and counts against the address's sessions opened,
// like POST /v1/sessions.
func TestOpeningSessionsIsLimitedPerAddress(t *testing.T) {
	f := newFixture(t, withLimits(map[httpapi.RateClass]rendezvous.Rate{httpapi.RateSession: perMinute(2, 2)}))
	if st, code := f.chatAs(t, "", ""); st != 200 {
		t.Fatalf("open by chat: %d %v", st, code)
	}
	if r := f.do(t, "POST", "/v1/sessions", "", ""); r.status != 201 {
		t.Fatalf("open: %d %s", r.status, r.raw)
	}
	if st, code := f.chatAs(t, "", ""); st != 429 || code != "rate_limited" {
		t.Fatalf("third session by chat: %d %v", st, code)
	}
	if r := f.do(t, "POST", "/v1/sessions", "", ""); r.status != 429 {
		t.Fatalf("third session: %d %s", r.status, r.raw)
	}
}
