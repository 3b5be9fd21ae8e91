package logging

import (
	"context"
	"log/slog"
	"regexp"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// Redacted replaces a masked value.
const Redacted = "[redacted]"

// sensitiveKeys are attribute names whose values are personal data or
// secrets, masked whatever their value.
var sensitiveKeys = map[string]bool{
	"message": true, "msg_text": true, "text": true, "utterance": true, "reply": true, "content": true, "body": true,
	"prompt": true, "input": true, "query_text": true,
	"name": true, "customer": true, "customer_name": true, "first_name": true, "last_name": true,
	"email": true, "customer_email": true, "phone": true, "customer_phone": true,
	"token": true, "manage_token": true, "session_token": true, "authorization": true, "password": true,
	"secret": true, "api_key": true, "key": true, "cookie": true,
}

// Patterns of personal data inside free text (error messages, values of
// innocuous-looking attributes).
var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	// Dates and times are numbers too; they are kept.
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	// Eight or more digits, possibly separated by spaces, dots, dashes or
	// brackets, possibly after a +: phone numbers in any usual form.
	phonePattern = regexp.MustCompile(`\+?\(?\d(?:[\s.\-()]*\d){7,}`)
)

// redactor is a slog.Handler that masks personal data before the next
// handler sees it, and adds the request id and the trace id of the
// record's context.
type redactor struct {
	next   slog.Handler
	writer *batchWriter // where the lines end up, for flush
}

func (h *redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, RedactString(r.Message), r.PC)
	if id := RequestID(ctx); id != "" {
		out.AddAttrs(slog.String(requestIDKeyName, id))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() && sc.IsSampled() {
		// A line of a traced request leads to its trace.
		out.AddAttrs(slog.String(traceIDKeyName, sc.TraceID().String()))
	}
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = redactAttr(a)
	}
	return &redactor{next: h.next.WithAttrs(red), writer: h.writer}
}

func (h *redactor) WithGroup(name string) slog.Handler {
	return &redactor{next: h.next.WithGroup(name), writer: h.writer}
}

// flush passes Flush on to the handlers after it, then waits for the
// lines to be written.
func (h *redactor) flush() {
	if f, ok := h.next.(flusher); ok {
		f.flush()
	}
	if h.writer != nil {
		_ = h.writer.Sync() // a failing log has nowhere to report to
	}
}

// redactAttr masks one attribute, recursing into groups.
func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if sensitiveKeys[strings.ToLower(a.Key)] {
		return slog.String(a.Key, Redacted)
	}
	switch v.Kind() {
	case slog.KindGroup:
		attrs := v.Group()
		red := make([]any, len(attrs))
		for i, ga := range attrs {
			red[i] = redactAttr(ga)
		}
		return slog.Group(a.Key, red...)
	case slog.KindString:
		return slog.String(a.Key, RedactString(v.String()))
	case slog.KindAny:
		// Errors and other values are logged by their text, redacted.
		return slog.String(a.Key, RedactString(v.String()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// RedactString replaces email addresses and phone numbers inside s.
func RedactString(s string) string {
	// Cheap tests first: most logged strings hold neither an @ nor eight
	// digits, and the regular expressions are not free.
	if strings.IndexByte(s, '@') >= 0 {
		s = emailPattern.ReplaceAllString(s, "[email]")
	}
	digits := 0
	for i := 0; i < len(s) && digits < 8; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < 8 {
		return s
	}
	return phonePattern.ReplaceAllStringFunc(s, func(m string) string {
		if datePattern.MatchString(m) {
			return m
		}
		return "[phone]"
	})
}
