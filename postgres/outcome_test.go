package postgres_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// TestLostConnection: a connection lost while a booking commits is
// EUNAVAILABLE/outcome_unknown — the booking may or may not be there —
// whether the server committed it or not; one lost before the COMMIT is
// plain EUNAVAILABLE (the server rolled back). Never an internal error:
// the incident this answers turned 24 in-flight bookings into 500s.
func TestLostConnection(t *testing.T) {
	ctx := context.Background()
	cutter, u := pgtest.NewCutter(t, pgtest.URL(t))
	s, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
	p := &rendezvous.Provider{Name: "Cabinet A", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Hour, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHours(ctx, p.ID, rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 18 * 60}}); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		cut       pgtest.Cut
		reason    string
		committed bool
	}{
		{pgtest.CutAfterCommit, rendezvous.ReasonOutcomeUnknown, true},
		{pgtest.CutInsteadOfCommit, rendezvous.ReasonOutcomeUnknown, false},
		{pgtest.CutBeforeCommit, string(rendezvous.EUNAVAILABLE), false},
	} {
		email := []string{"after@example.com", "instead@example.com", "before@example.com"}[i]
		key := sha256.Sum256([]byte(email))
		once := &booking.Idempotency{Scope: "book", KeyHash: key[:], Fingerprint: key[:]}
		b := &rendezvous.Booking{ID: "RDV-CUT" + email[:3], ProviderID: p.ID, ServiceID: p.Services[0].ID,
			Start: time.Date(2026, 11, 24, 9+i, 0, 0, 0, paris), Customer: rendezvous.Customer{Name: "Ann", Email: email, Phone: "+33611111111"}}
		cutter.Arm(c.cut, email)
		err := s.CreateBooking(ctx, b, now, booking.WithIdempotency(once))
		if rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE || rendezvous.ErrorReasonOf(err) != c.reason {
			t.Errorf("cut %d: got %v (reason %q), want EUNAVAILABLE/%s", c.cut, err, rendezvous.ErrorReasonOf(err), c.reason)
		}
		if cutter.Cuts() != i+1 {
			t.Fatalf("cut %d: the cutter cut %d connections, want %d", c.cut, cutter.Cuts(), i+1)
		}
		// What a retry will find: the booking and its record, or neither.
		_, errB := s.Booking(ctx, b.ID)
		_, errR := s.IdempotencyRecord(ctx, "book", once.KeyHash, now)
		if got := errB == nil && errR == nil; got != c.committed || (!got && (errB == nil || errR == nil)) {
			t.Errorf("cut %d: booking %v, record %v; committed should be %v", c.cut, errB, errR, c.committed)
		}
	}
}
