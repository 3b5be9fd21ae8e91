package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestWebFrontDoor: the pages are served beside the API, each under its own
// policy, while the API keeps its own; only the widget's chat may be framed,
// by the CORS origins; the pages are not in the OpenAPI document; and
// RENDEZVOUS_WEB=false leaves an API-only server. (The pages' behaviour is
// tested in a browser: web/test/browser.)
func TestWebFrontDoor(t *testing.T) {
	s := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_CORS_ORIGINS": "https://clinic.example,http://localhost:8081"}))
	for _, tc := range []struct{ path, ancestors string }{
		{"/", "frame-ancestors 'none'"},
		{"/book", "frame-ancestors 'none'"},
		{"/manage", "frame-ancestors 'none'"},
		{"/embed", "frame-ancestors https://clinic.example http://localhost:8081"},
	} {
		resp, body := fetchBody(t, s.url+tc.path)
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<!doctype html>") {
			t.Errorf("%s: %d", tc.path, resp.StatusCode)
		}
		if !strings.HasSuffix(csp, tc.ancestors) || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
		if framed := resp.Header.Get("X-Frame-Options") == ""; framed != (tc.path == "/embed") {
			t.Errorf("%s: X-Frame-Options %q", tc.path, resp.Header.Get("X-Frame-Options"))
		}
		if resp.Header.Get("RateLimit-Limit") == "" {
			t.Errorf("%s: not rate limited", tc.path)
		}
	}
	api := raw(t, "GET", s.url+"/v1/providers?kind=dentist&city=Lyon")
	if csp := api.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" {
		t.Errorf("the API's policy changed: %q", csp)
	}
	_, body := fetchBody(t, s.url+"/openapi.json")
	for _, p := range []string{`"/book"`, `"/embed"`, `"/widget.js"`, `/assets/`} {
		if strings.Contains(string(body), p) {
			t.Errorf("the OpenAPI document lists %s", p)
		}
	}
	if resp := raw(t, "GET", s.url+"/nope"); resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("unknown path: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	off := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_WEB": "false"}))
	for _, p := range []string{"/", "/book", "/widget.js"} {
		if resp := raw(t, "GET", off.url+p); resp.StatusCode != 404 {
			t.Errorf("RENDEZVOUS_WEB=false: %s is %d", p, resp.StatusCode)
		}
	}
	if _, err := runCommand(t, map[string]string{"RENDEZVOUS_WEB": "maybe"}, "config", "check"); err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_WEB") {
		t.Errorf("a bad RENDEZVOUS_WEB accepted: %v", err)
	}
}

func fetchBody(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}
