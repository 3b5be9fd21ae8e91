package storetest

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// testVerifiedBookingsCountApart checks that bookings made with an email
// address nobody proved cannot lock the address's owner out: a booking
// made with the proved address counts only against the bookings so made,
// and its phone number (not proved) does not cap it.
func testVerifiedBookingsCountApart(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	const max = 2
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	book := func(when string, email, phone string, verified bool) error {
		t.Helper()
		b := newBooking(p, at(t, "2026-11-24 "+when))
		b.Customer = rendezvous.Customer{Name: "Victor Victim", Email: email, Phone: phone}
		opts := []booking.WriteOption{booking.WithMaxUpcoming(max)}
		if verified {
			opts = append(opts, booking.WithVerifiedEmail())
		}
		return s.CreateBooking(ctx, b, now, opts...)
	}
	refused := func(err error) bool { return rendezvous.ErrorReasonOf(err) == rendezvous.ReasonTooManyBookings }
	// An attacker fills the victim's email and phone with unproved bookings.
	for i, h := range []string{"09:00", "10:00"} {
		if err := book(h, "victor@example.com", "+33611223355", false); err != nil {
			t.Fatalf("unproved booking %d: %v", i+1, err)
		}
	}
	if err := book("11:00", "victor@example.com", "+33699999999", false); !refused(err) {
		t.Fatalf("a third unproved booking of the address: %v, want too_many_bookings", err)
	}
	// The owner proves the address and books on, whatever the phone.
	if err := book("11:00", "victor@example.com", "+33611223355", true); err != nil {
		t.Fatalf("the owner, with the address proved: %v", err)
	}
	if err := book("14:00", "victor@example.com", "+33611223355", true); err != nil {
		t.Fatalf("the owner's second proved booking: %v", err)
	}
	// Proved bookings are capped among themselves.
	if err := book("15:00", "victor@example.com", "+33611223355", true); !refused(err) {
		t.Fatalf("a third proved booking: %v, want too_many_bookings", err)
	}
}
