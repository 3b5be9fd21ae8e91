package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/storetest"
)

// openStore opens a migrated store in a fresh schema of the test server.
func openStore(t *testing.T) booking.Store {
	t.Helper()
	s, _ := openWithURL(t)
	return s
}

// openWithURL opens a migrated store in a fresh schema and returns the
// schema's URL too, for tests that go around the store.
func openWithURL(t testing.TB) (*postgres.Store, string) {
	t.Helper()
	ctx := context.Background()
	url := pgtest.URL(t)
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s, url
}

func TestContract(t *testing.T) {
	storetest.Run(t, openStore)
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cur, latest, err := s.MigrationStatus(ctx)
	if err != nil || cur != 0 || latest < 1 {
		t.Fatalf("MigrationStatus before Migrate = %d, %d, %v; want 0, ≥1, nil", cur, latest, err)
	}
	for range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	cur, latest, err = s.MigrationStatus(ctx)
	if err != nil || cur != latest || latest < 1 {
		t.Fatalf("MigrationStatus = %d, %d, %v", cur, latest, err)
	}
}

func TestOpenUnreachableFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on the loopback refuses connections at once.
	s, err := postgres.Open(ctx, "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil {
		s.Close()
		t.Fatal("Open of an unreachable server succeeded")
	}
	if code := rendezvous.ErrorCodeOf(postgres.Translate(err)); code != rendezvous.EUNAVAILABLE {
		t.Errorf("Open error %v translates to %q, want %q", err, code, rendezvous.EUNAVAILABLE)
	}
}

// TestExclusionConstraint goes around the store with raw SQL to show that
// the schema itself refuses overlapping active bookings, and that the
// store reports the refusal as slot_taken.
func TestExclusionConstraint(t *testing.T) {
	ctx := context.Background()
	s, url := openWithURL(t)
	p := &rendezvous.Provider{Name: "Cabinet A", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
		Policy:   rendezvous.DefaultPolicy(),
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	insert := func(id, start, until, status string) error {
		_, err := conn.Exec(ctx, `INSERT INTO bookings (id, provider_id, service_id, start_at, end_at, blocked_until, status,
			customer_name, customer_email, customer_phone, created_at, updated_at)
			VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '30 minutes', $5, $6, 'A', 'a@example.com', '+33612345678', now(), now())`,
			id, p.ID, p.Services[0].ID, start, until, status)
		return err
	}
	if err := insert("RDV-A", "2026-11-24 09:00+01", "2026-11-24 09:40+01", "booked"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, id, start, until, status string
		code                           string // SQLSTATE, "" for success
	}{
		{"OverlapInBuffer", "RDV-B", "2026-11-24 09:30+01", "2026-11-24 10:00+01", "booked", "23P01"},
		{"SameStart", "RDV-C", "2026-11-24 09:00+01", "2026-11-24 09:30+01", "booked", "23P01"},
		{"CancelledOverlapIsFine", "RDV-D", "2026-11-24 09:00+01", "2026-11-24 09:30+01", "cancelled", ""},
		{"AdjacentIsFine", "RDV-E", "2026-11-24 09:40+01", "2026-11-24 10:10+01", "booked", ""},
		{"BlockedTooLong", "RDV-F", "2026-11-25 09:00+01", "2026-11-26 09:01+01", "booked", "23514"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := insert(tc.id, tc.start, tc.until, tc.status)
			var pe *pgconn.PgError
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("insert: %v", err)
			case tc.code == "":
				return
			case !errors.As(err, &pe) || pe.Code != tc.code:
				t.Fatalf("insert: got %v, want SQLSTATE %s", err, tc.code)
			}
		})
	}

	// The raw error becomes slot_taken.
	err = insert("RDV-G", "2026-11-24 09:10+01", "2026-11-24 09:50+01", "booked")
	if got := rendezvous.ErrorReasonOf(postgres.Translate(err)); got != rendezvous.ReasonSlotTaken {
		t.Errorf("overlap error %v translates to reason %q, want %q", err, got, rendezvous.ReasonSlotTaken)
	}
	// Reviving a cancelled booking over an active one is refused too.
	_, err = conn.Exec(ctx, `UPDATE bookings SET status = 'booked' WHERE id = 'RDV-D'`)
	if got := rendezvous.ErrorReasonOf(postgres.Translate(err)); got != rendezvous.ReasonSlotTaken {
		t.Errorf("revive error %v translates to reason %q, want %q", err, got, rendezvous.ReasonSlotTaken)
	}
	// Another provider's bookings are not in the way.
	other := *p
	other.Services = []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}
	if err := s.CreateProvider(ctx, &other); err != nil {
		t.Fatal(err)
	}
	p.ID, p.Services = other.ID, other.Services
	if err := insert("RDV-H", "2026-11-24 09:00+01", "2026-11-24 09:40+01", "booked"); err != nil {
		t.Errorf("same time, other provider: %v", err)
	}
}

