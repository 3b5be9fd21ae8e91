package redis_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/redis"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
	"github.com/rendezvous-oss/rendezvous/sessiontest"
)

func TestSessionsContract(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, l rendezvous.SessionLimits, now func() time.Time) chat.SessionStore {
		c, prefix := redistest.Client(t)
		return c.Sessions(prefix, l, now)
	})
}

// second opens another client of the test server, as another instance
// would.
func second(t *testing.T) *redis.Client {
	t.Helper()
	c, err := redis.Open(context.Background(), redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// raw returns a go-redis client of the test server, to look at the keys.
func raw(t *testing.T) *goredis.Client {
	t.Helper()
	opt, err := goredis.ParseURL(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	rdb := goredis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func testLimits() rendezvous.SessionLimits {
	return rendezvous.SessionLimits{Max: 5, PerClient: 3, IdleTTL: 30 * time.Minute, AbsoluteTTL: 24 * time.Hour, MaxDataBytes: 1024}
}

func wantCode(t *testing.T, err error, code rendezvous.ErrorCode) {
	t.Helper()
	if got := rendezvous.ErrorCodeOf(err); got != code {
		t.Fatalf("got %v (%s), want %s", err, got, code)
	}
}

func TestSessionsSharedByInstances(t *testing.T) {
	ctx := context.Background()
	c1, prefix := redistest.Client(t)
	clock := sessiontest.NewClock()
	a := c1.Sessions(prefix, testLimits(), clock.Now)
	b := second(t).Sessions(prefix, testLimits(), clock.Now)

	s := &rendezvous.Session{ID: "shared", Client: "10.0.0.1", Data: []byte(`{"turn":1}`)}
	if err := a.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := b.Get(ctx, "shared")
	if err != nil || string(got.Data) != `{"turn":1}` || got.Version != 1 {
		t.Fatalf("b.Get = %+v, %v", got, err)
	}
	clock.Advance(time.Minute)
	got.Data = []byte(`{"turn":2}`)
	if err := b.Save(ctx, got); err != nil {
		t.Fatal(err)
	}
	// a's copy is now stale: its save loses.
	wantCode(t, a.Save(ctx, s), rendezvous.ECONFLICT)
	again, err := a.Get(ctx, "shared")
	if err != nil || string(again.Data) != `{"turn":2}` || again.Version != 2 || !again.CreatedAt.Equal(s.CreatedAt) {
		t.Fatalf("a.Get = %+v, %v", again, err)
	}
	// Limits count the sessions of every instance.
	for i := range 2 {
		if err := b.Create(ctx, &rendezvous.Session{ID: fmt.Sprint("b", i), Client: "10.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, a.Create(ctx, &rendezvous.Session{ID: "a1", Client: "10.0.0.1"}), rendezvous.ERATELIMITED)
	if n, err := a.Count(ctx); n != 3 || err != nil {
		t.Errorf("a.Count = %d, %v; want 3", n, err)
	}
	if err := b.Delete(ctx, "shared"); err != nil {
		t.Fatal(err)
	}
	_, err = a.Get(ctx, "shared")
	wantCode(t, err, rendezvous.ENOTFOUND)
}

// TestSessionsRacingInstancesKeepLimits creates sessions from many
// goroutines on two instances at once: the limits hold exactly.
func TestSessionsRacingInstancesKeepLimits(t *testing.T) {
	ctx := context.Background()
	c1, prefix := redistest.Client(t)
	limits := rendezvous.SessionLimits{Max: 7, PerClient: 3, IdleTTL: time.Minute, AbsoluteTTL: time.Hour, MaxDataBytes: 64}
	stores := []*redis.Sessions{c1.Sessions(prefix, limits, nil), second(t).Sessions(prefix, limits, nil)}
	var created, perClientA atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			client := fmt.Sprint("client", i%4)
			err := stores[i%2].Create(ctx, &rendezvous.Session{ID: fmt.Sprint("s", i), Client: client})
			switch rendezvous.ErrorCodeOf(err) {
			case "":
				created.Add(1)
				if client == "client0" {
					perClientA.Add(1)
				}
			case rendezvous.ERATELIMITED:
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if created.Load() != 7 || perClientA.Load() > 3 {
		t.Errorf("%d sessions created (want 7), %d for client0 (want at most 3)", created.Load(), perClientA.Load())
	}
}

// TestSessionsKeysExpire checks the Redis TTLs that back the logical
// expiry, so that nothing outlives its sessions.
func TestSessionsKeysExpire(t *testing.T) {
	ctx := context.Background()
	c, prefix := redistest.Client(t)
	rdb := raw(t)
	clock := sessiontest.NewClock()
	limits := testLimits()
	st := c.Sessions(prefix, limits, clock.Now)
	pttl := func(key string) time.Duration {
		t.Helper()
		ttl, err := rdb.PTTL(ctx, prefix+key).Result()
		if err != nil {
			t.Fatal(err)
		}
		return ttl
	}
	about := func(got, want time.Duration) bool { return got > want-time.Minute && got <= want }

	s := &rendezvous.Session{ID: "idle", Client: "10.0.0.9"}
	if err := st.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"session:idle", "sessions", "client:10.0.0.9"} {
		if ttl := pttl(k); !about(ttl, limits.IdleTTL) {
			t.Errorf("PTTL %s after Create = %v, want the idle TTL", k, ttl)
		}
	}
	// A session near its absolute deadline lives in Redis only until it.
	near := &rendezvous.Session{ID: "near", Client: "10.0.0.9", CreatedAt: clock.Now().Add(-limits.AbsoluteTTL + 10*time.Minute)}
	if err := st.Create(ctx, near); err != nil {
		t.Fatal(err)
	}
	if ttl := pttl("session:near"); !about(ttl, 10*time.Minute) {
		t.Errorf("PTTL of a session 10 min from its absolute deadline = %v", ttl)
	}
	clock.Advance(5 * time.Minute)
	if err := st.Save(ctx, near); err != nil {
		t.Fatal(err)
	}
	if ttl := pttl("session:near"); !about(ttl, 5*time.Minute) {
		t.Errorf("PTTL after a save 5 min from the absolute deadline = %v", ttl)
	}
	// A save renews the idle TTL, and the sets live as long as their
	// longest-lived member.
	clock.Advance(10 * time.Minute)
	if err := st.Save(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"session:idle", "sessions", "client:10.0.0.9"} {
		if ttl := pttl(k); !about(ttl, limits.IdleTTL) {
			t.Errorf("PTTL %s after Save = %v, want the idle TTL", k, ttl)
		}
	}
	// Saving an expired session removes it.
	clock.Advance(limits.IdleTTL)
	wantCode(t, st.Save(ctx, s), rendezvous.ENOTFOUND)
	if ttl := pttl("session:idle"); ttl != -2 {
		t.Errorf("PTTL of an expired session after a save = %v, want none (-2)", ttl)
	}
}

// TestSessionsSweepLeavesNoKeys lets every session expire, sweeps, and
// finds nothing left under the prefix.
func TestSessionsSweepLeavesNoKeys(t *testing.T) {
	ctx := context.Background()
	c, prefix := redistest.Client(t)
	rdb := raw(t)
	clock := sessiontest.NewClock()
	limits := testLimits()
	limits.Max, limits.PerClient = 1000, 1000
	st := c.Sessions(prefix, limits, clock.Now)
	for i := range 600 { // more than one sweep batch
		if err := st.Create(ctx, &rendezvous.Session{ID: fmt.Sprint("s", i), Client: fmt.Sprint("c", i%7)}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.Count(ctx); n != 600 || err != nil {
		t.Fatalf("Count = %d, %v", n, err)
	}
	clock.Advance(limits.IdleTTL)
	if n, err := st.Count(ctx); n != 0 || err != nil {
		t.Fatalf("Count after expiry = %d, %v", n, err)
	}
	if n, err := st.Sweep(ctx); n != 600 || err != nil {
		t.Fatalf("Sweep = %d, %v; want 600", n, err)
	}
	// The client sets keep expired members until a Create of that client
	// or their TTL; everything else is gone.
	keys, err := rdb.Keys(ctx, prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if n, _ := rdb.ZCard(ctx, k).Result(); n != 0 && k[len(prefix):len(prefix)+7] != "client:" {
			t.Errorf("key %s left after the sweep", k)
		}
	}
}

func TestSessionsBounds(t *testing.T) {
	ctx := context.Background()
	c, prefix := redistest.Client(t)
	st := c.Sessions(prefix, testLimits(), nil)
	long := string(make([]byte, 300))
	wantCode(t, st.Create(ctx, &rendezvous.Session{ID: long}), rendezvous.EINVALID)
	wantCode(t, st.Create(ctx, &rendezvous.Session{ID: "x", Client: long}), rendezvous.EINVALID)
	wantCode(t, st.Create(ctx, &rendezvous.Session{}), rendezvous.EINVALID)
	_, err := st.Get(ctx, long)
	wantCode(t, err, rendezvous.ENOTFOUND)
	if err := st.Delete(ctx, long); err != nil {
		t.Error(err)
	}
	s := &rendezvous.Session{ID: "big", Client: "c", Data: []byte("{}")}
	if err := st.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Data = make([]byte, 2000)
	wantCode(t, st.Save(ctx, s), rendezvous.EINVALID)
	wantCode(t, st.Create(ctx, &rendezvous.Session{ID: "big", Client: "c"}), rendezvous.ECONFLICT)
}
