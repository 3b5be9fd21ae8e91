package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/storetest"
	"github.com/rendezvous-oss/rendezvous/waitlist"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// receiver is a provider's system: it verifies every delivery with the
// specification's library and the secrets it was given, and answers what
// the test says.
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	status  atomic.Int32
	mu      sync.Mutex
	secrets []string
	got     []received
}

type received struct {
	ID       string
	Type     string
	Verified []bool // one per secret
	Body     []byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.status.Store(http.StatusNoContent)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Error(err)
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			t.Errorf("payload: %v", err)
		}
		r.mu.Lock()
		rec := received{ID: req.Header.Get("webhook-id"), Type: string(p.Type), Body: body}
		for _, s := range r.secrets {
			wh, err := standardwebhooks.NewWebhook(s)
			if err != nil {
				t.Error(err)
			}
			rec.Verified = append(rec.Verified, wh.Verify(body, req.Header) == nil)
		}
		r.got = append(r.got, rec)
		r.mu.Unlock()
		w.WriteHeader(int(r.status.Load()))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) trust(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secrets = secrets
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// rig is a store, a queue working webhook jobs, and the administration.
type rig struct {
	store    rigStore
	svc      *webhook.Service
	provider *rendezvous.Provider
}

// rigStore is what the rig needs of a store: SQLite's or PostgreSQL's.
type rigStore interface {
	booking.Store
	webhook.Store
	waitlist.Store
}

type records struct{ s rigStore }

func (r records) BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error) {
	b, err := r.s.Booking(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := r.s.Provider(ctx, b.ProviderID)
	return b, p, err
}

func newRig(t *testing.T, schedule []time.Duration) *rig { return newRigOn(t, "sqlite", schedule) }

// newRigOn is a rig on backend: "sqlite", or "postgres" (skipped without
// RENDEZVOUS_TEST_POSTGRES_URL).
func newRigOn(t *testing.T, backend string, schedule []time.Duration) *rig {
	ctx := context.Background()
	var s interface {
		rigStore
		Migrate(context.Context) error
		Close() error
	}
	var err error
	switch backend {
	case "sqlite":
		s, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "rdv.db"))
	case "postgres":
		s, err = postgres.Open(ctx, pgtest.URL(t))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	r := &rig{store: s}
	w := &webhook.Worker{Store: s, Bookings: records{s}, Client: webhook.NewClient(&webhook.Guard{}, 2*time.Second, 0), Schedule: schedule}
	r.svc = &webhook.Service{Store: s, Guard: &webhook.Guard{}, Worker: w, Providers: s}
	qc := queue.Config{Workers: 1, PollInterval: 20 * time.Millisecond, Queues: map[string]int{webhook.Queue: 2}, Backoffs: w.Backoffs()}
	var run interface {
		Run(context.Context, time.Duration) error
	}
	switch st := s.(type) {
	case *sqlite.Store:
		run, err = queue.NewRunner(st.JobDriver(), qc, w.Handlers())
	case *postgres.Store:
		run, err = queue.NewRunner(st.JobDriver(), qc, w.Handlers())
	}
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run.Run(rctx, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	r.provider = &rendezvous.Provider{Name: "Cabinet Dupont", Kind: rendezvous.KindDentist, City: "Lyon", Address: "1 place Bellecour",
		TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Hour, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500}}}
	if err := s.CreateProvider(ctx, r.provider); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHours(ctx, r.provider.ID, storetest.AlwaysOpen()); err != nil {
		t.Fatal(err)
	}
	return r
}

var seq atomic.Int64

