package httpapi_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// countingCheck is a check that takes a while and counts its runs.
func countingCheck(runs *atomic.Int64, err error) func(context.Context) error {
	return func(ctx context.Context) error {
		runs.Add(1)
		time.Sleep(20 * time.Millisecond)
		return err
	}
}

// TestReadyzRunsChecksOnceForManyCallers: a flood of /readyz, concurrent
// or one after the other, runs the dependency checks once per cache
// period, not once per request.
func TestReadyzRunsChecksOnceForManyCallers(t *testing.T) {
	var runs atomic.Int64
	f := newFixture(t, func(c *httpapi.Config) {
		c.Checks = []httpapi.Check{{Name: "database", Required: true, Check: countingCheck(&runs, nil)}}
		c.ReadyCacheTTL = 300 * time.Millisecond
	})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if r := f.do(t, "GET", "/readyz", "", ""); r.status != 200 {
				t.Errorf("readyz: %d %s", r.status, r.raw)
			}
		})
	}
	wg.Wait()
	for range 50 {
		f.do(t, "GET", "/readyz", "", "")
	}
	if n := runs.Load(); n < 1 || n > 2 {
		t.Fatalf("100 calls to /readyz ran the checks %d times, want 1 (2 at worst if the period ended)", n)
	}
	time.Sleep(350 * time.Millisecond)
	before := runs.Load()
	f.do(t, "GET", "/readyz", "", "")
	if runs.Load() != before+1 {
		t.Fatalf("after the cache period the checks did not run again")
	}
}

// TestReadyzKeepsDetailsPrivate: the public /readyz names each check up
// or down and nothing more; the error text of a check (which names the
// address it dialled) goes to the admin-keyed variant and the metrics
// listener's handler only.
func TestReadyzKeepsDetailsPrivate(t *testing.T) {
	const secret = "dial tcp 10.9.8.7:6379: connect: connection refused"
	var runs atomic.Int64
	f := newFixture(t, func(c *httpapi.Config) {
		c.Checks = append(c.Checks, httpapi.Check{Name: "redis", Required: true, Check: countingCheck(&runs, errors.New(secret))})
	})
	pub := f.do(t, "GET", "/readyz", "", "")
	if pub.status != 503 || pub.body["status"] != "unavailable" || !strings.Contains(pub.raw, `{"name":"redis","status":"down"}`) {
		t.Fatalf("public readyz: %d %s", pub.status, pub.raw)
	}
	for _, leak := range []string{"10.9.8.7", "6379", "refused", "dial", "latency", "error"} {
		if strings.Contains(pub.raw, leak) {
			t.Errorf("public readyz shows %q: %s", leak, pub.raw)
		}
	}
	if r := f.do(t, "GET", "/v1/admin/readyz", "", ""); r.status != 401 || strings.Contains(r.raw, "10.9.8.7") {
		t.Fatalf("admin readyz without a key: %d %s", r.status, r.raw)
	}
	adm := f.do(t, "GET", "/v1/admin/readyz", "", "", "Authorization", "Bearer "+f.adminKey)
	if adm.status != 503 || !strings.Contains(adm.raw, secret) || !strings.Contains(adm.raw, "latency_ms") {
		t.Fatalf("admin readyz: %d %s", adm.status, adm.raw)
	}
	rec := httptest.NewRecorder()
	f.srv.ReadinessHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), secret) {
		t.Fatalf("metrics listener's readyz: %d %s", rec.Code, rec.Body)
	}
}
