package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hardenedEnv is a small directory on SQLite with the given settings.
func hardenedEnv(t *testing.T, extra map[string]string) map[string]string {
	t.Helper()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(t.TempDir(), "h.db"), "RENDEZVOUS_SEED_DEMO": "false"}
	if _, err := runCommand(t, env, "seed", "--providers", "50"); err != nil {
		t.Fatal(err)
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// raw sends a request with the plain client (no OpenAPI checks: some of
// these requests are deliberately outside the API).
func raw(t *testing.T, method, url string, headers ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestRateLimits(t *testing.T) {
	s := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_RATE_LIMIT_READ": "2/min", "RENDEZVOUS_RATE_LIMIT_READ_BURST": "2"}))
	for i := range 2 {
		resp := raw(t, "GET", s.url+"/v1/providers")
		if resp.StatusCode != 200 || resp.Header.Get("RateLimit-Limit") != "2" || resp.Header.Get("RateLimit-Remaining") != fmt.Sprint(1-i) {
			t.Fatalf("request %d: %d, limit %q remaining %q", i, resp.StatusCode, resp.Header.Get("RateLimit-Limit"), resp.Header.Get("RateLimit-Remaining"))
		}
	}
	var st int
	var code string
	st, code = s.callCode(t, "GET", "/v1/providers", "", nil)
	if st != 429 || code != "rate_limited" {
		t.Fatalf("third request: %d %s", st, code)
	}
	resp := raw(t, "GET", s.url+"/v1/providers")
	if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" || resp.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("429 without Retry-After: %v", resp.Header)
	}
	// Other classes have their own budget; health checks too.
	if st, _ := s.callCode(t, "GET", "/healthz", "", nil); st != 200 {
		t.Errorf("healthz limited by the read budget: %d", st)
	}
	if st, _ := s.callCode(t, "POST", "/v1/sessions", "{}", nil); st != 201 {
		t.Errorf("sessions limited by the read budget: %d", st)
	}
}

// TestForwardedForIsTrustedOnlyFromProxies: a client cannot pick its own
// address with X-Forwarded-For, unless the server was told to trust the
// proxy it came through.
func TestForwardedForIsTrustedOnlyFromProxies(t *testing.T) {
	limit := map[string]string{"RENDEZVOUS_RATE_LIMIT_READ": "1/min", "RENDEZVOUS_RATE_LIMIT_READ_BURST": "1"}
	t.Run("NotTrusted", func(t *testing.T) {
		s := startServer(t, hardenedEnv(t, limit))
		raw(t, "GET", s.url+"/v1/providers", "X-Forwarded-For", "203.0.113.1")
		if resp := raw(t, "GET", s.url+"/v1/providers", "X-Forwarded-For", "203.0.113.2"); resp.StatusCode != 429 {
			t.Fatalf("a spoofed X-Forwarded-For dodged the limit: %d", resp.StatusCode)
		}
	})
	t.Run("TrustedProxy", func(t *testing.T) {
		env := hardenedEnv(t, limit)
		env["RENDEZVOUS_TRUSTED_PROXIES"] = "127.0.0.1"
		s := startServer(t, env)
		for _, ip := range []string{"203.0.113.1", "203.0.113.2", "198.51.100.7, 203.0.113.3"} {
			if resp := raw(t, "GET", s.url+"/v1/providers", "X-Forwarded-For", ip); resp.StatusCode != 200 {
				t.Fatalf("client %s: %d", ip, resp.StatusCode)
			}
		}
		if resp := raw(t, "GET", s.url+"/v1/providers", "X-Forwarded-For", "203.0.113.1"); resp.StatusCode != 429 {
			t.Fatalf("client 203.0.113.1 again: %d", resp.StatusCode)
		}
	})
}

func TestCORS(t *testing.T) {
	s := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_CORS_ORIGINS": "https://app.example.com"}))
	resp := raw(t, "GET", s.url+"/v1/providers", "Origin", "https://app.example.com")
	if resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" || resp.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("allowed origin: %v", resp.Header)
	}
	resp = raw(t, "GET", s.url+"/v1/providers", "Origin", "https://evil.example.net")
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a disallowed origin got Access-Control-Allow-Origin")
	}
	resp = raw(t, "OPTIONS", s.url+"/v1/chat", "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type")
	if resp.StatusCode != 204 || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") || !strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	resp = raw(t, "OPTIONS", s.url+"/v1/chat", "Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST")
	if resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from a disallowed origin: %d %v", resp.StatusCode, resp.Header)
	}
	if _, err := runCommand(t, map[string]string{"RENDEZVOUS_ENV": "production", "RENDEZVOUS_CORS_ORIGINS": "*"}, "config", "check"); err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_CORS_ORIGINS") {
		t.Errorf("\"*\" accepted in production: %v", err)
	}
}

