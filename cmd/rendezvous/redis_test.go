package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// TestTwoInstancesShareRedis runs two servers on one PostgreSQL schema and
// one Redis: a conversation opened on one continues on the other, and a
// session's rate limit is one budget across both.
func TestTwoInstancesShareRedis(t *testing.T) {
	db := pgtest.URL(t)
	_, prefix := redistest.Client(t)
	env := map[string]string{
		"RENDEZVOUS_DATABASE_URL": db, "RENDEZVOUS_SEED_DEMO": "false",
		"RENDEZVOUS_REDIS_URL": redistest.URL(t), "RENDEZVOUS_REDIS_PREFIX": prefix,
		"RENDEZVOUS_SECRET_KEY":              "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=", // both instances sign alike
		"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION": "6/min", "RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST": "3",
	}
	if _, err := runCommand(t, env, "seed", "--providers", "200"); err != nil {
		t.Fatal(err)
	}
	a, b := startServer(t, env), startServer(t, env)

	var first chatOut
	if st := a.call(t, "POST", "/v1/chat", `{"message":"I need a dentist in Lyon on Thursday"}`, &first); st != 200 {
		t.Fatalf("first message on A: %d", st)
	}
	var second chatOut
	body := fmt.Sprintf(`{"session_id":%q,"message":"the first one"}`, first.SessionID)
	if st := b.call(t, "POST", "/v1/chat", body, &second, "Authorization", "Bearer "+first.SessionToken); st != 200 || second.State.Awaiting != "name" {
		t.Fatalf("the conversation did not continue on B: %d %+v", st, second)
	}
	// The first message opened the session (another budget); the second
	// spent one of the session's 3, which leaves 2, whichever instance asks.
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range 6 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _ := s.callCode(t, "POST", "/v1/chat", body, nil, "Authorization", "Bearer "+first.SessionToken)
			mu.Lock()
			codes[st]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	// A request that passed the limit is answered 200, or 409 when another
	// message of the same session was being handled on the other instance.
	if passed := codes[200] + codes[409]; passed > 3 || codes[429] < 3 || passed+codes[429] != 6 {
		t.Fatalf("answers across two instances: %v; want at most 2 (+1 refilled) past the limit", codes)
	}
}

// proxy forwards TCP connections to target until closed: a Redis that
// can be unplugged.
type proxy struct {
	ln     net.Listener
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.unplug)
	return p
}

func (p *proxy) unplug() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestRedisDownDegrades unplugs Redis under a running server: readiness
// says so (503), conversations fail loudly (503, never a silent switch to
// memory), while the booking API keeps working and rate limits hold per
// instance.
func TestRedisDownDegrades(t *testing.T) {
	_, prefix := redistest.Client(t)
	u, err := url.Parse(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	env := hardenedEnv(t, map[string]string{
		"RENDEZVOUS_REDIS_URL": "redis://" + px.ln.Addr().String() + "/0", "RENDEZVOUS_REDIS_PREFIX": prefix,
		"RENDEZVOUS_RATE_LIMIT_READ": "3/min", "RENDEZVOUS_RATE_LIMIT_READ_BURST": "3",
	})
	s := startServer(t, env)
	var ready struct {
		Status string `json:"status"`
	}
	if st := s.call(t, "GET", "/readyz", "", &ready); st != 200 || ready.Status != "ready" {
		t.Fatalf("readyz with Redis: %d %+v", st, ready)
	}
	px.unplug()
	// Readiness results are reused for a second.
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := s.callCode(t, "GET", "/readyz", "", nil)
		if st == 503 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz without Redis: %d", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if st, code := s.callCode(t, "POST", "/v1/chat", `{"message":"hello"}`, nil); st != 503 || code != "unavailable" {
		t.Fatalf("chat without Redis: %d %s", st, code)
	}
	// Reads still work, and the in-memory fallback still limits them.
	got := map[int]int{}
	for range 5 {
		st, _ := s.callCode(t, "GET", "/v1/providers?limit=1", "", nil)
		got[st]++
	}
	if got[200] != 3 || got[429] != 2 {
		t.Fatalf("reads without Redis: %v; want 3 allowed then 429", got)
	}
	if st, _ := s.callCode(t, "GET", "/healthz", "", nil); st != 200 {
		t.Fatalf("healthz without Redis: %d", st)
	}
	if !strings.Contains(s.logs.String(), "rate limiter unavailable") {
		t.Errorf("the fallback to memory was not logged")
	}
}
