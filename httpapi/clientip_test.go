package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
)

// recordingChat is a chat service that remembers the client key of each
// session opened.
type recordingChat struct {
	httpapi.Chat
	clients []string
}

func (c *recordingChat) Open(_ context.Context, client, _ string) (*chat.Outcome, error) {
	c.clients = append(c.clients, client)
	return &chat.Outcome{SessionID: "ses_test", Token: "t", Reply: &dialogue.Reply{Text: "Hello"}}, nil
}

// oneRequestEach builds a server whose ops class allows one request per
// client, and returns a function that sends GET /healthz from a peer
// (with optional X-Forwarded-For) and returns the status.
func oneRequestEach(t *testing.T, cfg httpapi.Config) func(peer, forwarded string) int {
	t.Helper()
	rates := httpapi.DefaultRates()
	rates[httpapi.RateOps] = perMinute(1, 1)
	cfg.RateLimits = httpapi.RateLimits{Limiter: inmem.NewRateLimiter(0, nil), Rates: rates}
	srv, err := httpapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return func(peer, forwarded string) int {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.RemoteAddr = peer
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
}

// TestIPv6ClientsAreGroupedByPrefix: one IPv6 /64 is one client for the
// rate limits, whichever of its 2^64 addresses it uses; another /64 is
// another client; IPv4 stays per address, IPv4-mapped IPv6 is IPv4.
func TestIPv6ClientsAreGroupedByPrefix(t *testing.T) {
	type hit struct {
		peer, forwarded string
		want            int
	}
	tests := []struct {
		name string
		cfg  httpapi.Config
		hits []hit
	}{
		{"SameSlash64SharesALimit", httpapi.Config{}, []hit{
			{"[2001:db8:1:2::1]:1000", "", 200},
			{"[2001:db8:1:2:ffff:ffff:ffff:fffe]:1001", "", 429},
		}},
		{"OtherSlash64DoesNot", httpapi.Config{}, []hit{
			{"[2001:db8:1:2::1]:1000", "", 200},
			{"[2001:db8:1:3::1]:1000", "", 200},
			{"[2001:db8:1:3::2]:1000", "", 429},
		}},
		{"ZoneIgnored", httpapi.Config{}, []hit{
			{"[fe80::1%eth0]:1000", "", 200},
			{"[fe80::2%eth1]:1000", "", 429},
		}},
		{"ConfiguredSlash48", httpapi.Config{IPv6Prefix: 48}, []hit{
			{"[2001:db8:1:2::1]:1000", "", 200},
			{"[2001:db8:1:3::1]:1000", "", 429},
			{"[2001:db8:2::1]:1000", "", 200},
		}},
		{"ConfiguredSlash128", httpapi.Config{IPv6Prefix: 128}, []hit{
			{"[2001:db8:1:2::1]:1000", "", 200},
			{"[2001:db8:1:2::2]:1000", "", 200},
		}},
		{"IPv4PerAddress", httpapi.Config{}, []hit{
			{"203.0.113.1:1000", "", 200},
			{"203.0.113.2:1000", "", 200},
			{"203.0.113.1:1001", "", 429},
		}},
		{"IPv4MappedIsIPv4", httpapi.Config{}, []hit{
			{"203.0.113.1:1000", "", 200},
			{"[::ffff:203.0.113.1]:1000", "", 429},
		}},
		{"ForwardedForGroupedToo", httpapi.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, []hit{
			{"10.0.0.1:1000", "2001:db8:5:6::1", 200},
			{"10.0.0.2:1000", "2001:db8:5:6::2, 10.0.0.9", 429},
			{"10.0.0.1:1000", "2001:db8:5:7::1", 200},
			{"10.0.0.1:1000", "::ffff:198.51.100.1", 200},
			{"10.0.0.1:1000", "198.51.100.1", 429},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := oneRequestEach(t, tt.cfg)
			for i, h := range tt.hits {
				if got := get(h.peer, h.forwarded); got != h.want {
					t.Fatalf("request %d from %s (X-Forwarded-For %q): %d, want %d", i, h.peer, h.forwarded, got, h.want)
				}
			}
		})
	}
}

// TestSessionsOpenedWithTheGroupedKey: the chat service is given the same
// grouped key as the rate limits, for its per-client limits (sessions per
// client and what it counts per client).
func TestSessionsOpenedWithTheGroupedKey(t *testing.T) {
	rc := &recordingChat{}
	srv, err := httpapi.New(httpapi.Config{Chat: rc, RateLimits: httpapi.RateLimits{Off: true},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	// A peer and the address it forwards for, when it is a trusted proxy.
	for _, peer := range [][2]string{{"[2001:db8:1:2::1]:1000"}, {"[2001:db8:1:2::abcd]:1000"}, {"[::ffff:203.0.113.9]:1000"},
		{"203.0.113.7:1000"}, {"10.0.0.2:1000", "198.51.100.4"}, {"10.0.0.2:1000", "::ffff:198.51.100.5"}, {"192.0.2.1:1000", "198.51.100.6"}} {
		req := httptest.NewRequest("POST", "/v1/sessions", nil)
		req.RemoteAddr = peer[0]
		if peer[1] != "" {
			req.Header.Set("X-Forwarded-For", peer[1])
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			t.Fatalf("open from %s: %d %s", peer, rec.Code, rec.Body)
		}
	}
	want := []string{"2001:db8:1:2::/64", "2001:db8:1:2::/64", "203.0.113.9", "203.0.113.7", "198.51.100.4", "198.51.100.5", "192.0.2.1"}
	for i := range want {
		if rc.clients[i] != want[i] {
			t.Errorf("client keys %q, want %q", rc.clients, want)
			break
		}
	}
}

func TestNewRefusesABadIPv6Prefix(t *testing.T) {
	for _, bits := range []int{-1, 8, 31, 129} {
		if _, err := httpapi.New(httpapi.Config{IPv6Prefix: bits, RateLimits: httpapi.RateLimits{Off: true}}); err == nil {
			t.Errorf("IPv6Prefix %d accepted", bits)
		}
	}
}
