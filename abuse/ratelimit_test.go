package abuse_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// The shared limit of TestRateLimitSharedByInstances:
// RENDEZVOUS_RATE_LIMIT_READ=60/min with a burst of 10.
const (
	sharedRate     = 60 // per minute
	sharedBurst    = 10
	hammerFor      = 5 * time.Second
	hammerWorkers  = 8 // per instance
	hammerClientTO = 5 * time.Second
)

// TestRateLimitSharedByInstances runs two server processes on one
// PostgreSQL schema and one Redis, and hammers GET /v1/providers on both
// from one client address for 5 seconds: the two together let through at
// most burst + rate × elapsed requests (+1 for timing), no more than one
// instance alone would, and every 429 says when to retry.
func TestRateLimitSharedByInstances(t *testing.T) {
	dbURL := pgtest.URL(t)
	redisURL := redistest.URL(t)
	// A client address of its own (in 198.18.0.0/15, for benchmarks), so
	// that runs sharing the test Redis never share a limit; its keys are
	// deleted afterwards.
	addr := fmt.Sprintf("198.%d.%d.%d", 18+rand.IntN(2), rand.IntN(256), 1+rand.IntN(254))
	t.Cleanup(func() { deleteRateKeys(t, redisURL, addr) })

	env := map[string]string{
		"RENDEZVOUS_DATABASE_URL":          dbURL,
		"RENDEZVOUS_REDIS_URL":             redisURL,
		"RENDEZVOUS_TRUSTED_PROXIES":       "127.0.0.1",
		"RENDEZVOUS_RATE_LIMIT_READ":       strconv.Itoa(sharedRate) + "/min",
		"RENDEZVOUS_RATE_LIMIT_READ_BURST": strconv.Itoa(sharedBurst),
	}
	runCommand(t, env, "seed", "--providers", "20")
	instances := []*server{startServer(t, env), startServer(t, env)}

	answered, elapsed := hammer(t, instances, addr)
	passed := answered[0][200] + answered[1][200]
	bound := sharedBurst + int(float64(sharedRate)*elapsed.Minutes()) + 1
	t.Logf("in %s: instance 1 answered %v, instance 2 %v; %d passed, bound %d", elapsed.Round(time.Millisecond), answered[0], answered[1], passed, bound)
	if passed > bound {
		t.Errorf("%d requests passed in %s, want at most %d (burst %d + %d/min)", passed, elapsed, bound, sharedBurst, sharedRate)
	}
	if passed < sharedBurst {
		t.Errorf("%d requests passed, want at least the burst of %d", passed, sharedBurst)
	}
	for n := range instances {
		if answered[n][429] == 0 {
			t.Errorf("instance %d refused nothing: %v", n+1, answered[n])
		}
	}
}

// hammer sends GET /v1/providers from addr to every instance, on
// hammerWorkers connections each, for hammerFor, and returns the count of
// each status by instance and the time from the first request to the last
// answer.
func hammer(t *testing.T, instances []*server, addr string) (answered []map[int]int, elapsed time.Duration) {
	t.Helper()
	var (
		mu    sync.Mutex
		fails failures
		wg    sync.WaitGroup
		last  time.Time
	)
	answered = make([]map[int]int, len(instances))
	start := time.Now()
	for n, s := range instances {
		answered[n] = map[int]int{}
		c := newClient(s.URL, hammerClientTO, hammerWorkers)
		defer c.Close()
		for range hammerWorkers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Since(start) < hammerFor {
					a, err := c.Get("/v1/providers?limit=5", from(addr)...)
					done := time.Now()
					if err != nil {
						fails.Add("instance %d: %v", n+1, err)
						continue
					}
					if err := checkRateLimited(a); err != nil {
						fails.Add("instance %d: %v", n+1, err)
					}
					mu.Lock()
					answered[n][a.Status]++
					if done.After(last) {
						last = done
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if err := fails.Err(); err != nil {
		t.Error(err)
	}
	return answered, last.Sub(start)
}

// checkRateLimited checks an answer of a rate-limited endpoint: 200 or
// 429 rate_limited, both with RateLimit-* headers, a 429 with Retry-After.
func checkRateLimited(a answer) error {
	if err := checkAnswer(a); err != nil {
		return err
	}
	if a.Status != 200 && (a.Status != 429 || a.Code() != "rate_limited") {
		return fmt.Errorf("want 200 or 429 rate_limited, got %s", a)
	}
	if got := a.Header.Get("RateLimit-Limit"); got != strconv.Itoa(sharedBurst) {
		return fmt.Errorf("RateLimit-Limit %q, want %d", got, sharedBurst)
	}
	for _, h := range []string{"RateLimit-Remaining", "RateLimit-Reset"} {
		if n, err := strconv.Atoi(a.Header.Get(h)); err != nil || n < 0 {
			return fmt.Errorf("%s %q, want a count", h, a.Header.Get(h))
		}
	}
	if a.Status == 429 {
		if n, err := strconv.Atoi(a.Header.Get("Retry-After")); err != nil || n < 1 || n > 60 {
			return fmt.Errorf("429 with Retry-After %q, want 1 to 60 seconds", a.Header.Get("Retry-After"))
		}
		if a.Header.Get("RateLimit-Remaining") != "0" {
			return fmt.Errorf("429 with RateLimit-Remaining %q, want 0", a.Header.Get("RateLimit-Remaining"))
		}
	}
	return nil
}

// deleteRateKeys deletes the rate limit keys the servers made for addr
// ("rate:" "rendezvous:ratelimit:" class ":" addr): the servers' keys sit
// under the fixed prefix "rendezvous:", so the test deletes exactly its
// own rather than a prefix other runs may share.
func deleteRateKeys(t testing.TB, redisURL, addr string) {
	opt, err := goredis.ParseURL(redisURL)
	if err != nil {
		t.Errorf("redis URL: %v", err)
		return
	}
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	rdb := goredis.NewClient(opt)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := rdb.Scan(ctx, 0, "rate:rendezvous:ratelimit:*:"+addr, 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Errorf("scan the test's rate limit keys: %v", err)
		return
	}
	if len(keys) == 0 {
		t.Errorf("no rate limit key for %s in Redis: were the limits counted there?", addr)
		return
	}
	if err := rdb.Del(ctx, keys...).Err(); err != nil {
		t.Errorf("delete the test's rate limit keys: %v", err)
	}
}
