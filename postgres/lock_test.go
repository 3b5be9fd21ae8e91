package postgres_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// lockFixture is a store whose connections carry a name of their own, a
// raw connection to the same schema, and a provider open on weekdays; now
// is the Monday before nineAM.
type lockFixture struct {
	store       *postgres.Store
	url         string
	raw         *pgx.Conn
	app         string
	p           *rendezvous.Provider
	now, nineAM time.Time
}

func newLockFixture(t *testing.T) *lockFixture {
	t.Helper()
	ctx := context.Background()
	base := pgtest.URL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	// The schema's name is unique: it names the store's connections too,
	// so that waitForLockWait sees only those.
	app, _, _ := strings.Cut(q.Get("search_path"), ",")
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(context.Background()) })
	p := &rendezvous.Provider{Name: "Cabinet A", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
		Policy:   rendezvous.BookingPolicy{Buffer: 10 * time.Minute, MinNotice: time.Hour, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	var hours rendezvous.WeeklyHours
	for d := time.Monday; d <= time.Friday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 9 * 60, End: 18 * 60})
	}
	if err := s.SetHours(ctx, p.ID, hours); err != nil {
		t.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return &lockFixture{store: s, url: base, raw: raw, app: app, p: p,
		now: time.Date(2026, 11, 23, 8, 0, 0, 0, paris), nineAM: time.Date(2026, 11, 24, 9, 0, 0, 0, paris)}
}

// waitForLockWait waits until one of the store's connections waits on a
// lock, and fails t if none does within a few seconds.
func (f *lockFixture) waitForLockWait(t *testing.T, watcher *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if err := watcher.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, f.app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("the store never waited for the lock")
}

// watcher opens a second raw connection.
func (f *lockFixture) watcher(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), f.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func (f *lockFixture) booking(id string) *rendezvous.Booking {
	return &rendezvous.Booking{ID: id, ProviderID: f.p.ID, ServiceID: f.p.Services[0].ID, Start: f.nineAM,
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "+33612345678"}}
}

// TestRaceLoserGetsSlotTaken makes a booking pass the store's check while
// another transaction holds the slot uncommitted: the exclusion constraint
// makes it wait, then refuses it as slot_taken if the other commits, and
// lets it through if the other rolls back.
func TestRaceLoserGetsSlotTaken(t *testing.T) {
	cases := []struct {
		name   string
		commit bool
		reason string
	}{
		{"OtherCommits", true, rendezvous.ReasonSlotTaken},
		{"OtherRollsBack", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			f := newLockFixture(t)
			watcher := f.watcher(t)
			tx, err := f.raw.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `INSERT INTO bookings (id, provider_id, service_id, start_at, end_at, blocked_until, status,
				customer_name, customer_email, customer_phone, created_at, updated_at)
				VALUES ('RDV-OTHER', $1, $2, $3, $4, $5, 'booked', 'A', 'a@example.com', '+33612345678', now(), now())`,
				f.p.ID, f.p.Services[0].ID, f.nineAM, f.nineAM.Add(30*time.Minute), f.nineAM.Add(40*time.Minute)); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- f.store.CreateBooking(ctx, f.booking("RDV-MINE"), f.now) }()
			f.waitForLockWait(t, watcher)
			if tc.commit {
				err = tx.Commit(ctx)
			} else {
				err = tx.Rollback(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			err = <-done
			if got := rendezvous.ErrorReasonOf(err); got != tc.reason {
				t.Fatalf("CreateBooking = %v (reason %q), want reason %q", err, got, tc.reason)
			}
		})
	}
}

// TestChangesOfAProviderTakeTurns holds a provider's row FOR NO KEY
// UPDATE, as a booking in flight does: another booking of the provider and
// a change of its hours wait until the first ends, while a booking of
// another provider goes ahead.
func TestChangesOfAProviderTakeTurns(t *testing.T) {
	ctx := context.Background()
	f := newLockFixture(t)
	watcher := f.watcher(t)
	other := &rendezvous.Provider{Name: "Cabinet B", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
		Policy: f.p.Policy, Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500}}}
	if err := f.store.CreateProvider(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetHours(ctx, other.ID, rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 18 * 60}}); err != nil {
		t.Fatal(err)
	}
	tx, err := f.raw.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM providers WHERE id = $1 FOR NO KEY UPDATE`, f.p.ID); err != nil {
		t.Fatal(err)
	}

	otherCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	elsewhere := f.booking("RDV-ELSEWHERE")
	elsewhere.ProviderID, elsewhere.ServiceID = other.ID, other.Services[0].ID
	if err := f.store.CreateBooking(otherCtx, elsewhere, f.now); err != nil {
		t.Fatalf("a booking of another provider waited: %v", err)
	}

	booked := make(chan error, 1)
	go func() { booked <- f.store.CreateBooking(ctx, f.booking("RDV-NEXT"), f.now) }()
	f.waitForLockWait(t, watcher)
	changed := make(chan error, 1)
	go func() {
		changed <- f.store.SetHours(ctx, f.p.ID, rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60}})
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-booked:
		t.Fatalf("a booking finished (%v) while another change of its provider was in flight", err)
	case err := <-changed:
		t.Fatalf("SetHours finished (%v) while a booking held the provider", err)
	default:
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-booked; err != nil {
		t.Fatalf("CreateBooking after the turn: %v", err)
	}
	if err := <-changed; err != nil {
		t.Fatalf("SetHours after the turn: %v", err)
	}
}

// TestRescheduleOverOwnTime moves a booking by half an hour, into the span
// it held itself: neither the check nor the exclusion constraint counts the
// booking's old time as busy. (The contract suite's version of this case
// is blocked by a neighbour.)
func TestRescheduleOverOwnTime(t *testing.T) {
	ctx := context.Background()
	f := newLockFixture(t)
	b := f.booking("RDV-MOVE")
	if err := f.store.CreateBooking(ctx, b, f.now); err != nil {
		t.Fatal(err)
	}
	moved, err := f.store.RescheduleBooking(ctx, b.ID, 0, f.nineAM.Add(30*time.Minute), f.now)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.nineAM.Add(70 * time.Minute); !moved.BlockedUntil.Equal(want) {
		t.Errorf("BlockedUntil = %s, want %s", moved.BlockedUntil, want)
	}
}
