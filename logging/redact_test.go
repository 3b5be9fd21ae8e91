package logging_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

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
