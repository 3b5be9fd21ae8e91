package httpapi_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
)

// TestWiderNetworksAreBounded: one /64 is one client, but whoever holds a
// /48 holds 65,536 of them: the /48 gets 8 clients' budgets, the /32 64.
func TestWiderNetworksAreBounded(t *testing.T) {
	get := oneRequestEach(t, httpapi.Config{})
	for i := range 8 {
		if got := get(fmt.Sprintf("[2001:db8:7:%x::1]:1000", i), ""); got != 200 {
			t.Fatalf("client %d of the /48: %d, want 200", i, got)
		}
	}
	if got := get("[2001:db8:7:ff::1]:1000", ""); got != 429 {
		t.Fatalf("a ninth client of the same /48: %d, want 429", got)
	}
	if got := get("[2001:db8:8:1::1]:1000", ""); got != 200 {
		t.Fatalf("a client of another /48: %d, want 200", got)
	}
	// 64 clients' budgets for the /32: 8 /48s of 8 clients are spent.
	for n := range 8 {
		for i := range 8 {
			get(fmt.Sprintf("[2001:db8:%x:%x::1]:1000", 0x100+n, i), "")
		}
	}
	if got := get("[2001:db8:200:1::1]:1000", ""); got != 429 {
		t.Fatalf("a client of a spent /32: %d, want 429", got)
	}
}

// TestEveryRequestIsCounted: requests that match no endpoint (404, 405)
// and CORS preflights are counted in the ops class, and a refused
// request's connection is closed.
func TestEveryRequestIsCounted(t *testing.T) {
	rates := httpapi.DefaultRates()
	rates[httpapi.RateOps] = perMinute(1, 1)
	srv, err := httpapi.New(httpapi.Config{CORSOrigins: []string{"https://app.example"},
		RateLimits: httpapi.RateLimits{Limiter: inmem.NewRateLimiter(0, nil), Rates: rates}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, method, path string
		origin             bool
		first              int
	}{
		{"NotFound", "GET", "/nope", false, 404},
		{"MethodNotAllowed", "DELETE", "/healthz", false, 405},
		{"Preflight", "OPTIONS", "/v1/bookings", true, 204},
	} {
		t.Run(tt.name, func(t *testing.T) {
			peer := fmt.Sprintf("198.51.100.%d:1000", len(tt.name))
			for i, want := range []int{tt.first, 429} {
				req := httptest.NewRequest(tt.method, tt.path, nil)
				req.RemoteAddr = peer
				if tt.origin {
					req.Header.Set("Origin", "https://app.example")
					req.Header.Set("Access-Control-Request-Method", "POST")
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != want {
					t.Fatalf("request %d: %d, want %d", i, rec.Code, want)
				}
				if want == 429 && rec.Header().Get("Connection") != "close" {
					t.Errorf("a refused request keeps its connection open")
				}
			}
		})
	}
}
