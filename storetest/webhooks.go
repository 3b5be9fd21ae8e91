package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/feed"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// WebhookStore is a store with webhooks and calendar feeds.
type WebhookStore interface {
	booking.Store
	webhook.Store
	feed.Store
}

// RunWebhooks runs the contract of webhook.Store and feed.Store.
func RunWebhooks(t *testing.T, open func(t *testing.T) WebhookStore) {
	t.Run("Endpoints", func(t *testing.T) { testWebhookEndpoints(t, open(t)) })
	t.Run("Deliveries", func(t *testing.T) { testWebhookDeliveries(t, open(t)) })
	t.Run("ErasureEmptiesPayloads", func(t *testing.T) { testWebhookErasure(t, open(t)) })
	t.Run("CalendarFeeds", func(t *testing.T) { testCalendarFeeds(t, open(t)) })
}

func newEndpoint(id string, now time.Time) *webhook.Endpoint {
	return &webhook.Endpoint{ID: id, URL: "https://hooks.example.com/" + id, Description: "Agenda sync", ProviderIDs: []int64{3, 1},
		Events: []webhook.EventType{webhook.BookingCreated, webhook.BookingCancelled}, Secret: "whsec_" + id,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
}

func testWebhookEndpoints(t *testing.T, s WebhookStore) {
	ctx := context.Background()
	now := fixedNow(t).UTC()
	a, b := newEndpoint("wh_a", now), newEndpoint("wh_b", now.Add(time.Second))
	b.ProviderIDs, b.Events = nil, nil
	for _, ep := range []*webhook.Endpoint{a, b} {
		if err := s.CreateWebhookEndpoint(ctx, ep); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.WebhookEndpoint(ctx, "wh_a")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, got); d != "" {
		t.Fatalf("endpoint read back (-want +got):\n%s", d)
	}
	all, err := s.WebhookEndpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]*webhook.Endpoint{a, b}, all); d != "" {
		t.Fatalf("endpoints, oldest first (-want +got):\n%s", d)
	}
	// Rotation and disabling are writes of the whole endpoint.
	exp, off := now.Add(24*time.Hour), now.Add(time.Hour)
	a.PreviousSecret, a.PreviousExpiresAt, a.Secret = a.Secret, &exp, "whsec_new"
	a.DisabledAt, a.DisabledReason, a.URL, a.Events = &off, webhook.DisabledByOperator, "https://other.example.com/x", nil
	a.UpdatedAt = off
	if err := s.UpdateWebhookEndpoint(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, err = s.WebhookEndpoint(ctx, "wh_a"); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, got); d != "" {
		t.Fatalf("endpoint updated (-want +got):\n%s", d)
	}
	wantCode(t, s.UpdateWebhookEndpoint(ctx, newEndpoint("wh_none", now)), rendezvous.ENOTFOUND)
	_, err = s.WebhookEndpoint(ctx, "wh_none")
	wantCode(t, err, rendezvous.ENOTFOUND)
	// Disabling for failure: only an enabled endpoint that accepted
	// nothing since the delivery began.
	if ok, err := s.DisableFailingWebhookEndpoint(ctx, "wh_a", now, now); err != nil || ok {
		t.Fatalf("disabling a disabled endpoint = %v, %v", ok, err)
	}
	if ok, err := s.DisableFailingWebhookEndpoint(ctx, "wh_b", now, now.Add(2*time.Hour)); err != nil || !ok {
		t.Fatalf("disabling a failing endpoint = %v, %v", ok, err)
	}
	if got, _ = s.WebhookEndpoint(ctx, "wh_b"); got.DisabledAt == nil || got.DisabledReason != webhook.DisabledFailing {
		t.Fatalf("failing endpoint = %+v", got)
	}
	st, err := s.WebhookStats(ctx)
	if err != nil || st.Disabled != 2 {
		t.Fatalf("stats = %+v, %v; want 2 disabled", st, err)
	}
	if err := s.DeleteWebhookEndpoint(ctx, "wh_a"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteWebhookEndpoint(ctx, "wh_a"), rendezvous.ENOTFOUND)
}

