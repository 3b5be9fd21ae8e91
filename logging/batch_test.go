package logging

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowWriter records what it is given, one call at a time, taking a while
// for each (a pipe or a terminal under load).
type slowWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	calls int
	delay time.Duration
	fail  error
}

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(w.delay)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls++
	if w.fail != nil {
		return 0, w.fail
	}
	return w.buf.Write(p)
}

func (w *slowWriter) contains(s string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Contains(w.buf.String(), s)
}

// TestBatchWriter writes lines from many goroutines at once and checks
// that every line is written whole, each goroutine's in its order, that
// Write does not wait for the writer, that Sync waits for every line
// written before it, and that lines written at the same time share
// system calls.
func TestBatchWriter(t *testing.T) {
	for _, tc := range []struct {
		goroutines, lines int
		delay             time.Duration
	}{
		{1, 50, 0},
		{8, 100, 0},
		{64, 20, 200 * time.Microsecond},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.goroutines, tc.lines), func(t *testing.T) {
			under := &slowWriter{delay: tc.delay}
			w := newBatchWriter(under)
			var wg sync.WaitGroup
			for g := range tc.goroutines {
				wg.Go(func() {
					for i := range tc.lines {
						line := fmt.Sprintf("goroutine=%d line=%d %s\n", g, i, strings.Repeat("x", i%40))
						if n, err := w.Write([]byte(line)); err != nil || n != len(line) {
							t.Errorf("Write = %d, %v", n, err)
						}
						if i%7 == 0 {
							if err := w.Sync(); err != nil || !under.contains(line) {
								t.Errorf("Sync returned (%v) before %q was written", err, line)
							}
						}
					}
				})
			}
			wg.Wait()
			if err := w.Sync(); err != nil {
				t.Fatal(err)
			}
			next := make([]int, tc.goroutines)
			out := strings.Split(strings.TrimSuffix(under.buf.String(), "\n"), "\n")
			if len(out) != tc.goroutines*tc.lines {
				t.Fatalf("%d lines written, want %d", len(out), tc.goroutines*tc.lines)
			}
			for _, l := range out {
				var g, i int
				if _, err := fmt.Sscanf(l, "goroutine=%d line=%d", &g, &i); err != nil || i != next[g] || l != fmt.Sprintf("goroutine=%d line=%d %s", g, i, strings.Repeat("x", i%40)) {
					t.Fatalf("line %q out of order or mangled (want line %d of goroutine %d)", l, next[g], g)
				}
				next[g]++
			}
			if tc.goroutines == 64 && under.calls > len(out)/4 {
				t.Errorf("%d lines in %d writes: lines written together should share writes", len(out), under.calls)
			}
			t.Logf("%d lines in %d writes", len(out), under.calls)
		})
	}
}

// TestBatchWriterError: a failed write is reported by the next Sync.
func TestBatchWriterError(t *testing.T) {
	boom := errors.New("disk full")
	w := newBatchWriter(&slowWriter{fail: boom})
	if _, err := w.Write([]byte("line\n")); err != nil {
		t.Fatalf("Write error = %v: it does not wait for the writer", err)
	}
	if err := w.Sync(); !errors.Is(err, boom) {
		t.Fatalf("Sync error = %v, want %v", err, boom)
	}
}

// blockedWriter blocks every write until released.
type blockedWriter struct{ release chan struct{} }

func (w blockedWriter) Write(p []byte) (int, error) { <-w.release; return len(p), nil }

// TestBatchWriterBound: with a writer that does not write (a pipe nobody
// reads), Write stops queueing at maxPending bytes and waits, rather than
// hold ever more memory; it goes on once the writer does.
func TestBatchWriterBound(t *testing.T) {
	bw := blockedWriter{release: make(chan struct{})}
	w := newBatchWriter(bw)
	line := []byte(strings.Repeat("x", 1023) + "\n")
	done := make(chan int)
	go func() {
		n := 0
		for range 3 * maxPending / len(line) {
			_, _ = w.Write(line)
			n++
		}
		done <- n
	}()
	select {
	case n := <-done:
		t.Fatalf("%d lines queued behind a writer that does not write", n)
	case <-time.After(200 * time.Millisecond):
	}
	w.mu.Lock()
	pending := len(w.pending)
	w.mu.Unlock()
	if pending > maxPending+len(line) {
		t.Fatalf("%d bytes pending, bound %d", pending, maxPending)
	}
	close(bw.release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Write still waiting after the writer went on")
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
}
