package redistest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/redis/redistest"
)

// TestClient fills a test's prefix with sessions and rate limits, then
// checks that its keys went with the test.
func TestClient(t *testing.T) {
	ctx := context.Background()
	var prefix string
	t.Run("Test", func(t *testing.T) {
		c, p := redistest.Client(t)
		prefix = p
		if !strings.HasPrefix(prefix, "rdvtest:") {
			t.Fatalf("prefix %q", prefix)
		}
		st := c.Sessions(prefix, rendezvous.DefaultSessionLimits(), nil)
		if err := st.Create(ctx, &rendezvous.Session{ID: "s", Client: "c"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.RateLimiter(prefix).Allow(ctx, "k", rendezvous.Rate{Count: 1, Period: time.Minute, Burst: 1}); err != nil {
			t.Fatal(err)
		}
		if n := countKeys(t, prefix); n < 4 {
			t.Fatalf("%d keys under the prefix, want 4", n)
		}
	})
	if prefix == "" {
		return // skipped or failed
	}
	if n := countKeys(t, prefix); n != 0 {
		t.Errorf("%d keys of prefix %s left behind", n, prefix)
	}
}

func countKeys(t *testing.T, prefix string) int {
	t.Helper()
	opt, err := goredis.ParseURL(os.Getenv(redistest.EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	rdb := goredis.NewClient(opt)
	defer rdb.Close()
	n := 0
	for _, pattern := range redistest.Patterns(prefix) {
		keys, err := rdb.Keys(context.Background(), pattern).Result()
		if err != nil {
			t.Fatal(err)
		}
		n += len(keys)
	}
	return n
}

func TestClientSkipsWithoutServer(t *testing.T) {
	if os.Getenv(redistest.EnvURL) != "" {
		t.Skip(redistest.EnvURL + " is set")
	}
	var skipped bool
	t.Run("Test", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		redistest.Client(t)
	})
	if !skipped {
		t.Error("Client did not skip without a server")
	}
}

// TestClientFailsWhenUnreachable runs TestUnreachableChild in a child
// process whose server URL points nowhere: it must fail, not skip.
func TestClientFailsWhenUnreachable(t *testing.T) {
	if os.Getenv("REDISTEST_CHILD") != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnreachableChild$", "-test.v")
	cmd.Env = append(os.Environ(), "REDISTEST_CHILD=1", redistest.EnvURL+"=redis://127.0.0.1:1/0")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--- FAIL: TestUnreachableChild") {
		t.Errorf("child with an unreachable server did not fail (%v):\n%s", err, out)
	}
}

func TestUnreachableChild(t *testing.T) {
	if os.Getenv("REDISTEST_CHILD") == "" {
		t.Skip("runs only as TestClientFailsWhenUnreachable's child")
	}
	redistest.Client(t)
}
