// Package redistest gives each test its own key prefix on a real Redis, so
// that tests of the redis package and of everything built on it (the
// end-to-end tests of several instances) run against one server without
// seeing each other's keys.
//
// The server comes from RENDEZVOUS_TEST_REDIS_URL. When that is unset the
// tests are skipped; when it is set, a server that cannot be reached fails
// them: CI must not go green by skipping.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/rendezvous-oss/rendezvous/redis"
)

// EnvURL names the environment variable holding the test server's URL,
// e.g. redis://127.0.0.1:6379/0.
const EnvURL = "RENDEZVOUS_TEST_REDIS_URL"

// setupTimeout bounds the opening and the clean-up of a test's client.
const setupTimeout = 30 * time.Second

// URL returns the test server's URL, and skips t when
// RENDEZVOUS_TEST_REDIS_URL is unset. It does not check the server: open
// it with redis.Open, which fails when the server cannot be reached.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		t.Skip(EnvURL + " not set: skipping Redis tests")
	}
	return u
}

// Client returns a client of the test server, closed when t ends, and a
// key prefix of its own ("rdvtest:<16 hex digits>:"). Every key under the
// prefix, and every rate limit key of a RateLimiter under it ("rate:"
// prefix …), is deleted when t ends. Client skips t when
// RENDEZVOUS_TEST_REDIS_URL is unset and fails it when the server cannot
// be reached.
func Client(t testing.TB) (*redis.Client, string) {
	t.Helper()
	base := URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	c, err := redis.Open(ctx, base)
	if err != nil {
		t.Fatalf("redistest: open the server in %s: %v", EnvURL, err)
	}
	prefix := "rdvtest:" + randomSuffix() + ":"
	// Cleanups run last in, first out: the keys go before the client.
	t.Cleanup(func() { c.Close() })
	t.Cleanup(func() { deletePrefix(t, base, prefix) })
	return c, prefix
}

// Patterns returns the SCAN patterns of the keys that the sessions and the
// rate limiters under prefix create. The prefix must hold no glob
// characters (*?[\), as Client's prefixes do not.
func Patterns(prefix string) []string {
	return []string{prefix + "*", "rate:" + prefix + "*"}
}

// deletePrefix deletes the keys of a test's prefix, with a connection of
// its own: the test may have closed or broken its client.
func deletePrefix(t testing.TB, base, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	opt, err := goredis.ParseURL(base)
	if err != nil {
		t.Errorf("redistest: %s: %v", EnvURL, err)
		return
	}
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	rdb := goredis.NewClient(opt)
	defer rdb.Close()
	for _, pattern := range Patterns(prefix) {
		iter := rdb.Scan(ctx, 0, pattern, 500).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Errorf("redistest: scan %s: %v", pattern, err)
			return
		}
		for len(keys) > 0 {
			n := min(len(keys), 500)
			if err := rdb.Del(ctx, keys[:n]...).Err(); err != nil {
				t.Errorf("redistest: delete %s: %v", pattern, err)
				return
			}
			keys = keys[n:]
		}
	}
}

// randomSuffix returns 16 lower-case hex digits.
func randomSuffix() string {
	var b [8]byte
	rand.Read(b[:]) // never fails
	return hex.EncodeToString(b[:])
}