func TestTranslate(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		code   rendezvous.ErrorCode
		reason string
	}{
		{"Nil", nil, "", ""},
		{"NoRows", pgx.ErrNoRows, rendezvous.ENOTFOUND, string(rendezvous.ENOTFOUND)},
		{"Exclusion", &pgconn.PgError{Code: "23P01"}, rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken},
		{"Unique", &pgconn.PgError{Code: "23505"}, rendezvous.ECONFLICT, string(rendezvous.ECONFLICT)},
		{"ForeignKey", &pgconn.PgError{Code: "23503"}, rendezvous.ENOTFOUND, string(rendezvous.ENOTFOUND)},
		{"Check", &pgconn.PgError{Code: "23514"}, rendezvous.EINVALID, string(rendezvous.EINVALID)},
		{"NotNull", &pgconn.PgError{Code: "23502"}, rendezvous.EINVALID, string(rendezvous.EINVALID)},
		{"Serialization", &pgconn.PgError{Code: "40001"}, rendezvous.EUNAVAILABLE, string(rendezvous.EUNAVAILABLE)},
		{"Deadlock", &pgconn.PgError{Code: "40P01"}, rendezvous.EUNAVAILABLE, string(rendezvous.EUNAVAILABLE)},
		{"ShuttingDown", &pgconn.PgError{Code: "57P01"}, rendezvous.EUNAVAILABLE, string(rendezvous.EUNAVAILABLE)},
		{"SyntaxIsInternal", &pgconn.PgError{Code: "42601"}, rendezvous.EINTERNAL, string(rendezvous.EINTERNAL)},
		{"DeadlineIsInternal", context.DeadlineExceeded, rendezvous.EINTERNAL, string(rendezvous.EINTERNAL)},
		{"DomainPassesThrough", rendezvous.Errorf(rendezvous.EINVALID, "x"), rendezvous.EINVALID, string(rendezvous.EINVALID)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := postgres.Translate(tc.err)
			if code := rendezvous.ErrorCodeOf(got); code != tc.code {
				t.Errorf("code = %q, want %q (error %v)", code, tc.code, got)
			}
			if reason := rendezvous.ErrorReasonOf(got); reason != tc.reason {
				t.Errorf("reason = %q, want %q", reason, tc.reason)
			}
			if tc.code == rendezvous.EINTERNAL && !errors.Is(got, tc.err) {
				t.Errorf("internal error %v does not wrap %v", got, tc.err)
			}
		})
	}
}

func TestMigrateRekeysOldFolds(t *testing.T) {
	s, url := openWithURL(t)
	storetest.RunRekey(t, s, func(t *testing.T, id int64, nameKey, cityKey string) {
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), `UPDATE providers SET name_key = $2, city_key = $3 WHERE id = $1`, id, nameKey, cityKey); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWebhookContract(t *testing.T) {
	storetest.RunWebhooks(t, func(t *testing.T) storetest.WebhookStore { s, _ := openWithURL(t); return s })
}

func TestExternalIDContract(t *testing.T) {
	storetest.RunExternalIDs(t, func(t *testing.T) storetest.ExternalIDStore { s, _ := openWithURL(t); return s })
}
