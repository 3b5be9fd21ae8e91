package main

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/tracing/tracingtest"
)

// BenchmarkChatTurnTracing is a chat turn over HTTP, the server in
// process on SQLite, with tracing off and on (every request traced, spans
// sent to an OTLP receiver in the process): profile it with -cpuprofile
// to see what tracing costs and where.
func BenchmarkChatTurnTracing(b *testing.B) {
	for _, mode := range []string{"off", "on"} {
		b.Run(mode, func(b *testing.B) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(b.TempDir(), "rendezvous.db"), "RENDEZVOUS_SEED_DEMO": "false",
				"RENDEZVOUS_RATE_LIMITS": "off", "RENDEZVOUS_LOG_LEVEL": "warn"}
			if mode == "on" {
				env["OTEL_EXPORTER_OTLP_ENDPOINT"] = tracingtest.Start(b).URL()
			}
			if _, err := runCommand(b, env, "seed", "--providers", "200"); err != nil {
				b.Fatal(err)
			}
			s := startServer(b, env)
			s.client = &http.Client{Timeout: 10 * time.Second} // not the OpenAPI validator's
			var sess chatOut
			n := 0
			for b.Loop() {
				if n%50 == 0 { // a session holds 200 messages at most
					if sess.SessionID != "" {
						s.call(b, "DELETE", "/v1/sessions/"+sess.SessionID, "", nil, "Authorization", "Bearer "+sess.SessionToken)
					}
					if st := s.call(b, "POST", "/v1/sessions", `{}`, &sess); st != 201 {
						b.Fatalf("open session: %d", st)
					}
				}
				n++
				body := `{"session_id":"` + sess.SessionID + `","message":"I need a dentist in Lyon on ` + workday().en + `"}`
				if st := s.call(b, "POST", "/v1/chat", body, nil, "Authorization", "Bearer "+sess.SessionToken); st != 200 {
					b.Fatalf("turn: %d", st)
				}
			}
		})
	}
}
