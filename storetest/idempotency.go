package storetest

import (
	"context"
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// once returns an idempotency key of scope for a request described by
// what.
func once(scope, key, what string) *booking.Idempotency {
	k, f := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(what))
	return &booking.Idempotency{Scope: scope, KeyHash: k[:], Fingerprint: f[:]}
}

// testIdempotency checks that a change made with an idempotency key is
// recorded in its own transaction, that a key is used by one change only
// — also when many arrive at once —, that a failed change records nothing,
// and that records expire.
func testIdempotency(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)

	t.Run("RecordedWithTheChange", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		o := once("book", "k1", "request 1")
		b := newBooking(p, at(t, "2026-11-24 09:00"))
		if err := s.CreateBooking(ctx, b, now, booking.WithIdempotency(o)); err != nil {
			t.Fatal(err)
		}
		rec, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, now)
		if err != nil {
			t.Fatal(err)
		}
		if rec.BookingID != b.ID || string(rec.Fingerprint) != string(o.Fingerprint) ||
			!rec.ExpiresAt.Equal(now.Add(booking.IdempotencyTTL)) {
			t.Errorf("record %+v for booking %s", rec, b.ID)
		}
		got, err := rec.Booking()
		if err != nil {
			t.Fatal(err)
		}
		want := *b
		want.Customer = rendezvous.Customer{} // never in a record
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("recorded outcome (-want +got):\n%s", diff)
		}
		// Another scope, or another key, has no record.
		if _, err := s.IdempotencyRecord(ctx, "cancel "+b.ID, o.KeyHash, now); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Errorf("another scope: %v", err)
		}
		if _, err := s.IdempotencyRecord(ctx, "book", once("book", "k2", "").KeyHash, now); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Errorf("another key: %v", err)
		}

		// The key is taken: a second change with it changes nothing.
		err = s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 10:00")), now, booking.WithIdempotency(o))
		wantReason(t, err, rendezvous.ReasonIdempotencyKeyInFlight)
		if n := countActive(t, s, p); n != 1 {
			t.Errorf("%d bookings after a second change with the key, want 1", n)
		}
	})

	t.Run("FailedChangeRecordsNothing", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now); err != nil {
			t.Fatal(err)
		}
		o := once("book", "k1", "request 1")
		err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now, booking.WithIdempotency(o))
		wantReason(t, err, rendezvous.ReasonSlotTaken)
		if _, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, now); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Fatalf("a failed change left a record: %v", err)
		}
		// The key is still free for the change that succeeds.
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 10:00")), now, booking.WithIdempotency(o)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("CancelAndReschedule", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		b := newBooking(p, at(t, "2026-11-24 09:00"))
		if err := s.CreateBooking(ctx, b, now); err != nil {
			t.Fatal(err)
		}
		move := once("reschedule "+b.ID, "k1", "move")
		moved, err := s.RescheduleBooking(ctx, b.ID, 1, at(t, "2026-11-24 11:00"), now, booking.WithIdempotency(move))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.RescheduleBooking(ctx, b.ID, 2, at(t, "2026-11-24 14:00"), now, booking.WithIdempotency(move))
		wantReason(t, err, rendezvous.ReasonIdempotencyKeyInFlight)
		cancel := once("cancel "+b.ID, "k1", "cancel")
		if _, err := s.CancelBooking(ctx, b.ID, 2, now, booking.WithIdempotency(cancel)); err != nil {
			t.Fatal(err)
		}
		_, err = s.CancelBooking(ctx, b.ID, 3, now, booking.WithIdempotency(cancel))
		wantReason(t, err, rendezvous.ReasonIdempotencyKeyInFlight)
		for _, c := range []struct {
			o       *booking.Idempotency
			status  rendezvous.BookingStatus
			version int
			start   time.Time
		}{{move, rendezvous.StatusBooked, 2, moved.Start}, {cancel, rendezvous.StatusCancelled, 3, moved.Start}} {
			rec, err := s.IdempotencyRecord(ctx, c.o.Scope, c.o.KeyHash, now)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rec.Booking()
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != b.ID || got.Status != c.status || got.TokenVersion != c.version || !got.Start.Equal(c.start) {
				t.Errorf("%s recorded %+v", c.o.Scope, got)
			}
		}
		// The booking is as the last change left it: the refused repeats
		// changed nothing.
		if got, _ := s.Booking(ctx, b.ID); got.Active() || got.TokenVersion != 3 || !got.Start.Equal(at(t, "2026-11-24 11:00")) {
			t.Errorf("booking after refused repeats: %+v", got)
		}
	})

	t.Run("Expiry", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		o := once("book", "k1", "request 1")
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-25 09:00")), now, booking.WithIdempotency(o)); err != nil {
			t.Fatal(err)
		}
		later := now.Add(booking.IdempotencyTTL)
		if _, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, later.Add(-time.Second)); err != nil {
			t.Errorf("a record is kept %s: %v", booking.IdempotencyTTL, err)
		}
		if _, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, later); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Errorf("an expired record is still returned: %v", err)
		}
		// An expired key is free again.
		o2 := once("book", "k1", "request 2")
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-25 10:00")), later, booking.WithIdempotency(o2)); err != nil {
			t.Fatalf("reusing an expired key: %v", err)
		}
		if rec, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, later); err != nil || string(rec.Fingerprint) != string(o2.Fingerprint) {
			t.Errorf("the key's new record: %+v, %v", rec, err)
		}
		// The sweep removes what expired, and only that.
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-25 11:00")), now, booking.WithIdempotency(once("book", "k3", ""))); err != nil {
			t.Fatal(err)
		}
		n, err := s.SweepIdempotency(ctx, later)
		if err != nil || n != 1 {
			t.Errorf("sweep: %d, %v; want 1", n, err)
		}
		if _, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, later); err != nil {
			t.Errorf("the sweep removed a live record: %v", err)
		}
	})

	t.Run("ErasedWithTheBooking", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		record := func(start, key string) *booking.Idempotency {
			t.Helper()
			o := once("book", key, key)
			if err := s.CreateBooking(ctx, newBooking(p, at(t, start)), now, booking.WithIdempotency(o)); err != nil {
				t.Fatal(err)
			}
			return o
		}
		erased, retained, kept := record("2026-11-23 09:00", "k1"), record("2026-11-23 10:00", "k2"), record("2026-11-25 09:00", "k3")
		has := func(o *booking.Idempotency, at time.Time) bool {
			t.Helper()
			_, err := s.IdempotencyRecord(ctx, "book", o.KeyHash, at)
			if err != nil && rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}
		rec, err := s.IdempotencyRecord(ctx, "book", erased.KeyHash, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EraseBooking(ctx, rec.BookingID, 0, now); err != nil {
			t.Fatal(err)
		}
		if has(erased, now) || !has(retained, now) || !has(kept, now) {
			t.Errorf("after an erasure: records %v %v %v, want only the erased booking's gone", has(erased, now), has(retained, now), has(kept, now))
		}
		// Retention, a little later (the records have not expired): the
		// 10:00 booking has ended.
		later := at(t, "2026-11-23 12:00")
		if _, err := s.AnonymiseBookings(ctx, booking.RetentionCut{Ended: later}, 100, later); err != nil {
			t.Fatal(err)
		}
		if has(retained, later) || !has(kept, later) {
			t.Errorf("after retention: records %v %v, want only the anonymised booking's gone", has(retained, later), has(kept, later))
		}
	})

	t.Run("ConcurrentSameKey", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		o := once("book", "k1", "request 1")
		const clients = 16
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			errs = map[string]int{}
		)
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each a booking of its own id, as the desk draws them.
				err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now, booking.WithIdempotency(o))
				mu.Lock()
				errs[rendezvous.ErrorReasonOf(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		// One change; every other is told the key is taken (the desk then
		// answers with its record), never slot_taken by its own booking.
		if want := map[string]int{"": 1, rendezvous.ReasonIdempotencyKeyInFlight: clients - 1}; !cmp.Equal(errs, want) {
			t.Errorf("answers by reason %v, want %v", errs, want)
		}
		if n := countActive(t, s, p); n != 1 {
			t.Errorf("%d bookings, want 1", n)
		}
	})
}

func countActive(t *testing.T, s booking.Store, p *rendezvous.Provider) int {
	t.Helper()
	all, err := s.Bookings(context.Background(), rendezvous.BookingFilter{ProviderID: p.ID, ActiveOnly: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}
