package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// testPrivacy is the contract of PrivacyStore: erasure, retention and the
// audit log.
func testPrivacy(t *testing.T, open Opener) {
	t.Run("Erase", func(t *testing.T) { testErase(t, open) })
	t.Run("Retention", func(t *testing.T) { testRetention(t, open) })
	t.Run("RetentionRunsAtOnce", func(t *testing.T) { testRetentionRunsAtOnce(t, open) })
	t.Run("AuditLog", func(t *testing.T) { testAuditLog(t, open) })
}

// wantErased checks that b keeps its provider, service and times (those of
// want) and holds nothing of its customer.
func wantErased(t *testing.T, b, want *rendezvous.Booking, at time.Time) {
	t.Helper()
	if b.Customer != (rendezvous.Customer{}) {
		t.Errorf("erased booking %s still holds %+v", b.ID, b.Customer)
	}
	if b.ErasedAt == nil || !b.ErasedAt.Equal(at.Truncate(time.Second)) {
		t.Errorf("erased booking %s: ErasedAt = %v, want %v", b.ID, b.ErasedAt, at)
	}
	if b.ProviderID != want.ProviderID || b.ServiceID != want.ServiceID || !b.Start.Equal(want.Start) || !b.End.Equal(want.End) {
		t.Errorf("erasure changed the provider's record: got %+v, want %+v", b, want)
	}
}

