package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/logging"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// syncBuffer is a buffer written concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	log *slog.Logger // synced before reading: lines are written off the caller's path
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes the JSON lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	if b.log != nil {
		logging.Sync(b.log)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		out = append(out, m)
	}
	return out
}

func newLogger(window time.Duration) (*slog.Logger, *syncBuffer, *fakeClock) {
	buf := &syncBuffer{}
	clock := &fakeClock{now: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
	buf.log = logging.New(buf, logging.Options{Format: "json", RepeatWindow: window, Now: clock.Now})
	return buf.log, buf, clock
}

// requestFailed logs the line the server writes for a failed request.
func requestFailed(log *slog.Logger, i int, kind, err string) {
	ctx := logging.WithRequestID(context.Background(), fmt.Sprintf("req-%d", i))
	log.LogAttrs(ctx, slog.LevelError, "request failed", slog.String("error_kind", kind), slog.Any("error", errors.New(err)))
}

// TestRepeatedErrorsAreAggregated: a database outage that fails 1,000
// requests the same way writes one line, then one summary with the count
// when the window is over.
func TestRepeatedErrorsAreAggregated(t *testing.T) {
	log, buf, clock := newLogger(10 * time.Second)
	for i := range 1000 {
		requestFailed(log, i, "unavailable", "ping: dial tcp 10.0.0.5:5432: connect: connection refused")
		clock.Advance(time.Millisecond) // 1 s in all: within the window
	}
	if got := buf.lines(t); len(got) != 1 || got[0]["request_id"] != "req-0" {
		t.Fatalf("during the window: %d lines, want the first only: %v", len(got), got)
	}
	clock.Advance(10 * time.Second)
	log.Info("request", slog.String("route", "GET /healthz")) // any next line ends the window
	got := buf.lines(t)
	if len(got) != 3 {
		t.Fatalf("after the window: %d lines, want the first, its summary and the info line: %v", len(got), got)
	}
	sum := got[1]
	if sum["level"] != "ERROR" || sum["repeated"] != float64(999) || !strings.Contains(sum["msg"].(string), "repeated 999 more times") ||
		sum["error_kind"] != "unavailable" || sum["request_id"] != nil {
		t.Fatalf("summary = %v", sum)
	}
}

// TestDifferentLinesAreNotMerged: another error, another kind, another
// level or another logger's attributes make another line; info lines are
// never aggregated.
func TestDifferentLinesAreNotMerged(t *testing.T) {
	log, buf, _ := newLogger(10 * time.Second)
	for i := range 5 {
		requestFailed(log, i, "unavailable", "dial tcp 10.0.0.5:5432: connection refused")
		requestFailed(log, i, "unavailable", "dial tcp 10.0.0.6:6379: connection refused")
		requestFailed(log, i, "internal", "dial tcp 10.0.0.5:5432: connection refused")
		log.Warn("request failed", slog.String("error_kind", "unavailable"), slog.String("error", "dial tcp 10.0.0.5:5432: connection refused"))
		log.With(slog.String("component", "sweeper")).Error("request failed", slog.String("error_kind", "unavailable"), slog.String("error", "dial tcp 10.0.0.5:5432: connection refused"))
		log.Info("request", slog.String("route", "GET /healthz"), slog.Int("status", 200))
	}
	lines := buf.lines(t)
	if len(lines) != 5+5 {
		t.Fatalf("%d lines, want 5 distinct warnings and errors and 5 info lines: %v", len(lines), lines)
	}
	logging.Flush(log)
	lines = buf.lines(t)[10:]
	if len(lines) != 5 {
		t.Fatalf("Flush wrote %d summaries, want 5: %v", len(lines), lines)
	}
	for _, l := range lines {
		if l["repeated"] != float64(4) {
			t.Errorf("summary %v, want repeated 4", l)
		}
	}
	derived := 0
	for _, l := range lines {
		if l["component"] == "sweeper" {
			derived++
		}
	}
	if derived != 1 {
		t.Errorf("%d summaries carry the derived logger's attributes, want 1", derived)
	}
}

// TestRepeatsStayRedacted: what is counted and summed up is the redacted
// line; personal data never reaches the summary.
func TestRepeatsStayRedacted(t *testing.T) {
	log, buf, clock := newLogger(10 * time.Second)
	for i, who := range []string{"marie@example.com", "pierre@example.com", "06 12 34 56 78"} {
		requestFailed(log, i, "internal", "insert failed for "+who)
	}
	clock.Advance(11 * time.Second)
	logging.Flush(log)
	lines := buf.lines(t)
	out := fmt.Sprint(lines)
	for _, pii := range []string{"marie", "pierre", "06 12 34 56 78"} {
		if strings.Contains(out, pii) {
			t.Errorf("log shows %q: %s", pii, out)
		}
	}
	// The two emails are redacted alike: one line, then its summary.
	if len(lines) != 3 || lines[2]["repeated"] != float64(1) || lines[2]["error"] != "insert failed for [email]" {
		t.Errorf("lines = %v", lines)
	}
}

// TestRepeatWindowNeverBlocks: many goroutines logging the same error
// while Flush runs: no deadlock, no race, nothing lost (the first lines
// and the summaries account for every call), and no goroutine left.
func TestRepeatWindowNeverBlocks(t *testing.T) {
	before := runtime.NumGoroutine()
	log, buf, clock := newLogger(10 * time.Second)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				requestFailed(log, g*1000+i, "unavailable", "connection refused")
				if i%100 == 0 {
					clock.Advance(3 * time.Second)
					logging.Flush(log)
				}
			}
		})
	}
	wg.Wait()
	logging.Flush(log)
	total := 0
	for _, l := range buf.lines(t) {
		if n, ok := l["repeated"].(float64); ok {
			total += int(n)
		} else {
			total++
		}
	}
	if total != 8*500 {
		t.Fatalf("lines and summaries account for %d calls, want %d", total, 8*500)
	}
	// The writer's goroutine ends once it has written the last line, a
	// moment after Flush has seen that line written: give it that moment.
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(time.Millisecond)
	}
	if after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

// TestRepeatWindowOff: a negative window writes every line.
func TestRepeatWindowOff(t *testing.T) {
	log, buf, _ := newLogger(-1)
	for i := range 10 {
		requestFailed(log, i, "unavailable", "connection refused")
	}
	if n := len(buf.lines(t)); n != 10 {
		t.Fatalf("%d lines, want 10", n)
	}
}
