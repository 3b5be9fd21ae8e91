package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/rendezvous-oss/rendezvous/redis/redistest"
	"github.com/rendezvous-oss/rendezvous/tracing/tracingtest"
)

// TestTraceOfABooking runs the server with tracing on, sending its spans
// to an OTLP receiver in the test, and books through the agent: the
// message that books is one trace holding the HTTP request, the chat
// turn, the booking tool, the store's queries (and Redis's, on
// PostgreSQL with Redis) and the confirmation email's job, worked in the
// background; no attribute, event or status of any span carries the
// customer's name, address, phone or words; and the server's log lines of
// that request carry the trace id.
func TestTraceOfABooking(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			rcv := tracingtest.Start(t)
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false",
				"RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100", "RENDEZVOUS_JOB_POLL_INTERVAL": "100ms",
				"OTEL_EXPORTER_OTLP_ENDPOINT": rcv.URL(), "OTEL_BSP_SCHEDULE_DELAY": "100"}
			wantScopes := map[string]string{"store": "github.com/rendezvous-oss/rendezvous/sqlite"}
			if sc.name == "Postgres" {
				wantScopes["store"] = "github.com/exaring/otelpgx"
				if os.Getenv(redistest.EnvURL) != "" {
					_, prefix := redistest.Client(t)
					env["RENDEZVOUS_REDIS_URL"], env["RENDEZVOUS_REDIS_PREFIX"] = redistest.URL(t), prefix
					wantScopes["redis"] = "github.com/redis/go-redis/extra/redisotel"
				}
			}
			if _, err := runCommand(t, env, "seed", "--providers", "200"); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			var first chatOut
			msg := `{"message":"Book me a dentist in Lyon on ` + workday().en + ` at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"}`
			if st := s.call(t, "POST", "/v1/chat", msg, &first); st != 200 {
				t.Fatalf("first message: %d", st)
			}
			next := func(text string) chatOut {
				var out chatOut
				body := fmt.Sprintf(`{"session_id":%q,"message":%q}`, first.SessionID, text)
				if st := s.call(t, "POST", "/v1/chat", body, &out, "Authorization", "Bearer "+first.SessionToken); st != 200 {
					t.Fatalf("message %q: %d", text, st)
				}
				return out
			}
			if first.State.Awaiting == "slot_choice" {
				next("the first one")
			}
			if done := next("yes"); done.Booking == nil {
				t.Fatalf("yes did not book: %+v", done)
			}

			// The trace of the message that booked: its tool span names it.
			var trace []tracingtest.Span
			deadline := time.Now().Add(30 * time.Second)
			for {
				trace = traceOf(rcv.Spans(), "tool create_booking")
				if hasSpan(trace, func(sp tracingtest.Span) bool { return sp.Name == "job email.confirmation" }) || time.Now().After(deadline) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(trace) == 0 {
				t.Fatalf("no trace holds the booking tool's span; %d spans received", len(rcv.Spans()))
			}
			checks := map[string]func(tracingtest.Span) bool{
				"http server span POST /v1/chat": func(sp tracingtest.Span) bool {
					return sp.Kind == tracepb.Span_SPAN_KIND_SERVER && sp.Name == "POST /v1/chat" && sp.Attributes["http.route"] == "POST /v1/chat"
				},
				"chat turn": func(sp tracingtest.Span) bool {
					return sp.Name == "chat turn" && sp.Attributes["rendezvous.chat.booking"] == "true"
				},
				"booking tool": func(sp tracingtest.Span) bool { return sp.Name == "tool create_booking" },
				"confirmation's job": func(sp tracingtest.Span) bool {
					return sp.Name == "job email.confirmation" && sp.Kind == tracepb.Span_SPAN_KIND_CONSUMER
				},
			}
			for what, scope := range wantScopes {
				checks[what+" query"] = func(sp tracingtest.Span) bool { return sp.Scope == scope }
			}
			for what, ok := range checks {
				if !hasSpan(trace, ok) {
					t.Errorf("the booking's trace has no %s span", what)
				}
			}
			for _, sp := range trace {
				if sp.ParentID == "" && sp.Kind != tracepb.Span_SPAN_KIND_SERVER {
					t.Errorf("span %q is a root: every span of the trace descends from the request", sp.Name)
				}
			}
			if t.Failed() {
				for _, sp := range trace {
					t.Logf("span %s %q scope %s parent %s", sp.SpanID, sp.Name, sp.Scope, sp.ParentID)
				}
			}

			// No personal data, in any span received (every trace).
			pii := []string{"Marie", "Curie", "marie@example.com", "06 12 34 56 78", "0612345678", "+33612345678", "Book me", "Go-http-client"}
			for _, sp := range rcv.Spans() {
				if a, ok := sp.Attributes["client.address"]; ok {
					t.Errorf("span %q names the client's address %s", sp.Name, a)
				}
				for _, txt := range append(sp.Texts, sp.Name) {
					for _, p := range pii {
						if strings.Contains(txt, p) {
							t.Errorf("span %q carries %q: %s", sp.Name, p, txt)
						}
					}
				}
			}
			if !regexp.MustCompile(`trace_id=` + trace[0].TraceID).MatchString(s.logs.String()) {
				t.Errorf("no log line carries the trace id %s", trace[0].TraceID)
			}
		})
	}
}

// traceOf returns the spans of the trace that holds a span named name.
func traceOf(spans []tracingtest.Span, name string) []tracingtest.Span {
	id := ""
	for _, sp := range spans {
		if sp.Name == name {
			id = sp.TraceID
		}
	}
	var out []tracingtest.Span
	for _, sp := range spans {
		if id != "" && sp.TraceID == id {
			out = append(out, sp)
		}
	}
	return out
}

func hasSpan(spans []tracingtest.Span, ok func(tracingtest.Span) bool) bool {
	for _, sp := range spans {
		if ok(sp) {
			return true
		}
	}
	return false
}
