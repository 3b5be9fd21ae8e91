package abuse_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	oneMB     = 1 << 20
	requestTO = 10 * time.Second
)

// bigJSON is a syntactically plausible JSON object of n bytes.
func bigJSON(n int) []byte {
	const head, tail = `{"message":"`, `"}`
	return []byte(head + strings.Repeat("a", n-len(head)-len(tail)) + tail)
}

// TestOversizedBodies sends 1 MB bodies to every endpoint that takes one:
// each is refused with 413 body_too_large (or 401 before reading, for an
// admin endpoint without a key), with or without a Content-Length.
func TestOversizedBodies(t *testing.T) {
	env := with(generousLimits(), "RENDEZVOUS_DATABASE_URL", sqliteDB(t, 20))
	key := adminKey(t, env)
	s := startServer(t, env)
	c := newClient(s.URL, requestTO, 4)
	defer c.Close()
	admin := bearer(key)
	tests := []struct {
		name    string
		method  string
		path    string
		headers []string
		chunked bool
		want    int
		code    string
	}{
		{"ChatTooLarge", "POST", "/v1/chat", nil, false, 413, "body_too_large"},
		{"ChatChunkedTooLarge", "POST", "/v1/chat", nil, true, 413, "body_too_large"},
		{"ChatStreamTooLarge", "POST", "/v1/chat/stream", nil, false, 413, "body_too_large"},
		{"SessionTooLarge", "POST", "/v1/sessions", nil, false, 413, "body_too_large"},
		{"BookingTooLarge", "POST", "/v1/bookings", nil, false, 413, "body_too_large"},
		{"BookingChunkedTooLarge", "POST", "/v1/bookings", nil, true, 413, "body_too_large"},
		{"RescheduleTooLarge", "POST", "/v1/bookings/RDV-AAAAAAAAAA/reschedule", nil, false, 413, "body_too_large"},
		{"CancelTooLarge", "POST", "/v1/bookings/RDV-AAAAAAAAAA/cancel", nil, false, 413, "body_too_large"},
		{"AdminCreateProviderTooLarge", "POST", "/v1/admin/providers", admin, false, 413, "body_too_large"},
		{"AdminCreateProviderChunkedTooLarge", "POST", "/v1/admin/providers", admin, true, 413, "body_too_large"},
		{"AdminUpdateProviderTooLarge", "PATCH", "/v1/admin/providers/1", admin, false, 413, "body_too_large"},
		{"AdminCreateServiceTooLarge", "POST", "/v1/admin/providers/1/services", admin, false, 413, "body_too_large"},
		{"AdminUpdateServiceTooLarge", "PATCH", "/v1/admin/providers/1/services/1", admin, false, 413, "body_too_large"},
		{"AdminSetHoursTooLarge", "PUT", "/v1/admin/providers/1/hours", admin, false, 413, "body_too_large"},
		{"AdminAddTimeOffTooLarge", "POST", "/v1/admin/providers/1/time-off", admin, false, 413, "body_too_large"},
		{"AdminWithoutKeyUnauthorized", "POST", "/v1/admin/providers", nil, false, 401, "unauthorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Do(request{Method: tt.method, Path: tt.path, Body: bigJSON(oneMB), Headers: tt.headers, Chunked: tt.chunked})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkAnswer(a); err != nil {
				t.Fatal(err)
			}
			if a.Status != tt.want || a.Code() != tt.code {
				t.Errorf("got %s, want %d %s", a, tt.want, tt.code)
			}
		})
	}
}

