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
// that every line is written whole, each goroutine's in its order, that a
// Write returns only once its line is written, and that lines written at
// the same time share system calls.
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
						if !under.contains(line) {
							t.Errorf("Write returned before %q was written", line)
						}
					}
				})
			}
			wg.Wait()
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

// TestBatchWriterError returns the error of the write that held the
// caller's line.
func TestBatchWriterError(t *testing.T) {
	boom := errors.New("disk full")
	w := newBatchWriter(&slowWriter{fail: boom})
	if _, err := w.Write([]byte("line\n")); !errors.Is(err, boom) {
		t.Fatalf("Write error = %v, want %v", err, boom)
	}
}
