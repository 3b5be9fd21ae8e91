package storetest

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
)

// testTokenVersions checks that every change a token can make raises the
// booking's token version in the same transaction that checks it, so that
// a token of an older version can change nothing.
func testTokenVersions(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	now := fixedNow(t)
	b := newBooking(p, at(t, "2026-11-24 09:00"))
	if err := s.CreateBooking(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	version := func() int {
		t.Helper()
		got, err := s.Booking(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.TokenVersion
	}
	if b.TokenVersion != 1 || version() != 1 {
		t.Fatalf("a new booking has token version %d (stored %d), want 1", b.TokenVersion, version())
	}

	moved, err := s.RescheduleBooking(ctx, b.ID, 1, at(t, "2026-11-24 11:00"), now)
	if err != nil {
		t.Fatal(err)
	}
	if moved.TokenVersion != 2 || version() != 2 {
		t.Errorf("after a reschedule: version %d (stored %d), want 2", moved.TokenVersion, version())
	}
	// The old version can neither move nor cancel it any more.
	_, err = s.RescheduleBooking(ctx, b.ID, 1, at(t, "2026-11-24 14:00"), now)
	wantReason(t, err, rendezvous.ReasonInvalidToken)
	_, err = s.CancelBooking(ctx, b.ID, 1, now)
	wantReason(t, err, rendezvous.ReasonInvalidToken)
	// Nor can a version from the future.
	_, err = s.CancelBooking(ctx, b.ID, 7, now)
	wantReason(t, err, rendezvous.ReasonInvalidToken)
	if got, _ := s.Booking(ctx, b.ID); !got.Active() || !got.Start.Equal(at(t, "2026-11-24 11:00")) {
		t.Fatalf("refused changes changed the booking: %+v", got)
	}

	cancelled, err := s.CancelBooking(ctx, b.ID, 2, now)
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.TokenVersion != 3 || version() != 3 {
		t.Errorf("after a cancellation: version %d (stored %d), want 3", cancelled.TokenVersion, version())
	}
	// Cancelling again with the current version changes nothing.
	again, err := s.CancelBooking(ctx, b.ID, 3, now)
	if err != nil || again.TokenVersion != 3 || version() != 3 {
		t.Errorf("cancelling twice: %v, version %d", err, version())
	}
	// A change without a token (version 0: the desk's own) is not checked.
	if _, err := s.CancelBooking(ctx, b.ID, 0, now); err != nil {
		t.Errorf("version 0: %v", err)
	}
}