// TestOversizedHeaders sends headers and request lines over the server's
// 16 KiB header cap: 431, while a header well within it is served.
func TestOversizedHeaders(t *testing.T) {
	s := startServer(t, with(generousLimits(), "RENDEZVOUS_DATABASE_URL", sqliteDB(t, 20)))
	c := newClient(s.URL, requestTO, 1)
	defer c.Close()
	var many []string
	for i := range 2000 {
		many = append(many, fmt.Sprintf("X-Many-%d", i), "0123456789")
	}
	tests := []struct {
		name    string
		path    string
		headers []string
		want    int
	}{
		{"Header8KiBServed", "/healthz", []string{"X-Big", strings.Repeat("a", 8<<10)}, 200},
		{"Header64KiBRefused", "/healthz", []string{"X-Big", strings.Repeat("a", 64<<10)}, 431},
		{"Header1MBRefused", "/healthz", []string{"X-Big", strings.Repeat("a", oneMB)}, 431},
		{"ManyHeadersRefused", "/healthz", many, 431},
		{"Query64KiBRefused", "/v1/providers?q=" + strings.Repeat("a", 64<<10), nil, 431},
		{"Authorization64KiBRefused", "/v1/bookings/RDV-AAAAAAAAAA", bearer(strings.Repeat("a", 64<<10)), 431},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Do(request{Path: tt.path, Headers: tt.headers})
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != tt.want {
				t.Errorf("got %s, want %d", a, tt.want)
			}
		})
	}
}

// TestLongMessages sends chat messages around the 1,000-character limit,
// counted in characters, not bytes: 1,000 are answered, 1,001 refused with
// 422, whether ASCII, accented, escaped or in a session already open, to
// /v1/chat and to /v1/chat/stream (where the refusal may come as the
// stream's error event).
func TestLongMessages(t *testing.T) {
	s := startServer(t, with(generousLimits(), "RENDEZVOUS_DATABASE_URL", sqliteDB(t, 20)))
	c := newClient(s.URL, requestTO, 1)
	defer c.Close()
	opened, err := c.Do(request{Method: "POST", Path: "/v1/sessions"})
	if err != nil || opened.Status != 201 {
		t.Fatalf("open a session: %v %v", opened, err)
	}
	var ses chatAnswer
	if err := opened.Decode(&ses); err != nil {
		t.Fatal(err)
	}
	escaped := func(n int) string { return `{"message":"` + strings.Repeat(`\u00e9`, n) + `"}` }
	tests := []struct {
		name    string
		body    any
		session bool
		want    int
	}{
		{"Ascii1000Answered", map[string]string{"message": strings.Repeat("a", 1000)}, false, 200},
		{"Ascii1001Refused", map[string]string{"message": strings.Repeat("a", 1001)}, false, 422},
		{"Accented1000Answered", map[string]string{"message": strings.Repeat("é", 1000)}, false, 200},
		{"Accented1001Refused", map[string]string{"message": strings.Repeat("é", 1001)}, false, 422},
		{"Emoji1000Answered", map[string]string{"message": strings.Repeat("😀", 1000)}, false, 200},
		{"Emoji1001Refused", map[string]string{"message": strings.Repeat("😀", 1001)}, false, 422},
		{"Escaped1001Refused", escaped(1001), false, 422},
		{"InSession1001Refused", map[string]string{"message": strings.Repeat("a", 1001), "session_id": ses.SessionID}, true, 422},
		{"InSession5000Refused", map[string]string{"message": strings.Repeat("a", 5000), "session_id": ses.SessionID}, true, 422},
	}
	for _, path := range []string{"/v1/chat", "/v1/chat/stream"} {
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				var headers []string
				if tt.session {
					headers = bearer(ses.SessionToken)
				}
				a, err := c.Post(path, tt.body, headers...)
				if err != nil {
					t.Fatal(err)
				}
				if err := checkAnswer(a); err != nil {
					t.Fatal(err)
				}
				status, code := outcome(a)
				if status != tt.want {
					t.Errorf("got %d %s (%s), want %d", status, code, a, tt.want)
				}
				if tt.want == 422 && code != "validation_failed" {
					t.Errorf("got code %q, want validation_failed", code)
				}
			})
		}
	}
}

// outcome returns the status and problem code of an answer; for an event
// stream, those of the problem it ended with, or 200.
func outcome(a answer) (int, string) {
	if a.Status == 200 && a.MediaType() == "text/event-stream" {
		if p, err := streamProblem(a.Body); err == nil && p != nil {
			return p.Status, p.Code
		}
	}
	return a.Status, a.Code()
}
