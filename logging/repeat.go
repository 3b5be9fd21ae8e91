package logging

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultRepeatWindow is how long identical warnings and errors are
// counted, rather than written, after the first.
const DefaultRepeatWindow = 10 * time.Second

// maxRepeatKeys bounds the lines being counted at once; past it new lines
// are written as they come.
const maxRepeatKeys = 1000

// repeater is a slog.Handler that aggregates floods: during a database
// outage every request fails the same way, and thousands of identical
// ERROR lines would drown the log (and its bill). The first of identical
// warnings or errors is written; the next ones within the window are
// counted, and one summary line says how many there were. Lines are
// identical when their level, message and attributes are, once redacted,
// ignoring the request id and the time. Info and debug lines (the access
// log among them) are never aggregated: one line per request is the
// point of them.
//
// It starts no goroutine: a window's summary is written by the next log
// line after the window ends, or by Flush.
type repeater struct {
	next slog.Handler
	// scope is the attributes and groups added by WithAttrs and
	// WithGroup, part of what makes two lines identical.
	scope string
	state *repeatState
}

// repeatState is shared by a logger and every logger derived from it.
type repeatState struct {
	window time.Duration
	now    func() time.Time
	// due is when the oldest window ends (unix nanoseconds; 0 when none
	// is open), so that most log calls check it without the lock.
	due atomic.Int64

	mu    sync.Mutex
	lines map[string]*repeated
}

// repeated is a line being counted.
type repeated struct {
	since   time.Time
	count   int // suppressed after the first
	through slog.Handler
	record  slog.Record // the first one, without its request id
}

func newRepeater(next slog.Handler, window time.Duration, now func() time.Time) *repeater {
	return &repeater{next: next, state: &repeatState{window: window, now: now, lines: map[string]*repeated{}}}
}

func (h *repeater) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *repeater) Handle(ctx context.Context, r slog.Record) error {
	now := h.state.now()
	if due := h.state.due.Load(); due != 0 && now.UnixNano() >= due {
		h.state.flush(now, false)
	}
	if r.Level >= slog.LevelWarn && !h.state.first(h.scope+"\x00"+lineKey(r), r, h.next, now) {
		return nil // counted, for the window's summary
	}
	return h.next.Handle(ctx, r)
}

func (h *repeater) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	b.WriteString(h.scope)
	for _, a := range attrs {
		b.WriteString(a.String())
		b.WriteByte(' ')
	}
	return &repeater{next: h.next.WithAttrs(attrs), scope: b.String(), state: h.state}
}

func (h *repeater) WithGroup(name string) slog.Handler {
	return &repeater{next: h.next.WithGroup(name), scope: h.scope + name + ".", state: h.state}
}

func (h *repeater) flush() { h.state.flush(h.state.now(), true) }

// lineKey is what makes two records the same line.
func lineKey(r slog.Record) string {
	var b strings.Builder
	b.WriteString(r.Level.String())
	b.WriteByte(0)
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != requestIDKeyName {
			b.WriteByte(0)
			b.WriteString(a.String())
		}
		return true
	})
	return b.String()
}

// first reports whether a warning or error must be written: it is the
// first of its kind in a window (or cannot be tracked); otherwise it is
// counted.
func (s *repeatState) first(key string, r slog.Record, through slog.Handler, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.lines[key]; ok {
		l.count++
		return false
	}
	if len(s.lines) >= maxRepeatKeys {
		return true
	}
	first := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != requestIDKeyName {
			first.AddAttrs(a)
		}
		return true
	})
	s.lines[key] = &repeated{since: now, through: through, record: first}
	if end := now.Add(s.window).UnixNano(); s.due.Load() == 0 || end < s.due.Load() {
		s.due.Store(end)
	}
	return true
}

// flush ends the windows that are over (every window when all is set):
// each line that was repeated gets its summary. The summaries are written
// under the lock, so that a window's summary always comes before the
// first line of the next window.
func (s *repeatState) flush(now time.Time, all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var due int64
	for key, l := range s.lines {
		end := l.since.Add(s.window)
		if !all && now.Before(end) {
			if due == 0 || end.UnixNano() < due {
				due = end.UnixNano()
			}
			continue
		}
		delete(s.lines, key)
		if l.count == 0 {
			continue
		}
		sum := slog.NewRecord(now, l.record.Level,
			fmt.Sprintf("%s (repeated %d more times within %s)", l.record.Message, l.count, s.window), l.record.PC)
		l.record.Attrs(func(a slog.Attr) bool {
			sum.AddAttrs(a)
			return true
		})
		sum.AddAttrs(slog.Int("repeated", l.count))
		_ = l.through.Handle(context.Background(), sum)
	}
	s.due.Store(due)
}
