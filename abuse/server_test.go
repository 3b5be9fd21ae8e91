package abuse_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Bounds of a server process's life.
const (
	startTimeout = time.Minute      // until it prints its "listening" line
	stopTimeout  = 30 * time.Second // from SIGTERM to its exit
)

// server is a `rendezvous serve` process of the test binary.
type server struct {
	URL  string // http://127.0.0.1:PORT
	PID  int
	logs *logSink

	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited
	waitErr error         // set before exited is closed
}

// baseEnv is what every server and command of the suite runs with, under
// the variables of a test: JSON logs, no demo data seeded behind the
// test's back, and one secret key for the test (so that several instances
// accept each other's tokens).
func baseEnv() map[string]string {
	key := make([]byte, 32)
	rand.Read(key) // never fails
	return map[string]string{
		"RENDEZVOUS_LOG_FORMAT": "json",
		"RENDEZVOUS_SEED_DEMO":  "false",
		"RENDEZVOUS_SECRET_KEY": hex.EncodeToString(key),
	}
}

// processEnv is the environment of a child process: ours without any
// RENDEZVOUS_* variable (the developer's settings must not leak into the
// test), then baseEnv, then env.
func processEnv(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RENDEZVOUS_") {
			out = append(out, kv)
		}
	}
	merged := baseEnv()
	for k, v := range env {
		merged[k] = v
	}
	for k, v := range merged {
		out = append(out, k+"="+v)
	}
	return out
}

// runCommand runs one `rendezvous` command to completion and returns its
// standard output; the test fails if it fails.
func runCommand(t testing.TB, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), seedTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = processEnv(env)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("rendezvous %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// adminKey creates an admin API key in the database of env.
func adminKey(t testing.TB, env map[string]string) string {
	t.Helper()
	return strings.TrimSpace(runCommand(t, env, "admin-key", "create", "--name", "abuse"))
}

var listening = regexp.MustCompile(`listening on (https?://\S+)`)

// startServer starts `rendezvous serve` on a free loopback port with env
// and waits until it listens. When the test ends, it checks that the
// process is still the one it started and that /healthz answers 200, then
// stops it with SIGTERM and checks that it exits 0 within 30 s and that
// its logs hold no panic and no error.
func startServer(t testing.TB, env map[string]string) *server {
	t.Helper()
	urls := make(chan string, 1)
	s := &server{logs: newLogSink(), exited: make(chan struct{})}
	if _, ok := env["RENDEZVOUS_MAILBOX_DIR"]; !ok {
		// The development mailbox goes with the test, not into the
		// package's directory.
		env = with(env, "RENDEZVOUS_MAILBOX_DIR", t.TempDir())
	}
	if _, ok := env["RENDEZVOUS_PUBLIC_URL"]; !ok {
		// Links in emails (the waitlist's offers, which the fixture
		// follows) are built only on a public URL.
		env = with(env, "RENDEZVOUS_PUBLIC_URL", "http://rdv.test")
	}
	s.cmd = exec.Command(binary, "serve", "--addr", "127.0.0.1:0")
	s.cmd.Env = processEnv(env)
	s.cmd.Stdout = &lineWatcher{match: listening, found: urls}
	s.cmd.Stderr = s.logs
	dieWithTest(s.cmd)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start rendezvous serve: %v", err)
	}
	s.PID = s.cmd.Process.Pid
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.URL = <-urls:
	case <-s.exited:
		t.Fatalf("rendezvous serve exited before listening: %v\n%s", s.waitErr, s.logs.Tail())
	case <-time.After(startTimeout):
		s.cmd.Process.Kill()
		<-s.exited
		t.Fatalf("rendezvous serve did not listen within %s\n%s", startTimeout, s.logs.Tail())
	}
	t.Cleanup(func() { s.finish(t) })
	return s
}

// Alive reports whether the process has not exited.
func (s *server) Alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// health returns an error unless the process started by the test still
// runs and answers /healthz with 200.
func (s *server) health() error {
	if !s.Alive() {
		return fmt.Errorf("server process %d exited: %v\n%s", s.PID, s.waitErr, s.logs.Tail())
	}
	c := newClient(s.URL, 5*time.Second, 1)
	defer c.Close()
	a, err := c.Get("/healthz")
	if err != nil || a.Status != 200 {
		return fmt.Errorf("GET /healthz: %d %v", a.Status, err)
	}
	if !s.Alive() {
		return fmt.Errorf("server process %d exited while answering /healthz: %v", s.PID, s.waitErr)
	}
	return nil
}

// Memory returns the process's resident memory now and at its peak, in
// bytes.
func (s *server) Memory(t testing.TB) (rss, peak int64) {
	t.Helper()
	rss, peak, err := readMemory(s.PID)
	if err != nil {
		t.Fatalf("memory of process %d: %v", s.PID, err)
	}
	return rss, peak
}

// finish runs the end-of-test checks and stops the process.
func (s *server) finish(t testing.TB) {
	t.Helper()
	if err := s.health(); err != nil {
		t.Errorf("after the test: %v", err)
	}
	if s.Alive() {
		start := time.Now()
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("SIGTERM: %v", err)
		}
		select {
		case <-s.exited:
			if s.waitErr != nil {
				t.Errorf("server exited with %v after SIGTERM\n%s", s.waitErr, s.logs.Tail())
			}
			t.Logf("graceful shutdown in %s", time.Since(start).Round(time.Millisecond))
		case <-time.After(stopTimeout):
			t.Errorf("server did not exit within %s of SIGTERM", stopTimeout)
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if n, first := s.logs.Panics(); n > 0 {
		t.Errorf("the server logged %d lines mentioning a panic; first: %s", n, first)
	}
	if n, first := s.logs.Errors(); n > 0 {
		t.Errorf("the server logged %d errors; first: %s", n, first)
	}
	if n := s.logs.Tolerated(); n > 0 {
		t.Logf("the server logged %d expected errors", n)
	}
}

// lineWatcher is a process's standard output: it sends the first
// submatch of the first line that matches, once.
type lineWatcher struct {
	match *regexp.Regexp
	found chan<- string

	mu   sync.Mutex
	buf  []byte
	done bool
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	if m := w.match.FindSubmatch(w.buf); m != nil {
		w.done = true
		w.found <- string(m[1])
		w.buf = nil
	} else if len(w.buf) > 64<<10 {
		w.buf = w.buf[len(w.buf)-4096:]
	}
	return len(p), nil
}