// TestCORSOriginsSetting: "*" is refused anywhere in a production list
// (not only alone), is refused mixed with origins in development, and
// every entry must be an origin; equivalent spellings of an origin are
// normalised to the form browsers send.
func TestCORSOriginsSetting(t *testing.T) {
	for _, tt := range []struct {
		name, env, origins string
		want               string // in the output, or "" for a refusal
	}{
		{"ProductionWildcardAlone", "production", "*", ""},
		{"ProductionWildcardFirst", "production", "*,https://app.example", ""},
		{"ProductionWildcardLast", "production", "https://app.example, *", ""},
		{"DevelopmentWildcardMixed", "development", "*,https://app.example", ""},
		{"DevelopmentWildcardAlone", "development", "*", "cors_origins=[*]"},
		{"TrailingSlash", "development", "https://app.example/", ""},
		{"Path", "development", "https://app.example/booking", ""},
		{"Query", "development", "https://app.example?a=1", ""},
		{"Fragment", "development", "https://app.example#x", ""},
		{"Userinfo", "development", "https://u:p@app.example", ""},
		{"OtherScheme", "development", "chrome-extension://abcdef", ""},
		{"Null", "development", "null", ""},
		{"Normalised", "development", "https://App.Example:443, http://localhost:8080", "cors_origins=[https://app.example http://localhost:8080]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"RENDEZVOUS_CORS_ORIGINS": tt.origins}
			if tt.env == "production" {
				env = prodEnv("RENDEZVOUS_CORS_ORIGINS", tt.origins)
			}
			out, err := runCommand(t, env, "config", "check")
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_CORS_ORIGINS") {
					t.Fatalf("config check accepted %q: %v", tt.origins, err)
				}
				return
			}
			if err != nil || !strings.Contains(out, tt.want) {
				t.Fatalf("config check: %v\n%s", err, out)
			}
		})
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := startServer(t, hardenedEnv(t, nil))
	for _, path := range []string{"/healthz", "/v1/providers", "/v1/nothing", "/v1/providers/abc", "/openapi.json"} {
		resp := raw(t, "GET", s.url+path)
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "X-Request-ID"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("%s: no %s", path, h)
			}
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: CSP without frame-ancestors", path)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS without TLS", path)
		}
	}
}

