package httpapi_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

func TestParseOrigin(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string // want "" for an error
	}{
		{"OK", "https://app.example", "https://app.example"},
		{"OKWithPort", "http://localhost:8080", "http://localhost:8080"},
		{"OKIPv6", "http://[::1]:3000", "http://[::1]:3000"},
		{"CaseFolded", "HTTPS://App.Example", "https://app.example"},
		{"DefaultHTTPSPortDropped", "https://App.Example:443", "https://app.example"},
		{"DefaultHTTPPortDropped", "http://app.example:80", "http://app.example"},
		{"OtherPortKept", "https://app.example:80", "https://app.example:80"},
		{"ErrTrailingSlash", "https://app.example/", ""},
		{"ErrPath", "https://app.example/app", ""},
		{"ErrQuery", "https://app.example?x=1", ""},
		{"ErrEmptyQuery", "https://app.example?", ""},
		{"ErrFragment", "https://app.example#top", ""},
		{"ErrUserinfo", "https://user:pass@app.example", ""},
		{"ErrUser", "https://user@app.example", ""},
		{"ErrScheme", "ftp://app.example", ""},
		{"ErrNoScheme", "app.example.com", ""},
		{"ErrOpaque", "https:app.example", ""},
		{"ErrNull", "null", ""},
		{"ErrWildcardHost", "https://*.example.com", ""},
		{"ErrStar", "*", ""},
		{"ErrNonASCIIHost", "https://café.example", ""},
		{"ErrBadPort", "https://app.example:99999", ""},
		{"ErrEmptyPort", "https://app.example:", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := httpapi.ParseOrigin(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParseOrigin(%q) = %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseOrigin(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestNewChecksCORSOrigins: "*" mixed with origins would allow every
// origin, so New refuses it like an entry that is not an origin; origins
// are kept in their canonical form, the one browsers send.
func TestNewChecksCORSOrigins(t *testing.T) {
	for name, origins := range map[string][]string{
		"ErrWildcardFirst": {"*", "https://app.example"},
		"ErrWildcardLast":  {"https://app.example", "*"},
		"ErrTrailingSlash": {"https://app.example/"},
		"ErrPath":          {"https://app.example/x"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := httpapi.New(httpapi.Config{CORSOrigins: origins, RateLimits: httpapi.RateLimits{Off: true}}); err == nil || !strings.Contains(err.Error(), "CORS") {
				t.Fatalf("New accepted %q: %v", origins, err)
			}
		})
	}
	srv, err := httpapi.New(httpapi.Config{CORSOrigins: []string{"HTTPS://App.Example:443"}, RateLimits: httpapi.RateLimits{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	for origin, allowed := range map[string]bool{"https://app.example": true, "https://evil.example": false, "null": false} {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); (got == origin) != allowed || (!allowed && got != "") {
			t.Errorf("Origin %s: Access-Control-Allow-Origin %q", origin, got)
		}
	}
}
