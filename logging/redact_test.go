package logging_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/logging"
)

func TestRedactString(t *testing.T) {
	for in, want := range map[string]string{
		"contact marie.curie@example.com now":  "contact [email] now",
		"call 06 12 34 56 78 please":           "call [phone] please",
		"call +33 6 12 34 56 78":               "call [phone]",
		"or 06.12.34.56.78":                    "or [phone]",
		"(514) 555-0123":                       "[phone]",
		"+15145550123":                         "[phone]",
		"2026-03-29 02:30 does not exist":      "2026-03-29 02:30 does not exist",
		"booking RDV-7K3M9QXW2A at 2026-11-24": "booking RDV-7K3M9QXW2A at 2026-11-24",
		"status 409 after 12 ms":               "status 409 after 12 ms",
		"plain text":                           "plain text",
	} {
		if got := logging.RedactString(in); got != want {
			t.Errorf("RedactString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoggerRedacts(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, logging.Options{Format: "json"})
	ctx := logging.WithRequestID(context.Background(), "req-1")
	log.InfoContext(ctx, "user said marie@example.com",
		slog.String("message", "I'm Marie Curie"),
		slog.String("Email", "marie@example.com"),
		slog.Any("error", errors.New("insert failed for marie@example.com / 0612345678")),
		slog.Group("customer", slog.String("name", "Marie Curie")),
		slog.Group("ctx", slog.String("note", "phone 06 12 34 56 78")),
		slog.Int("status", 201))
	log.With(slog.String("name", "Marie Curie")).Info("with attrs")
	logging.Sync(log)
	out := buf.String()
	for _, pii := range []string{"Marie", "marie@example.com", "0612345678", "06 12 34 56 78"} {
		if strings.Contains(out, pii) {
			t.Errorf("log contains %q:\n%s", pii, out)
		}
	}
	for _, keep := range []string{`"request_id":"req-1"`, `"status":201`, "[email]", "[phone]"} {
		if !strings.Contains(out, keep) {
			t.Errorf("log lacks %s:\n%s", keep, out)
		}
	}
}

// TestTraceID: a line logged in a traced request's context carries its
// trace id; one outside any trace, or in a trace not sampled, carries
// none.
func TestTraceID(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, logging.Options{Format: "json", RepeatWindow: -1})
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	sampled := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled}))
	unsampled := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid}))
	log.InfoContext(sampled, "traced")
	log.InfoContext(unsampled, "not sampled")
	log.Info("untraced")
	logging.Sync(log)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.Contains(lines[0], `"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"`) {
		t.Errorf("traced line: %s", lines[0])
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "trace_id") {
			t.Errorf("line outside a sampled trace has a trace id: %s", l)
		}
	}
}
