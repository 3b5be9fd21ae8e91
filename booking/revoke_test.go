package booking_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// deskWithProvider returns a desk at Monday 23 November 2026, 08:00 in
// Paris, and a dentist open Tuesday 9:00–12:00.
func deskWithProvider(t *testing.T) (*booking.Desk, *rendezvous.Provider, time.Time) {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
	desk := booking.NewDesk(s, newTokens(t), booking.Options{Now: func() time.Time { return now }})
	p := &rendezvous.Provider{Name: "Cabinet", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy: rendezvous.DefaultPolicy(), Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := desk.CreateProvider(ctx, p, rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60}}); err != nil {
		t.Fatal(err)
	}
	return desk, p, time.Date(2026, 11, 24, 9, 0, 0, 0, paris)
}

// TestChangesRevokeEarlierTokens: a reschedule or a cancellation issues a
// fresh manage token and every token issued before stops working, for
// reading as for changing.
func TestChangesRevokeEarlierTokens(t *testing.T) {
	ctx := context.Background()
	desk, p, start := deskWithProvider(t)
	c, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start,
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "06 12 34 56 78"}})
	if err != nil {
		t.Fatal(err)
	}
	first := c.Token
	id := c.Booking.ID

	moved, err := desk.Reschedule(ctx, id, first, start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	second := moved.Token
	if second == first {
		t.Fatal("a reschedule returned the same token")
	}
	refused := func(what string, err error) {
		t.Helper()
		if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
			t.Errorf("%s with a revoked token: %v, want invalid_token", what, err)
		}
	}
	_, _, err = desk.Booking(ctx, id, first)
	refused("reading", err)
	_, err = desk.Reschedule(ctx, id, first, start.Add(2*time.Hour))
	refused("moving", err)
	_, err = desk.Cancel(ctx, id, first)
	refused("cancelling", err)

	cancelled, err := desk.Cancel(ctx, id, second)
	if err != nil {
		t.Fatal(err)
	}
	third := cancelled.Token
	_, _, err = desk.Booking(ctx, id, second)
	refused("reading after the cancellation", err)
	b, _, err := desk.Booking(ctx, id, third)
	if err != nil || b.Status != rendezvous.StatusCancelled || !b.Start.Equal(start.Add(time.Hour)) {
		t.Fatalf("the cancellation's own token reads %+v, %v", b, err)
	}
	// The newest token cancels again without harm (nothing changes).
	if again, err := desk.Cancel(ctx, id, third); err != nil || again.Booking.TokenVersion != cancelled.Booking.TokenVersion {
		t.Errorf("cancelling a cancelled booking: %v", err)
	}
}

// TestLookupProvesOnlyActiveBookings: a reference and email prove a
// booking while it is active, never once it is cancelled, and prove
// nothing about the email's other bookings.
func TestLookupProvesOnlyActiveBookings(t *testing.T) {
	ctx := context.Background()
	desk, p, start := deskWithProvider(t)
	book := func(at time.Time, email string) *booking.Confirmation {
		t.Helper()
		c, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: at,
			Customer: rendezvous.Customer{Name: "Victor Victim", Email: email, Phone: "06 11 22 33 55"}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	victim := book(start, "victor@example.com")
	decoy := book(start.Add(time.Hour), "Victor@Example.com")
	if _, err := desk.Cancel(ctx, decoy.Booking.ID, decoy.Token); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ref, email string
		want             string // booking id, "" for not found
	}{
		{"OKActive", victim.Booking.ID, "victor@example.com", victim.Booking.ID},
		{"OKLowerCaseReference", " " + strings.ToLower(victim.Booking.ID) + " ", "VICTOR@example.com", victim.Booking.ID},
		{"ErrCancelled", decoy.Booking.ID, "victor@example.com", ""},
		{"ErrWrongEmail", victim.Booking.ID, "eve@example.com", ""},
		{"ErrUnknownReference", "RDV-0000000000", "victor@example.com", ""},
		{"ErrNoReference", "", "victor@example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := desk.Lookup(ctx, tt.ref, tt.email)
			if tt.want == "" {
				if rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
					t.Fatalf("Lookup = %v, %v; want not found", c, err)
				}
				return
			}
			if err != nil || c.Booking.ID != tt.want {
				t.Fatalf("Lookup = %v, %v; want %s", c, err, tt.want)
			}
		})
	}
}
