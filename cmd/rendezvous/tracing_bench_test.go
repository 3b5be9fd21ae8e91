package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkChatTurnTracing is a chat turn over HTTP, the server in
// process on SQLite, with tracing off, on (every request traced, spans
// sent to an OTLP sink in the process that drops them undecoded) and on
// with no request sampled: its cpu-µs/turn is the process's CPU time per
// turn (client and server), whatever else the machine runs; profile it
// with -cpuprofile to see where it goes.
func BenchmarkChatTurnTracing(b *testing.B) {
	for _, mode := range []string{"off", "on", "unsampled"} {
		b.Run(mode, func(b *testing.B) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(b.TempDir(), "rendezvous.db"), "RENDEZVOUS_SEED_DEMO": "false",
				"RENDEZVOUS_RATE_LIMITS": "off", "RENDEZVOUS_LOG_LEVEL": "warn"}
			if mode != "off" {
				// A collector that reads and drops: what is measured is the
				// server's cost, not the decoding of a receiver in the same
				// process.
				sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					w.Header().Set("Content-Type", "application/x-protobuf")
				}))
				b.Cleanup(sink.Close)
				env["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.URL
				if mode == "unsampled" { // what the instrumentation costs a request that is not recorded
					env["OTEL_TRACES_SAMPLER"] = "always_off"
				}
			}
			if _, err := runCommand(b, env, "seed", "--providers", "200"); err != nil {
				b.Fatal(err)
			}
			s := startServer(b, env)
			s.client = &http.Client{Timeout: 10 * time.Second} // not the OpenAPI validator's
			var sess chatOut
			n := 0
			before := cpuTime(b)
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
			// CPU time, unlike wall time, does not count what other
			// processes of a shared machine take.
			b.ReportMetric(float64((cpuTime(b)-before).Microseconds())/float64(n), "cpu-µs/turn")
		})
	}
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