// book makes a booking whose change plans its webhook jobs, as the desk
// does.
func (r *rig) book(t *testing.T) *rendezvous.Booking {
	t.Helper()
	n := seq.Add(1)
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour).Add(time.Duration(n) * time.Hour)
	b := &rendezvous.Booking{ID: "RDV-HOOK" + time.Now().Format("150405") + string(rune('A'+n)), ProviderID: r.provider.ID,
		ServiceID: r.provider.Services[0].ID, Start: start,
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com"}}
	now := time.Now()
	err := r.store.CreateBooking(context.Background(), b, now, booking.WithJobs(func(b *rendezvous.Booking) booking.JobPlan {
		return webhook.Planner{}.Plan(booking.EventCreated, b, now)
	}))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// eventually waits up to 10 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *rig) deliveries(t *testing.T, ep string) []*webhook.Delivery {
	t.Helper()
	ds, err := r.store.WebhookDeliveries(context.Background(), webhook.DeliveryPage{EndpointID: ep, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestDeliveryIsSignedAndLogged(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	rc := newReceiver(t)
	ep, err := r.svc.Create(ctx, webhook.Spec{URL: rc.srv.URL + "/hooks", ProviderIDs: []int64{r.provider.ID}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := r.svc.Create(ctx, webhook.Spec{URL: rc.srv.URL + "/cancellations", Events: []webhook.EventType{webhook.BookingCancelled}})
	if err != nil {
		t.Fatal(err)
	}
	rc.trust(ep.Secret)
	b := r.book(t)
	eventually(t, "the delivery", func() bool { return len(rc.received()) == 1 })
	got := rc.received()[0]
	if got.Type != string(webhook.BookingCreated) || !got.Verified[0] {
		t.Fatalf("received %+v, want a verified booking.created", got)
	}
	eventually(t, "the log", func() bool {
		ds := r.deliveries(t, ep.ID)
		return len(ds) == 1 && ds[0].State == webhook.StateDelivered
	})
	d := r.deliveries(t, ep.ID)[0]
	if d.ID != got.ID || d.BookingID != b.ID || d.Attempts != 1 || d.LastStatus != http.StatusNoContent {
		t.Fatalf("delivery = %+v, received id %s", d, got.ID)
	}
	if n := len(r.deliveries(t, other.ID)); n != 0 {
		t.Fatalf("an endpoint for cancellations only got %d deliveries", n)
	}
}

func TestFailingEndpointIsRetriedThenDisabled(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, []time.Duration{10 * time.Millisecond, 20 * time.Millisecond})
	rc := newReceiver(t)
	rc.status.Store(http.StatusInternalServerError)
	ep, err := r.svc.Create(ctx, webhook.Spec{URL: rc.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	rc.trust(ep.Secret)
	r.book(t)
	eventually(t, "the endpoint disabled", func() bool {
		e, err := r.store.WebhookEndpoint(ctx, ep.ID)
		return err == nil && e.DisabledAt != nil
	})
	e, _ := r.store.WebhookEndpoint(ctx, ep.ID)
	if e.DisabledReason != webhook.DisabledFailing {
		t.Fatalf("disabled for %q, want failing", e.DisabledReason)
	}
	ds := r.deliveries(t, ep.ID)
	if len(ds) != 1 || ds[0].State != webhook.StateFailed || ds[0].Attempts != 3 || ds[0].LastStatus != 500 {
		t.Fatalf("deliveries = %+v; want one failed after 3 attempts", ds[0])
	}
	attempts, err := r.store.WebhookAttempts(ctx, ds[0].ID)
	if err != nil || len(attempts) != 3 {
		t.Fatalf("attempts = %+v, %v", attempts, err)
	}
	got := rc.received()
	if len(got) != 3 {
		t.Fatalf("the receiver saw %d attempts, want 3", len(got))
	}
	for _, g := range got {
		if g.ID != ds[0].ID || !g.Verified[0] {
			t.Fatalf("attempt %+v: want the same webhook-id %s every time, signed", g, ds[0].ID)
		}
	}
	// A disabled endpoint gets no new deliveries, and no replay until it
	// is enabled.
	r.book(t)
	time.Sleep(300 * time.Millisecond)
	if n := len(rc.received()); n != 3 {
		t.Fatalf("a disabled endpoint received %d requests, want still 3", n)
	}
	if _, err := r.svc.Replay(ctx, ep.ID, ds[0].ID); rendezvous.ErrorReasonOf(err) != "endpoint_disabled" {
		t.Fatalf("replay to a disabled endpoint = %v", err)
	}

	t.Run("Replay", func(t *testing.T) {
		rc.status.Store(http.StatusOK)
		on := true
		if _, err := r.svc.Update(ctx, ep.ID, webhook.Patch{Enabled: &on}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Replay(ctx, ep.ID, ds[0].ID); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the replay delivered", func() bool {
			d, err := r.store.WebhookDelivery(ctx, ds[0].ID)
			return err == nil && d.State == webhook.StateDelivered
		})
		got := rc.received()
		if last := got[len(got)-1]; last.ID != ds[0].ID || !last.Verified[0] {
			t.Fatalf("replayed %+v, want webhook-id %s again", last, ds[0].ID)
		}
		if _, err := r.svc.Replay(ctx, ep.ID, "msg_unknown"); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Fatalf("replay of an unknown delivery = %v", err)
		}
	})
}

func TestRotationSignsWithBothSecretsDuringTheGrace(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	rc := newReceiver(t)
	ep, err := r.svc.Create(ctx, webhook.Spec{URL: rc.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	old := ep.Secret
	// The receiver checks timestamps against its clock, so the grace
	// period is short and the test waits it out.
	rotated, err := r.svc.Rotate(ctx, ep.ID, 4*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Secret == old || rotated.PreviousSecret != old {
		t.Fatalf("rotated = %+v", rotated)
	}
	rc.trust(old, rotated.Secret)
	r.book(t)
	eventually(t, "a delivery in the grace period", func() bool { return len(rc.received()) == 1 })
	if v := rc.received()[0].Verified; !v[0] || !v[1] {
		t.Fatalf("during the grace period: verified with the old, new secret = %v, want both", v)
	}
	// Past the grace period only the new secret signs.
	time.Sleep(time.Until(*rotated.PreviousExpiresAt) + time.Second)
	r.book(t)
	eventually(t, "a delivery after the grace period", func() bool { return len(rc.received()) == 2 })
	if v := rc.received()[1].Verified; v[0] || !v[1] {
		t.Fatalf("after the grace period: verified with the old, new secret = %v, want only the new", v)
	}
	if _, err := r.svc.Rotate(ctx, ep.ID, 30*24*time.Hour); rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
		t.Fatalf("a 30-day grace = %v, want EINVALID", err)
	}
}

// TestErasureSendsCancellation: an erasure by address cancels the
// customer's bookings ahead, and each cancellation reaches the provider's
// endpoint, signed, with the customer left out; a booking in the past,
// erased too, cancels nothing and sends nothing.
func TestErasureSendsCancellation(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			r := newRigOn(t, backend, nil)
			rc := newReceiver(t)
			ep, err := r.svc.Create(ctx, webhook.Spec{URL: rc.srv.URL, Events: []webhook.EventType{webhook.BookingCancelled}})
			if err != nil {
				t.Fatal(err)
			}
			rc.trust(ep.Secret)
			ahead := r.book(t)
			past := &rendezvous.Booking{ID: "RDV-PAST" + time.Now().Format("150405"), ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
				Start: time.Now().Add(-48 * time.Hour).Truncate(time.Hour), Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com"}}
			if err := r.store.CreateBooking(ctx, past, time.Now().Add(-72*time.Hour)); err != nil {
				t.Fatal(err)
			}
			desk := booking.NewDesk(r.store, nil, booking.Options{Jobs: booking.Planners{notify.Planner{}, webhook.Planner{}}})
			er, err := desk.EraseByEmail(ctx, "marie@example.com")
			if err != nil || len(er.Bookings) != 2 {
				t.Fatalf("EraseByEmail = %+v, %v", er, err)
			}
			eventually(t, "the cancellation", func() bool { return len(rc.received()) >= 1 })
			time.Sleep(200 * time.Millisecond)
			got := rc.received()
			if len(got) != 1 || got[0].Type != string(webhook.BookingCancelled) || !got[0].Verified[0] {
				t.Fatalf("received %+v, want one signed booking.cancelled", got)
			}
			var p webhook.Payload
			if err := json.Unmarshal(got[0].Body, &p); err != nil {
				t.Fatal(err)
			}
			if p.Data.ID != ahead.ID || p.Data.Status != string(rendezvous.StatusCancelled) || p.Data.ErasedAt == nil ||
				p.Data.Customer != (webhook.Customer{}) || p.Data.CancelledAt == nil {
				t.Fatalf("payload = %+v, want %s cancelled and erased, without its customer", p.Data, ahead.ID)
			}
		})
	}
}
