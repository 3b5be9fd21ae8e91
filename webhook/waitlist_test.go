package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// TestWaitlistEvents: each waitlist change's event reaches, signed, the
// endpoints that want it — those of the provider concerned and those of
// every provider; an entry for a kind in a city only the latter — and no
// other endpoint; no body holds the customer's name or contact details.
func TestWaitlistEvents(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) { testWaitlistEvents(t, backend) })
	}
}

func testWaitlistEvents(t *testing.T, backend string) {
	ctx := context.Background()
	r := newRigOn(t, backend, nil)
	other := &rendezvous.Provider{Name: "Cabinet Martin", Kind: rendezvous.KindDentist, City: "Lyon", Address: "2 rue de la République",
		TimeZone: "Europe/Paris", Languages: []string{"fr"}, Policy: r.provider.Policy, Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := r.store.CreateProvider(ctx, other); err != nil {
		t.Fatal(err)
	}
	endpoint := func(spec webhook.Spec) *receiver {
		rc := newReceiver(t)
		spec.URL = rc.srv.URL
		ep, err := r.svc.Create(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		rc.trust(ep.Secret)
		return rc
	}
	every := endpoint(webhook.Spec{})
	mine := endpoint(webhook.Spec{ProviderIDs: []int64{r.provider.ID},
		Events: []webhook.EventType{webhook.WaitlistJoined, webhook.WaitlistOffered, webhook.WaitlistLeft}})
	theirs := endpoint(webhook.Spec{ProviderIDs: []int64{other.ID}})
	bookingsOnly := endpoint(webhook.Spec{Events: []webhook.EventType{webhook.BookingCreated, webhook.BookingCancelled}})

	now := time.Now()
	plan := webhook.WaitlistPlanner{}
	entry := func(id string, providerID int64) *rendezvous.WaitlistEntry {
		e := &rendezvous.WaitlistEntry{ID: id, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "+33612345678"},
			Language: "fr", From: now, To: now.Add(7 * 24 * time.Hour), DayFrom: 8 * 60, DayTo: 12 * 60, ExpiresAt: now.Add(7 * 24 * time.Hour)}
		if providerID != 0 {
			e.ProviderID = providerID
		} else {
			e.Kind, e.City = rendezvous.KindDentist, "Lyon"
		}
		return e
	}
	joined := func(e *rendezvous.WaitlistEntry) []booking.Job { return plan.Joined(e, now) }
	left := func(reason string) func(e *rendezvous.WaitlistEntry) []booking.Job {
		return func(e *rendezvous.WaitlistEntry) []booking.Job { return plan.Left(e, reason, now) }
	}
	forMe, forLyon := entry("WL-PROVIDER01", r.provider.ID), entry("WL-KINDCITY01", 0)
	for _, e := range []*rendezvous.WaitlistEntry{forMe, forLyon} {
		if err := r.store.CreateWaitlistEntry(ctx, e, 5, now, joined); err != nil {
			t.Fatal(err)
		}
	}
	start := now.Add(48 * time.Hour).Truncate(time.Hour)
	offer := &rendezvous.WaitlistOffer{ID: "WO-OFFER0000000001", EntryID: forLyon.ID, ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
		Start: start, CreatedAt: now, ExpiresAt: now.Add(rendezvous.WaitlistOfferLifetime)}
	offered := func(o *rendezvous.WaitlistOffer) []booking.Job { return plan.Offered(forLyon, o, r.provider, now) }
	if _, err := r.store.CreateWaitlistOffer(ctx, offer, offered); err != nil {
		t.Fatal(err)
	}
	// The same slot offered again is no new offer, and no new event.
	again := *offer
	again.ID = "WO-OFFER0000000002"
	if _, err := r.store.CreateWaitlistOffer(ctx, &again, offered); err != nil {
		t.Fatal(err)
	}
	if err := r.store.DeleteWaitlistEntry(ctx, forMe.ID, "marie@example.com", left(rendezvous.WaitlistWithdrawn)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.EraseWaitlist(ctx, "marie@example.com", left(rendezvous.WaitlistErased)); err != nil {
		t.Fatal(err)
	}

	type event struct{ Type, Entry, Reason, Offer string }
	eventsOf := func(rc *receiver) []event {
		var out []event
		for _, g := range rc.received() {
			if !g.Verified[0] {
				t.Errorf("delivery %s (%s) is not signed with its endpoint's secret", g.ID, g.Type)
			}
			for _, pii := range []string{"Marie", "marie@example.com", "612345678"} {
				if bytes.Contains(g.Body, []byte(pii)) {
					t.Errorf("a %s body holds the customer's %q: %s", g.Type, pii, g.Body)
				}
			}
			var p webhook.WaitlistPayload
			if err := json.Unmarshal(g.Body, &p); err != nil {
				t.Fatal(err)
			}
			ev := event{Type: string(p.Type), Entry: p.Data.ID, Reason: p.Data.Reason}
			if p.Data.Offer != nil {
				ev.Offer = p.Data.Offer.ID
				if p.Data.Offer.ProviderName != r.provider.Name || !p.Data.Offer.Start.Equal(start) || p.Data.Offer.TimeZone != "Europe/Paris" {
					t.Errorf("offer = %+v", p.Data.Offer)
				}
			}
			out = append(out, ev)
		}
		return out
	}
	eventually(t, "the events for every provider", func() bool { return len(every.received()) >= 5 })
	eventually(t, "the provider's events", func() bool { return len(mine.received()) >= 3 })
	// Each fan-out makes every endpoint's delivery at once: what the
	// others got by now is all they will get.
	time.Sleep(200 * time.Millisecond)
	sorted := cmpopts.SortSlices(func(a, b event) bool { return a.Type+a.Entry < b.Type+b.Entry })
	want := []event{
		{Type: "waitlist.joined", Entry: forMe.ID},
		{Type: "waitlist.joined", Entry: forLyon.ID},
		{Type: "waitlist.offered", Entry: forLyon.ID, Offer: offer.ID},
		{Type: "waitlist.left", Entry: forMe.ID, Reason: "withdrawn"},
		{Type: "waitlist.left", Entry: forLyon.ID, Reason: "erased"},
	}
	if diff := cmp.Diff(want, eventsOf(every), sorted); diff != "" {
		t.Errorf("an endpoint of every provider and event got (-want +got):\n%s", diff)
	}
	wantMine := []event{want[0], want[2], want[3]}
	if diff := cmp.Diff(wantMine, eventsOf(mine), sorted); diff != "" {
		t.Errorf("the provider's endpoint got (-want +got):\n%s", diff)
	}
	for name, rc := range map[string]*receiver{"another provider's endpoint": theirs, "an endpoint of booking events": bookingsOnly} {
		if got := rc.received(); len(got) != 0 {
			t.Errorf("%s got %d deliveries, want none", name, len(got))
		}
	}
}
