// Package logging builds Rendezvous's structured logger (log/slog): JSON
// or text, a request id on every line logged with a request's context,
// personal data redacted by the logger itself — whatever a caller passes,
// attributes named like personal data are masked and email addresses and
// phone numbers inside any string are replaced before a line is written —
// and floods of identical warnings and errors summed up rather than
// written line by line.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Options configures New.
type Options struct {
	// Format is "json" (production) or "text".
	Format string
	Level  slog.Leveler
	// RepeatWindow is how long identical warnings and errors are counted
	// after the first rather than written, then summed up in one line
	// (DefaultRepeatWindow when 0; negative writes every line).
	RepeatWindow time.Duration
	// Now is the clock of the repeat windows (time.Now when nil).
	Now func() time.Time
}

// New returns a logger writing to w: records are redacted, then floods
// of identical warnings and errors aggregated (see repeater), then
// written. Call Flush before exiting so that no count is lost.
func New(w io.Writer, opts Options) *slog.Logger {
	hopts := &slog.HandlerOptions{Level: opts.Level}
	bw := newBatchWriter(w)
	w = bw
	var h slog.Handler
	if strings.EqualFold(opts.Format, "json") {
		h = slog.NewJSONHandler(w, hopts)
	} else {
		h = slog.NewTextHandler(w, hopts)
	}
	if opts.RepeatWindow >= 0 {
		window, now := opts.RepeatWindow, opts.Now
		if window == 0 {
			window = DefaultRepeatWindow
		}
		if now == nil {
			now = time.Now
		}
		h = newRepeater(h, window, now)
	}
	return slog.New(&redactor{next: h, writer: bw})
}

// flusher is a handler holding lines back.
type flusher interface{ flush() }

// Flush writes the summaries of the repeated lines that l (a logger made
// by New, or derived from one) is counting, ending their windows, and
// waits until every line logged so far has been handed to the writer
// (lines are written off the caller's path: batch.go). The server calls
// it periodically and before it exits. Other loggers are left alone.
func Flush(l *slog.Logger) {
	if f, ok := l.Handler().(flusher); ok {
		f.flush()
	}
}

// Sync waits until every line l (a logger made by New, or derived from
// one) has logged so far has been handed to its writer, without ending
// the windows of repeated lines as Flush does: for whoever reads the
// writer next (a test, a log shipper before a restart).
func Sync(l *slog.Logger) {
	if r, ok := l.Handler().(*redactor); ok && r.writer != nil {
		_ = r.writer.Sync()
	}
}

// requestIDKeyName is the attribute that carries the request id, and
// traceIDKeyName the OpenTelemetry trace id of a traced request.
const (
	requestIDKeyName = "request_id"
	traceIDKeyName   = "trace_id"
)

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
