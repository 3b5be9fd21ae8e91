package redis_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/redis"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// closedPort returns the address of a local port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestOpenUnreachable(t *testing.T) {
	start := time.Now()
	_, err := redis.Open(context.Background(), "redis://:secret@"+closedPort(t)+"/0")
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
		t.Errorf("Open: %v (%s), want EUNAVAILABLE", err, rendezvous.ErrorCodeOf(err))
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("the error shows the password: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Open took %v to fail", d)
	}
}

func TestOpenInvalidURL(t *testing.T) {
	for _, u := range []string{"", "http://127.0.0.1:6379", "redis://:secret@127.0.0.1:6379/x", "redis://:secret@[::1/0"} {
		_, err := redis.Open(context.Background(), u)
		if err == nil {
			t.Errorf("Open(%q) succeeded", u)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): the error shows the password: %v", u, err)
		}
	}
}

// proxy forwards TCP connections to a server until it is closed, which
// takes the server away from the clients that connected through it, or
// stalled, which makes the server look hung.
type proxy struct {
	ln      net.Listener
	target  string
	stalled atomic.Bool
	mu      sync.Mutex
	conns   []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(p.Close)
	return p
}

func (p *proxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { p.copy(out, in); out.Close() }()
		go func() { p.copy(in, out); in.Close() }()
	}
}

// copy forwards src to dst, or drops it while the proxy is stalled.
func (p *proxy) copy(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.stalled.Load() {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Close stops accepting and cuts every connection.
func (p *proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestServerGoneIsUnavailable cuts the server away from a working client:
// every method then returns EUNAVAILABLE, promptly, and nothing panics.
func TestServerGoneIsUnavailable(t *testing.T) {
	ctx := context.Background()
	_, prefix := redistest.Client(t) // for the clean-up of the prefix
	u, err := url.Parse(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	c, err := redis.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st := c.Sessions(prefix, testLimits(), nil)
	rl := c.RateLimiter(prefix)
	rate := rendezvous.Rate{Count: 10, Period: time.Second, Burst: 5}
	s := &rendezvous.Session{ID: "s", Client: "c"}
	if err := st.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := rl.Allow(ctx, "k", rate); err != nil {
		t.Fatal(err)
	}

	p.Close()
	calls := []struct {
		name string
		call func() error
	}{
		{"Create", func() error { return st.Create(ctx, &rendezvous.Session{ID: "t", Client: "c"}) }},
		{"Get", func() error { _, err := st.Get(ctx, "s"); return err }},
		{"Save", func() error { return st.Save(ctx, s) }},
		{"Delete", func() error { return st.Delete(ctx, "s") }},
		{"Sweep", func() error { _, err := st.Sweep(ctx); return err }},
		{"Count", func() error { _, err := st.Count(ctx); return err }},
		{"SessionsPing", func() error { return st.Ping(ctx) }},
		{"Allow", func() error { _, err := rl.Allow(ctx, "k", rate); return err }},
		{"RateLimiterPing", func() error { return rl.Ping(ctx) }},
		{"ClientPing", func() error { return c.Ping(ctx) }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.call()
			if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
				t.Errorf("got %v (%s), want EUNAVAILABLE", err, rendezvous.ErrorCodeOf(err))
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestHungServerDelaysAllowLittle stalls the server: a rate limit check
// gives up within its bound, so that the caller can fall back.
func TestHungServerDelaysAllowLittle(t *testing.T) {
	ctx := context.Background()
	_, prefix := redistest.Client(t)
	u, err := url.Parse(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	c, err := redis.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rl := c.RateLimiter(prefix)
	rate := rendezvous.Rate{Count: 10, Period: time.Second, Burst: 5}
	if _, err := rl.Allow(ctx, "k", rate); err != nil {
		t.Fatal(err)
	}
	p.stalled.Store(true)
	start := time.Now()
	_, err = rl.Allow(ctx, "k", rate)
	if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
		t.Errorf("got %v, want EUNAVAILABLE", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Allow took %v against a hung server", d)
	}
}

// TestContextDeadlineIsHonoured gives a call no time: it fails at once
// with EUNAVAILABLE and the context's error.
func TestContextDeadlineIsHonoured(t *testing.T) {
	c, prefix := redistest.Client(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Sessions(prefix, testLimits(), nil).Get(ctx, "s")
	if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want EUNAVAILABLE wrapping context.Canceled", err)
	}
}

// TestClientKillIsSurvived kills the server side of the client's
// connections: the next call either reconnects or returns EUNAVAILABLE,
// and the one after works.
func TestClientKillIsSurvived(t *testing.T) {
	ctx := context.Background()
	_, prefix := redistest.Client(t)
	name := strings.ReplaceAll(prefix, ":", "-") + "kill"
	u, err := url.Parse(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("client_name", name)
	u.RawQuery = q.Encode()
	c, err := redis.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st := c.Sessions(prefix, testLimits(), nil)
	if err := st.Create(ctx, &rendezvous.Session{ID: "s", Client: "c"}); err != nil {
		t.Fatal(err)
	}

	rdb := raw(t)
	list, err := rdb.ClientList(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	killed := 0
	for _, line := range strings.Split(list, "\n") {
		if !strings.Contains(line, " name="+name+" ") {
			continue
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(line, "id="), " ")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			t.Fatalf("CLIENT LIST line %q", line)
		}
		if err := rdb.ClientKillByFilter(ctx, "ID", strconv.FormatInt(n, 10)).Err(); err != nil {
			t.Fatal(err)
		}
		killed++
	}
	if killed == 0 {
		t.Fatalf("no connection named %s in CLIENT LIST", name)
	}
	if _, err := st.Get(ctx, "s"); err != nil && rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
		t.Fatalf("first call after the kill: %v", err)
	}
	if _, err := st.Get(ctx, "s"); err != nil {
		t.Fatalf("second call after the kill: %v", err)
	}
}

// TestOpenLogsNothing runs a client in a child process and checks that
// go-redis wrote nothing to its stderr: in particular, no warning about
// the maintenance notifications handshake, which plain Redis refuses.
func TestOpenLogsNothing(t *testing.T) {
	redistest.URL(t)
	if os.Getenv("REDIS_LOG_CHILD") != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLogChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "REDIS_LOG_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestLogChild") {
		t.Fatalf("child failed (%v):\n%s", err, out)
	}
	logLine := regexp.MustCompile(`^redis: \d{4}/\d\d/\d\d `)
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if logLine.MatchString(sc.Text()) || strings.Contains(strings.ToLower(sc.Text()), "maint") {
			t.Errorf("go-redis logged: %s", sc.Text())
		}
	}
}

func TestLogChild(t *testing.T) {
	if os.Getenv("REDIS_LOG_CHILD") == "" {
		t.Skip("runs only as TestOpenLogsNothing's child")
	}
	ctx := context.Background()
	c, prefix := redistest.Client(t)
	st := c.Sessions(prefix, testLimits(), nil)
	if err := st.Create(ctx, &rendezvous.Session{ID: "s", Client: "c"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RateLimiter(prefix).Allow(ctx, "k", rendezvous.Rate{Count: 1, Period: time.Second, Burst: 1}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}