func testErase(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	now := fixedNow(t)
	book := func(start string) *rendezvous.Booking {
		t.Helper()
		b := newBooking(p, at(t, start))
		if err := s.CreateBooking(ctx, b, now); err != nil {
			t.Fatal(err)
		}
		return b
	}
	future := book("2026-11-24 09:00")
	past := book("2026-11-24 10:00")
	cancelled := book("2026-11-24 11:00")
	if _, err := s.CancelBooking(ctx, cancelled.ID, 0, now); err != nil {
		t.Fatal(err)
	}
	kept := book("2026-11-24 14:00")

	t.Run("FutureIsCancelled", func(t *testing.T) {
		e, err := s.EraseBooking(ctx, future.ID, future.TokenVersion, now)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Cancelled || e.Already || e.Booking.Status != rendezvous.StatusCancelled || e.Booking.TokenVersion != future.TokenVersion+1 {
			t.Fatalf("erasing a future booking = %+v", e)
		}
		stored, err := s.Booking(ctx, future.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantErased(t, stored, future, now)
		if diff := cmp.Diff(e.Booking, stored); diff != "" {
			t.Errorf("returned and stored erased booking differ (-returned +stored):\n%s", diff)
		}
		if stored.CancelledAt == nil || stored.Status != rendezvous.StatusCancelled {
			t.Errorf("erased future booking not cancelled: %+v", stored)
		}
		// The slot is free again.
		if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now); err != nil {
			t.Errorf("the erased booking's slot: %v", err)
		}
	})
	t.Run("PastStaysBooked", func(t *testing.T) {
		later := at(t, "2026-11-30 08:00")
		e, err := s.EraseBooking(ctx, past.ID, 0, later)
		if err != nil {
			t.Fatal(err)
		}
		if e.Cancelled || e.Booking.Status != rendezvous.StatusBooked || e.Booking.CancelledAt != nil {
			t.Errorf("erasing a past booking = %+v", e)
		}
		stored, _ := s.Booking(ctx, past.ID)
		wantErased(t, stored, past, later)
	})
	t.Run("CancelledKeepsItsCancellation", func(t *testing.T) {
		before, _ := s.Booking(ctx, cancelled.ID)
		e, err := s.EraseBooking(ctx, cancelled.ID, before.TokenVersion, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if e.Cancelled || e.Booking.CancelledAt == nil || !e.Booking.CancelledAt.Equal(*before.CancelledAt) {
			t.Errorf("erasing a cancelled booking = %+v", e)
		}
		wantErased(t, e.Booking, before, now.Add(time.Hour))
	})
	t.Run("OldTokenRefused", func(t *testing.T) {
		_, err := s.EraseBooking(ctx, kept.ID, kept.TokenVersion+1, now)
		wantReason(t, err, rendezvous.ReasonInvalidToken)
		stored, _ := s.Booking(ctx, kept.ID)
		if stored.ErasedAt != nil || stored.Customer != kept.Customer {
			t.Errorf("a refused erasure changed the booking: %+v", stored)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		first, _ := s.Booking(ctx, future.ID)
		e, err := s.EraseBooking(ctx, future.ID, 0, now.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if !e.Already || e.Cancelled {
			t.Errorf("erasing again = %+v", e)
		}
		again, _ := s.Booking(ctx, future.ID)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("erasing again changed the booking (-before +after):\n%s", diff)
		}
		// The token of the erased version is refused like any other.
		_, err = s.EraseBooking(ctx, future.ID, future.TokenVersion, now)
		wantReason(t, err, rendezvous.ReasonInvalidToken)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := s.EraseBooking(ctx, "RDV-NOPE", 0, now)
		wantCode(t, err, rendezvous.ENOTFOUND)
	})
	t.Run("NoLongerFoundByEmail", func(t *testing.T) {
		mine, err := s.Bookings(ctx, rendezvous.BookingFilter{Email: "marie@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range mine {
			if b.ErasedAt != nil {
				t.Errorf("an erased booking is still found by its old email: %s", b.ID)
			}
		}
	})
}

func testRetention(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	now := fixedNow(t)
	book := func(start string) *rendezvous.Booking {
		t.Helper()
		b := newBooking(p, at(t, start))
		if err := s.CreateBooking(ctx, b, now); err != nil {
			t.Fatal(err)
		}
		return b
	}
	cancel := func(b *rendezvous.Booking, when string) {
		t.Helper()
		if _, err := s.CancelBooking(ctx, b.ID, 0, at(t, when)); err != nil {
			t.Fatal(err)
		}
	}
	endedEarly := book("2026-11-24 09:00")  // ends 09:30
	endedEarly2 := book("2026-11-24 10:00") // ends 10:30
	endedLate := book("2026-11-25 09:00")   // ends 09:30 the next day
	cancelledEarly := book("2026-11-26 09:00")
	cancel(cancelledEarly, "2026-11-23 08:10")
	cancelledLate := book("2026-11-26 10:00")
	cancel(cancelledLate, "2026-11-23 09:00")
	// An active booking whose cancellation cut would match it is not a
	// cancelled booking.
	active := book("2026-12-01 09:00")

	cut := booking.RetentionCut{Ended: at(t, "2026-11-25 00:00"), Cancelled: at(t, "2026-11-23 08:30")}
	run := at(t, "2027-01-10 03:00")
	got, err := s.AnonymiseBookings(ctx, cut, 1, run)
	if err != nil {
		t.Fatal(err)
	}
	if got != (booking.Anonymised{Past: 1, Cancelled: 1}) {
		t.Fatalf("first run (limit 1) = %+v, want one of each", got)
	}
	// The oldest first.
	if b, _ := s.Booking(ctx, endedEarly.ID); b.ErasedAt == nil {
		t.Errorf("the oldest past booking was not anonymised first")
	}
	got, err = s.AnonymiseBookings(ctx, cut, 10, run)
	if err != nil {
		t.Fatal(err)
	}
	if got != (booking.Anonymised{Past: 1}) {
		t.Fatalf("second run = %+v, want the other past booking", got)
	}
	got, err = s.AnonymiseBookings(ctx, cut, 10, run)
	if err != nil || got != (booking.Anonymised{}) {
		t.Fatalf("third run = %+v, %v; want nothing left", got, err)
	}
	for _, b := range []*rendezvous.Booking{endedEarly, endedEarly2, cancelledEarly} {
		stored, err := s.Booking(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantErased(t, stored, b, run)
		if stored.TokenVersion <= b.TokenVersion {
			t.Errorf("anonymising %s kept its token version %d", b.ID, stored.TokenVersion)
		}
	}
	for _, b := range []*rendezvous.Booking{endedLate, cancelledLate, active} {
		stored, _ := s.Booking(ctx, b.ID)
		if stored.ErasedAt != nil || stored.Customer != b.Customer {
			t.Errorf("booking %s, inside its retention, was anonymised: %+v", b.ID, stored)
		}
	}
	if b, _ := s.Booking(ctx, endedEarly.ID); b.Status != rendezvous.StatusBooked {
		t.Errorf("anonymising a past booking changed its status to %s", b.Status)
	}
	// A zero cut selects nothing.
	got, err = s.AnonymiseBookings(ctx, booking.RetentionCut{}, 10, run)
	if err != nil || got != (booking.Anonymised{}) {
		t.Errorf("zero cut = %+v, %v", got, err)
	}
}

// testRetentionRunsAtOnce runs retention from several goroutines, as
// several instances would: every candidate is anonymised exactly once.
func testRetentionRunsAtOnce(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := fixedNow(t)
	const perProvider = 6
	var ids []string
	for i := range 4 {
		p := mustProvider(t, s, "Cabinet "+string(rune('A'+i)))
		for j := range perProvider {
			b := newBooking(p, at(t, "2026-11-24 09:00").Add(time.Duration(j)*time.Hour))
			if j >= 3 {
				b.Start = b.Start.Add(2 * time.Hour) // after lunch
			}
			if err := s.CreateBooking(ctx, b, now); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, b.ID)
		}
	}
	cut := booking.RetentionCut{Ended: at(t, "2026-12-01 00:00"), Cancelled: at(t, "2026-12-01 00:00")}
	run := at(t, "2027-12-01 03:00")
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := s.AnonymiseBookings(ctx, cut, 2, run)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				total += n.Past + n.Cancelled
				mu.Unlock()
				if n.Past == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if total != len(ids) {
		t.Errorf("concurrent runs anonymised %d bookings, want each of %d once", total, len(ids))
	}
	for _, id := range ids {
		b, err := s.Booking(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if b.ErasedAt == nil || b.TokenVersion != 2 {
			t.Errorf("booking %s after concurrent runs: erased %v, token version %d (want 2)", id, b.ErasedAt, b.TokenVersion)
		}
	}
}

func testAuditLog(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := fixedNow(t).UTC()
	entries := []*rendezvous.AuditEntry{
		{At: now.Add(-48 * time.Hour), Actor: "key:abcd1234", Action: "adminCreateProvider", Target: "provider=1", Status: 201, RequestID: "req-1"},
		{At: now.Add(-24 * time.Hour), Actor: "key:abcd1234", Action: "adminPrivacyErase", Target: rendezvous.AuditEmail("marie@example.com") + " bookings=2", Status: 200},
		{At: now, Actor: rendezvous.AuditActorCLI, Action: "privacyExport", Target: "bookings=0", Status: 500},
	}
	for _, e := range entries {
		if err := s.AddAuditEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if !(entries[0].ID < entries[1].ID && entries[1].ID < entries[2].ID) {
		t.Fatalf("audit ids do not rise: %d %d %d", entries[0].ID, entries[1].ID, entries[2].ID)
	}
	page, err := s.AuditEntries(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entries[:2], page); diff != "" {
		t.Errorf("first page (-want +got):\n%s", diff)
	}
	page, err = s.AuditEntries(ctx, page[1].ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entries[2:], page); diff != "" {
		t.Errorf("second page (-want +got):\n%s", diff)
	}
	if page, _ := s.AuditEntries(ctx, entries[2].ID, 2); len(page) != 0 {
		t.Errorf("after the last entry: %d entries", len(page))
	}

	for _, bad := range []*rendezvous.AuditEntry{
		{At: now, Action: "x", Status: 200},
		{At: now, Actor: "cli", Status: 200},
		{Actor: "cli", Action: "x", Status: 200},
		{At: now, Actor: "cli", Action: "x", Target: strings.Repeat("x", rendezvous.MaxAuditTargetLength+1), Status: 200},
	} {
		wantCode(t, s.AddAuditEntry(ctx, bad), rendezvous.EINVALID)
	}

	n, err := s.DeleteAuditEntries(ctx, now.Add(-time.Hour), 1)
	if err != nil || n != 1 {
		t.Fatalf("DeleteAuditEntries (limit 1) = %d, %v", n, err)
	}
	n, err = s.DeleteAuditEntries(ctx, now.Add(-time.Hour), 10)
	if err != nil || n != 1 {
		t.Fatalf("DeleteAuditEntries = %d, %v; want the other old entry", n, err)
	}
	left, _ := s.AuditEntries(ctx, 0, 10)
	if len(left) != 1 || left[0].ID != entries[2].ID {
		t.Errorf("after deleting old entries: %+v", left)
	}
	// Ids are never reused, even once the newest entry is deleted: a
	// reader's cursor stays right.
	if _, err := s.DeleteAuditEntries(ctx, now.Add(time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	next := &rendezvous.AuditEntry{At: now, Actor: "cli", Action: "privacyErase", Status: 200}
	if err := s.AddAuditEntry(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= entries[2].ID {
		t.Errorf("a new entry reused id %d (last was %d)", next.ID, entries[2].ID)
	}
}