func TestMetrics(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	env := hardenedEnv(t, map[string]string{"RENDEZVOUS_METRICS_ADDR": metricsAddr})
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	s.call(t, "GET", "/v1/providers", "", nil)
	s.call(t, "GET", "/readyz", "", nil)
	if st, _ := s.callCode(t, "GET", "/metrics", "", nil); st != 401 {
		t.Errorf("metrics without a key: %d", st)
	}
	body := func(resp *http.Response) string {
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	req, _ := http.NewRequest("GET", s.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(key))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("metrics with the admin key: %v %v", resp, err)
	}
	out := body(resp)
	for _, want := range []string{`rendezvous_http_requests_total{route="GET /v1/providers",status="200"}`, "rendezvous_http_request_duration_seconds_bucket",
		"rendezvous_bookings_created_total", "rendezvous_booking_conflicts_total", "rendezvous_sessions_active", `rendezvous_dependency_up{name="database:sqlite"} 1`,
		"rendezvous_rate_limited_total", "rendezvous_tool_call_duration_seconds"} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	resp, err = http.Get("http://" + metricsAddr + "/metrics")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(body(resp), "rendezvous_http_requests_total") {
		t.Errorf("metrics listener: %v %v", resp, err)
	}
	// The private listener also serves readiness with its details.
	resp, err = http.Get("http://" + metricsAddr + "/readyz")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(body(resp), `"latency_ms"`) {
		t.Errorf("readyz on the metrics listener: %v %v", resp, err)
	}
	// The profiler is opt-in (TestPprof).
	if resp, err := http.Get("http://" + metricsAddr + "/debug/pprof/"); err != nil || resp.StatusCode != 404 {
		t.Errorf("pprof without RENDEZVOUS_PPROF: %v %v, want 404", resp, err)
	}
}

// TestPprof: RENDEZVOUS_PPROF serves the profiler on the metrics listener,
// never on the main one.
func TestPprof(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	s := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_METRICS_ADDR": metricsAddr, "RENDEZVOUS_PPROF": "true"}))
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/pprof/mutex?debug=1"} {
		resp, err := http.Get("http://" + metricsAddr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s on the metrics listener: %d", path, resp.StatusCode)
		}
	}
	if st, _ := s.callCode(t, "GET", "/debug/pprof/", "", nil); st == 200 {
		t.Errorf("pprof on the main listener: %d", st)
	}
}

// TestMetricsWrongKeyIsLimited: guessing the admin key of /metrics costs
// a database lookup per try; past the metrics burst the answer is 429
// without one.
func TestMetricsWrongKeyIsLimited(t *testing.T) {
	s := startServer(t, hardenedEnv(t, map[string]string{"RENDEZVOUS_RATE_LIMIT_METRICS": "3/min", "RENDEZVOUS_RATE_LIMIT_METRICS_BURST": "3"}))
	wrong := []string{"Authorization", "Bearer rdv_admin_aaaaaaaa_" + strings.Repeat("b", 32)}
	for i := range 3 {
		if st, code := s.callCode(t, "GET", "/metrics", "", nil, wrong...); st != 401 {
			t.Fatalf("wrong key %d: %d %s", i, st, code)
		}
	}
	if st, code := s.callCode(t, "GET", "/metrics", "", nil, wrong...); st != 429 || code != "rate_limited" {
		t.Fatalf("wrong key past the burst: %d %s", st, code)
	}
}

func TestSecrets(t *testing.T) {
	key, err := runCommand(t, nil, "keygen")
	if err != nil {
		t.Fatal(err)
	}
	key = strings.TrimSpace(key)
	if b, err := base64.StdEncoding.DecodeString(key); err != nil || len(b) != 32 {
		t.Fatalf("keygen printed %q", key)
	}
	prod := func(secret string) map[string]string {
		return prodEnv("RENDEZVOUS_SECRET_KEY", secret)
	}
	for name, secret := range map[string]string{
		"Missing":     "",
		"Placeholder": "your-secret-key-change-in-production",
		"Changeme":    "changeme",
		"ChangemePad": "changeme-changeme-changeme-changeme",
		"Short":       "s3cr3t-but-short",
		"Repetitive":  strings.Repeat("ab", 32),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runCommand(t, prod(secret), "config", "check")
			if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_SECRET_KEY") {
				t.Fatalf("config check accepted %q: %v", secret, err)
			}
			// serve refuses to start the same way, before opening anything.
			env := prod(secret)
			env["RENDEZVOUS_DATABASE_URL"] = filepath.Join(t.TempDir(), "never.db")
			if _, err := runCommand(t, env, "serve", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_SECRET_KEY") {
				t.Fatalf("serve started with %q: %v", secret, err)
			}
		})
	}
	out, err := runCommand(t, prod(key), "config", "check")
	if err != nil || !strings.Contains(out, "configuration OK") || strings.Contains(out, key) {
		t.Fatalf("config check with a good key: %q %v (the key must not be printed)", out, err)
	}
}

