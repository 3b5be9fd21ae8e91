// Package logging builds Rendezvous's structured logger (log/slog): JSON
// or text, a request id on every line logged with a request's context, and
// personal data redacted by the logger itself — whatever a caller passes,
// attributes named like personal data are masked and email addresses and
// phone numbers inside any string are replaced before a line is written.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// Options configures New.
type Options struct {
	// Format is "json" (production) or "text".
	Format string
	Level  slog.Leveler
}

// New returns a logger writing to w.
func New(w io.Writer, opts Options) *slog.Logger {
	hopts := &slog.HandlerOptions{Level: opts.Level}
	var base slog.Handler
	if strings.EqualFold(opts.Format, "json") {
		base = slog.NewJSONHandler(w, hopts)
	} else {
		base = slog.NewTextHandler(w, hopts)
	}
	return slog.New(&redactor{next: base})
}

type requestIDKey struct{}

// WithRequestID returns a context whose log lines carry id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id in ctx, if any.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
