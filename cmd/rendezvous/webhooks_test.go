package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// TestWebhookAndFeedOverHTTP registers a webhook through the admin API,
// books through the public API, and checks that a delivery signed as the
// Standard Webhooks specification says reaches a receiver in the test;
// then subscribes to the provider's calendar feed. On both stores.
func TestWebhookAndFeedOverHTTP(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) { testWebhookAndFeed(t, sc.url(t)) })
	}
}

func testWebhookAndFeed(t *testing.T, db string) {
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": db, "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
		"RENDEZVOUS_MAILBOX_DIR": filepath.Join(t.TempDir(), "mail"), "RENDEZVOUS_JOB_POLL_INTERVAL": "50ms", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	admin := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}

	type delivery struct {
		header  http.Header
		body    []byte
		payload webhook.Payload
	}
	var (
		mu  sync.Mutex
		got []delivery
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		d := delivery{header: r.Header.Clone(), body: body}
		if err := json.Unmarshal(body, &d.payload); err != nil {
			t.Errorf("payload: %v", err)
		}
		mu.Lock()
		got = append(got, d)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	s := startServer(t, env)

	var ep httpapi.WebhookEndpointJSON
	if st := s.call(t, "POST", "/v1/admin/webhooks", `{"url":"`+receiver.URL+`/rdv","description":"Agenda"}`, &ep, admin...); st != 201 {
		t.Fatalf("register: %d", st)
	}
	if !strings.HasPrefix(ep.Secret, "whsec_") || !ep.Enabled {
		t.Fatalf("registered: %+v", ep)
	}
	if st, code := s.callCode(t, "POST", "/v1/admin/webhooks", `{"url":"ftp://example.com/x"}`, nil, admin...); st != 422 {
		t.Errorf("an ftp URL: %d %s", st, code)
	}
	if st := s.call(t, "POST", "/v1/admin/webhooks", `{"url":"https://example.com/x","events":["booking.deleted"]}`, nil, admin...); st != 422 {
		t.Errorf("an unknown event: %d", st)
	}

	b := bookSlot(t, s, 0, "Hortense Vandermolen", "hortense@example.org", "06 47 82 19 36")
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no webhook within 20 s of the booking")
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	d := got[0]
	mu.Unlock()
	wh, err := standardwebhooks.NewWebhook(ep.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(d.body, d.header); err != nil {
		t.Fatalf("the signature does not verify: %v", err)
	}
	if d.payload.Type != webhook.BookingCreated || d.payload.Data.ID != b.ID || d.payload.Data.Customer.Email != "hortense@example.org" {
		t.Fatalf("payload: %s", d.body)
	}

	// The log shows it delivered, with its attempt and body.
	var page httpapi.WebhookDeliveryListJSON
	deadline = time.Now().Add(10 * time.Second)
	for len(page.Deliveries) == 0 || page.Deliveries[0].State != "delivered" {
		if time.Now().After(deadline) {
			t.Fatalf("deliveries: %+v", page.Deliveries)
		}
		time.Sleep(20 * time.Millisecond)
		if st := s.call(t, "GET", "/v1/admin/webhooks/"+ep.ID+"/deliveries", "", &page, admin...); st != 200 {
			t.Fatalf("deliveries: %d", st)
		}
	}
	if page.Deliveries[0].ID != d.header.Get("webhook-id") {
		t.Fatalf("delivery %s, webhook-id %s", page.Deliveries[0].ID, d.header.Get("webhook-id"))
	}
	var one httpapi.WebhookDeliveryJSON
	if st := s.call(t, "GET", "/v1/admin/webhooks/"+ep.ID+"/deliveries/"+page.Deliveries[0].ID, "", &one, admin...); st != 200 || len(one.Log) != 1 || one.Payload == nil {
		t.Fatalf("delivery: %d %+v", st, one)
	}

	t.Run("CalendarFeed", func(t *testing.T) {
		base := fmt.Sprintf("/v1/admin/providers/%d/calendar-feed", d.payload.Data.ProviderID)
		var f httpapi.CalendarFeedJSON
		if st := s.call(t, "POST", base, "", &f, admin...); st != 201 || f.ContactDetails || !strings.HasPrefix(f.URL, "https://rdv.example/v1/feeds/") {
			t.Fatalf("issue: %d %+v", st, f)
		}
		path := strings.TrimPrefix(f.URL, "https://rdv.example")
		resp := rawGet(t, s.url+path, "")
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || resp.Header.Get("ETag") == "" {
			t.Fatalf("feed: %d %v", resp.StatusCode, resp.Header)
		}
		if !strings.Contains(string(body), "UID:"+b.ID) || strings.Contains(string(body), "hortense@example.org") {
			t.Fatalf("feed (the booking, without contact details):\n%s", body)
		}
		again := rawGet(t, s.url+path, resp.Header.Get("ETag"))
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Fatalf("If-None-Match with the ETag: %d, want 304", again.StatusCode)
		}
		if st := s.call(t, "DELETE", base, "", nil, admin...); st != 204 {
			t.Fatalf("revoke: %d", st)
		}
		gone := rawGet(t, s.url+path, "")
		gone.Body.Close()
		if gone.StatusCode != 404 {
			t.Fatalf("a revoked feed: %d, want 404", gone.StatusCode)
		}
	})

	body := s.get(t, "/metrics", admin...)
	for _, want := range []string{`rendezvous_webhook_attempts_total{event="booking.created",outcome="ok"} 1`,
		`rendezvous_webhook_deliveries_pending`, `rendezvous_webhook_endpoints_disabled 0`, `rendezvous_webhook_delivery_seconds_count{event="booking.created"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// rawGet fetches url with plain HTTP (a calendar client), with
// If-None-Match when etag is set.
func rawGet(t *testing.T, url, etag string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