func TestConfigCheckNamesTheSetting(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"RENDEZVOUS_RATE_LIMIT_CHAT":          {"RENDEZVOUS_RATE_LIMIT_CHAT": "ten per minute"},
		"RENDEZVOUS_RATE_LIMIT_CHAT_BURST":    {"RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "0"},
		"RENDEZVOUS_RATE_LIMITS":              {"RENDEZVOUS_ENV": "production", "RENDEZVOUS_RATE_LIMITS": "off", "RENDEZVOUS_SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY="},
		"RENDEZVOUS_TRUSTED_PROXIES":          {"RENDEZVOUS_TRUSTED_PROXIES": "the load balancer"},
		"RENDEZVOUS_IPV6_PREFIX":              {"RENDEZVOUS_IPV6_PREFIX": "16"},
		"RENDEZVOUS_LOG_REPEAT_WINDOW":        {"RENDEZVOUS_LOG_REPEAT_WINDOW": "1ms"},
		"RENDEZVOUS_CORS_ORIGINS":             {"RENDEZVOUS_CORS_ORIGINS": "app.example.com/path"},
		"RENDEZVOUS_TLS_CERT_FILE":            {"RENDEZVOUS_TLS_CERT_FILE": "/nonexistent.pem", "RENDEZVOUS_TLS_KEY_FILE": "/nonexistent.key"},
		"RENDEZVOUS_SESSIONS_PER_IP":          {"RENDEZVOUS_SESSIONS_PER_IP": "-1"},
		"RENDEZVOUS_SESSION_IDLE_TTL":         {"RENDEZVOUS_SESSION_IDLE_TTL": "forever"},
		"RENDEZVOUS_REDIS_URL":                {"RENDEZVOUS_REDIS_URL": "localhost:6379"},
		"RENDEZVOUS_HTTP_READ_HEADER_TIMEOUT": {"RENDEZVOUS_HTTP_READ_HEADER_TIMEOUT": "1ns"},
		"RENDEZVOUS_DEFAULT_TIMEZONE":         {"RENDEZVOUS_DEFAULT_TIMEZONE": "Europe/Atlantis"},
		"RENDEZVOUS_PPROF":                    {"RENDEZVOUS_PPROF": "true"}, // without RENDEZVOUS_METRICS_ADDR
		"RENDEZVOUS_AVAILABILITY_INDEX":       {"RENDEZVOUS_AVAILABILITY_INDEX": "sometimes"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runCommand(t, env, "config", "check")
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("config check: %v, want it to name %s", err, name)
			}
		})
	}
	if out, err := runCommand(t, nil, "config", "check"); err != nil || !strings.Contains(out, "configuration OK") {
		t.Fatalf("default configuration: %q %v", out, err)
	}
}

// TestGracefulShutdown stops the server while a request is in flight (its
// body half sent): the request still gets its answer, and serve returns
// cleanly.
func TestGracefulShutdown(t *testing.T) {
	env := hardenedEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan net.Addr, 1)
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: envOf(env), onListen: func(addr net.Addr) { addrc <- addr }}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}) }()
	addr := (<-addrc).String()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"message":"hello there"}`
	fmt.Fprintf(conn, "POST /v1/chat HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:5])
	time.Sleep(200 * time.Millisecond)
	cancel() // SIGTERM
	time.Sleep(200 * time.Millisecond)
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Errorf("the server still accepts connections after the signal")
	}
	fmt.Fprint(conn, body[5:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v", err)
	}
	if resp.StatusCode != 200 {
		t.Errorf("in-flight request answered %d", resp.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}