func testWebhookDeliveries(t *testing.T, s WebhookStore) {
	ctx := context.Background()
	now := fixedNow(t).UTC()
	ep := newEndpoint("wh_a", now)
	if err := s.CreateWebhookEndpoint(ctx, ep); err != nil {
		t.Fatal(err)
	}
	var ds []*webhook.Delivery
	for i := range 3 {
		ds = append(ds, &webhook.Delivery{ID: fmt.Sprintf("msg_%d", i), EndpointID: ep.ID, Event: webhook.BookingCreated,
			BookingID: fmt.Sprintf("RDV-%d", i), Payload: []byte(`{"n":` + fmt.Sprint(i) + `}`), State: webhook.StatePending,
			CreatedAt: now.Add(time.Duration(i) * time.Second)})
	}
	jobs := 0
	jobOf := func(d *webhook.Delivery) booking.Job {
		jobs++
		return booking.Job{Kind: webhook.KindDeliver, BookingID: d.BookingID, Ref: d.ID, Queue: webhook.Queue}
	}
	if n, err := s.CreateWebhookDeliveries(ctx, ds, jobOf); err != nil || n != 3 || jobs != 3 {
		t.Fatalf("CreateWebhookDeliveries = %d, %v (%d jobs)", n, err, jobs)
	}
	// A fan-out that runs again makes nothing new.
	if n, err := s.CreateWebhookDeliveries(ctx, ds, jobOf); err != nil || n != 0 || jobs != 3 {
		t.Fatalf("CreateWebhookDeliveries again = %d, %v (%d jobs)", n, err, jobs)
	}
	got, err := s.WebhookDelivery(ctx, "msg_1")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(ds[1], got); d != "" {
		t.Fatalf("delivery read back (-want +got):\n%s", d)
	}
	// Pages, newest first.
	page, err := s.WebhookDeliveries(ctx, webhook.DeliveryPage{EndpointID: ep.ID, Limit: 2})
	if err != nil || len(page) != 2 || page[0].ID != "msg_2" || page[1].ID != "msg_1" {
		t.Fatalf("first page = %v, %v", ids(page), err)
	}
	page, err = s.WebhookDeliveries(ctx, webhook.DeliveryPage{EndpointID: ep.ID, Before: "msg_1", Limit: 2})
	if err != nil || len(page) != 1 || page[0].ID != "msg_0" {
		t.Fatalf("second page = %v, %v", ids(page), err)
	}
	// A failed attempt, then one that succeeds.
	t1, t2 := now.Add(time.Minute), now.Add(2*time.Minute)
	if err := s.RecordWebhookAttempt(ctx, webhook.Attempt{DeliveryID: "msg_0", At: t1, Status: 503, Error: "webhook: answered 503", Duration: 120 * time.Millisecond}, webhook.StatePending); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordWebhookAttempt(ctx, webhook.Attempt{DeliveryID: "msg_0", At: t2, Status: 204, Duration: 30 * time.Millisecond}, webhook.StateDelivered); err != nil {
		t.Fatal(err)
	}
	got, _ = s.WebhookDelivery(ctx, "msg_0")
	if got.State != webhook.StateDelivered || got.Attempts != 2 || got.LastStatus != 204 || got.LastError != "" ||
		got.DeliveredAt == nil || !got.DeliveredAt.Equal(t2) || !got.LastAttemptAt.Equal(t2) {
		t.Fatalf("delivered = %+v", got)
	}
	attempts, err := s.WebhookAttempts(ctx, "msg_0")
	if err != nil {
		t.Fatal(err)
	}
	want := []webhook.Attempt{
		{DeliveryID: "msg_0", At: t1, Status: 503, Error: "webhook: answered 503", Duration: 120 * time.Millisecond},
		{DeliveryID: "msg_0", At: t2, Status: 204, Duration: 30 * time.Millisecond},
	}
	if d := cmp.Diff(want, attempts); d != "" {
		t.Fatalf("attempts (-want +got):\n%s", d)
	}
	if e, _ := s.WebhookEndpoint(ctx, ep.ID); e.LastSuccessAt == nil || !e.LastSuccessAt.Equal(t2) {
		t.Fatalf("endpoint's last success = %v", e.LastSuccessAt)
	}
	// An endpoint that accepted a delivery since is not disabled.
	if ok, err := s.DisableFailingWebhookEndpoint(ctx, ep.ID, now, now.Add(time.Hour)); err != nil || ok {
		t.Fatalf("disabling an endpoint that succeeded since = %v, %v", ok, err)
	}
	wantCode(t, s.RecordWebhookAttempt(ctx, webhook.Attempt{DeliveryID: "msg_none", At: t1}, webhook.StatePending), rendezvous.ENOTFOUND)
	// Replay makes it pending again; skipping only skips the pending.
	if err := s.ReplayWebhookDelivery(ctx, "msg_0", jobOf(got)); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.WebhookDelivery(ctx, "msg_0"); got.State != webhook.StatePending || got.Attempts != 2 {
		t.Fatalf("replayed = %+v", got)
	}
	wantCode(t, s.ReplayWebhookDelivery(ctx, "msg_none", jobOf(got)), rendezvous.ENOTFOUND)
	if err := s.SkipWebhookDelivery(ctx, "msg_2"); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.WebhookDelivery(ctx, "msg_2"); got.State != webhook.StateSkipped {
		t.Fatalf("skipped = %+v", got)
	}
	if st, err := s.WebhookStats(ctx); err != nil || st.Pending != 2 {
		t.Fatalf("stats = %+v, %v; want 2 pending", st, err)
	}
	// The sweep takes the old ones that are over, with their attempts.
	n, err := s.SweepWebhookDeliveries(ctx, now.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("sweep = %d, %v; want the skipped one", n, err)
	}
	_, err = s.WebhookDelivery(ctx, "msg_2")
	wantCode(t, err, rendezvous.ENOTFOUND)
	// Deleting the endpoint takes its deliveries.
	if err := s.DeleteWebhookEndpoint(ctx, ep.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.WebhookDelivery(ctx, "msg_0")
	wantCode(t, err, rendezvous.ENOTFOUND)
	if a, err := s.WebhookAttempts(ctx, "msg_0"); err != nil || len(a) != 0 {
		t.Fatalf("attempts of a deleted endpoint = %v, %v", a, err)
	}
}

func ids(ds []*webhook.Delivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func testWebhookErasure(t *testing.T, s WebhookStore) {
	ctx := context.Background()
	now := fixedNow(t)
	p := mustProvider(t, s, "Cabinet A")
	b := newBooking(p, at(t, "2026-11-24 09:00"))
	if err := s.CreateBooking(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	ep := newEndpoint("wh_a", now)
	if err := s.CreateWebhookEndpoint(ctx, ep); err != nil {
		t.Fatal(err)
	}
	mk := func(id string) *webhook.Delivery {
		return &webhook.Delivery{ID: id, EndpointID: ep.ID, Event: webhook.BookingCreated, BookingID: b.ID,
			Payload: []byte(`{"customer":"Marie Curie"}`), State: webhook.StatePending, CreatedAt: now.UTC()}
	}
	jobOf := func(d *webhook.Delivery) booking.Job {
		return booking.Job{Kind: webhook.KindDeliver, Ref: d.ID, Queue: webhook.Queue}
	}
	if _, err := s.CreateWebhookDeliveries(ctx, []*webhook.Delivery{mk("msg_sent"), mk("msg_waiting")}, jobOf); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordWebhookAttempt(ctx, webhook.Attempt{DeliveryID: "msg_sent", At: now, Status: 200}, webhook.StateDelivered); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseBooking(ctx, b.ID, b.TokenVersion, now); err != nil {
		t.Fatal(err)
	}
	for id, state := range map[string]webhook.DeliveryState{"msg_sent": webhook.StateDelivered, "msg_waiting": webhook.StateSkipped} {
		d, err := s.WebhookDelivery(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Payload != nil || d.State != state {
			t.Errorf("%s after erasure: payload %q, state %s; want none, %s", id, d.Payload, d.State, state)
		}
	}
}

func testCalendarFeeds(t *testing.T, s WebhookStore) {
	ctx := context.Background()
	now := fixedNow(t).UTC()
	p := mustProvider(t, s, "Cabinet A")
	f := &feed.Feed{ProviderID: p.ID, TokenHash: "aaaa", CreatedAt: now, UpdatedAt: now}
	if err := s.PutCalendarFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	for name, get := range map[string]func() (*feed.Feed, error){
		"ByProvider": func() (*feed.Feed, error) { return s.CalendarFeed(ctx, p.ID) },
		"ByToken":    func() (*feed.Feed, error) { return s.CalendarFeedByToken(ctx, "aaaa") },
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := cmp.Diff(f, got); d != "" {
			t.Fatalf("%s (-want +got):\n%s", name, d)
		}
	}
	// A rotation replaces the token: the old one reads nothing.
	rotated := &feed.Feed{ProviderID: p.ID, TokenHash: "bbbb", ContactDetails: true, CreatedAt: now.Add(time.Hour), UpdatedAt: now.Add(time.Hour)}
	if err := s.PutCalendarFeed(ctx, rotated); err != nil {
		t.Fatal(err)
	}
	_, err := s.CalendarFeedByToken(ctx, "aaaa")
	wantCode(t, err, rendezvous.ENOTFOUND)
	got, err := s.CalendarFeedByToken(ctx, "bbbb")
	if err != nil || !got.ContactDetails || !got.CreatedAt.Equal(now) || !got.UpdatedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("rotated feed = %+v, %v (created_at kept, updated_at moved)", got, err)
	}
	if err := s.DeleteCalendarFeed(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.CalendarFeedByToken(ctx, "bbbb")
	wantCode(t, err, rendezvous.ENOTFOUND)
	_, err = s.CalendarFeed(ctx, p.ID)
	wantCode(t, err, rendezvous.ENOTFOUND)
	wantCode(t, s.DeleteCalendarFeed(ctx, p.ID), rendezvous.ENOTFOUND)
}
