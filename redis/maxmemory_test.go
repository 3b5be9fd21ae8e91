package redis_test

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/redis"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// ownServer starts a redis-server of the test's own on a free port with
// the given arguments, stopped when t ends. It skips t when the shared
// test server is not configured (the Redis tests are off) or when no
// redis-server is installed.
func ownServer(t *testing.T, args ...string) string {
	t.Helper()
	redistest.URL(t)
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on PATH")
	}
	addr := closedPort(t)
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	cmd := exec.Command(bin, append([]string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "redis://" + addr + "/0"
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := redis.Open(ctx, url)
		cancel()
		if err == nil {
			c.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not start: %v", addr, err)
		}
	}
}

// TestSessionsWithinMaxmemory: a Redis with maxmemory and the noeviction
// policy, as docs/security.md advises, refuses new sessions once full
// (EUNAVAILABLE) instead of storing them past maxmemory, and lets expired
// sessions be swept and deleted to make room.
func TestSessionsWithinMaxmemory(t *testing.T) {
	const maxmemory = 8 << 20
	url := ownServer(t, "--maxmemory", fmt.Sprint(maxmemory), "--maxmemory-policy", "noeviction")
	ctx := context.Background()
	c, err := redis.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	limits := rendezvous.DefaultSessionLimits()
	limits.PerClient = 1 << 20
	clock := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	st := c.Sessions("full:", limits, func() time.Time { return clock })
	data := make([]byte, limits.MaxDataBytes)
	n := 0
	for ; n < 4*maxmemory/len(data); n++ {
		err = st.Create(ctx, &rendezvous.Session{ID: fmt.Sprint("s", n), Client: fmt.Sprint("c", n%100), Data: data})
		if err != nil {
			break
		}
	}
	if err == nil {
		t.Fatalf("%d sessions of %d bytes stored in a Redis of %d bytes", n, len(data), maxmemory)
	}
	if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
		t.Fatalf("full Redis: %v, want EUNAVAILABLE", err)
	}
	if n*len(data) > maxmemory {
		t.Errorf("%d sessions of %d bytes stored in a Redis of %d bytes", n, len(data), maxmemory)
	}
	// What is stored stays readable, and room comes back as sessions end.
	if _, err := st.Get(ctx, "s0"); err != nil {
		t.Fatalf("reading a stored session of a full Redis: %v", err)
	}
	if err := st.Delete(ctx, "s1"); err != nil {
		t.Fatalf("deleting from a full Redis: %v", err)
	}
	clock = clock.Add(limits.IdleTTL + time.Minute)
	if swept, err := st.Sweep(ctx); err != nil || swept < n-2 {
		t.Fatalf("sweeping a full Redis: %d, %v", swept, err)
	}
	if err := st.Create(ctx, &rendezvous.Session{ID: "after", Client: "c", Data: data}); err != nil {
		t.Fatalf("creating after the sweep: %v", err)
	}
}
