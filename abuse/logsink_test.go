package abuse_test

import (
	"bytes"
	"strings"
	"sync"
)

// logSink is a server's standard error (its JSON logs). It keeps memory
// bounded however long the server logs: it counts the lines that mention a
// panic and the error-level lines, keeps the first of each, and keeps the
// last lines for failure messages.
type logSink struct {
	mu      sync.Mutex
	partial []byte
	tail    []string
	lines   int
	panics  int
	errors  int
	first   struct{ panic, err string }
	// tolerated are error lines a test expects (see Tolerate), counted
	// apart.
	tolerated  []string
	nTolerated int
}

const (
	tailLines   = 40
	maxLineSize = 64 << 10
)

func newLogSink() *logSink { return &logSink{} }

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.line(string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
	if len(l.partial) > maxLineSize {
		l.line(string(l.partial))
		l.partial = nil
	}
	// Do not let the buffer's backing array grow with the whole log.
	l.partial = append([]byte(nil), l.partial...)
	return len(p), nil
}

func (l *logSink) line(s string) {
	l.lines++
	if strings.Contains(strings.ToLower(s), "panic") {
		if l.panics == 0 {
			l.first.panic = clip(s, 2000)
		}
		l.panics++
	}
	if strings.Contains(s, `"level":"ERROR"`) && l.isTolerated(s) {
		l.nTolerated++
	} else if strings.Contains(s, `"level":"ERROR"`) {
		if l.errors == 0 {
			l.first.err = clip(s, 2000)
		}
		l.errors++
	}
	if len(l.tail) == tailLines {
		l.tail = l.tail[1:]
	}
	l.tail = append(l.tail, clip(s, 1000))
}

func (l *logSink) isTolerated(s string) bool {
	for _, t := range l.tolerated {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// Tolerate makes error lines holding substr expected: they are counted by
// Tolerated, not reported by Errors.
func (l *logSink) Tolerate(substr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tolerated = append(l.tolerated, substr)
}

// Tolerated returns how many expected error lines were logged.
func (l *logSink) Tolerated() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nTolerated
}

// Panics returns how many lines mention a panic, and the first.
func (l *logSink) Panics() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.panics, l.first.panic
}

// Errors returns how many error-level lines were logged, and the first.
func (l *logSink) Errors() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errors, l.first.err
}

// Lines returns the number of lines logged.
func (l *logSink) Lines() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines
}

// Tail returns the last lines logged.
func (l *logSink) Tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.tail, "\n") + "\n" + string(l.partial)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
