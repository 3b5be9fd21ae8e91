package dialogue_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestMoveKeepsTheService: a booking of a provider's second service is
// moved to a free slot of that service — not refused because the search
// looked at the provider's first service.
func TestMoveKeepsTheService(t *testing.T) {
	w := getWorld(t)
	ctx := context.Background()
	slots, err := w.Desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.KindDentist, City: "Lyon", After: now.Add(48 * time.Hour),
		Before: now.Add(7 * 24 * time.Hour), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var p *rendezvous.Provider
	for _, s := range slots {
		if pr, err := w.Desk.Provider(ctx, s.ProviderID); err == nil && len(pr.Services) > 1 {
			p = pr
			break
		}
	}
	if p == nil {
		t.Skip("no dentist in Lyon with two services")
	}
	second := p.Services[1]
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, now.Location())
	free, err := w.Desk.ProviderSlots(ctx, p.ID, second.ID, booking.Date{Year: 2026, Month: 11, Day: 26}, booking.Date{Year: 2026, Month: 11, Day: 26})
	if err != nil || len(free) == 0 {
		t.Skipf("no free slot of %s on %s", second.Name, day.Format("2006-01-02"))
	}
	c, err := w.Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: second.ID, Start: free[0].Start,
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie.second@example.com", Phone: "06 12 34 56 78"}})
	if err != nil {
		t.Fatal(err)
	}
	m := brains(t)["Embedded"]
	st := &dialogue.State{Granted: []dialogue.Grant{{BookingID: c.Booking.ID, Version: c.Booking.TokenVersion, Proof: dialogue.ProofMade}}}
	for _, msg := range []string{"move my appointment", "Friday"} {
		if _, err := m.Turn(ctx, st, dialogue.Message{Text: msg}); err != nil {
			t.Fatal(err)
		}
	}
	if st.Awaiting != dialogue.AwaitSlotChoice && st.Awaiting != dialogue.AwaitConfirmation {
		t.Fatalf("no slot of the booking's service offered: awaiting %q", st.Awaiting)
	}
	for _, p := range st.Proposals {
		if p.ServiceID != second.ID {
			t.Errorf("proposed a slot of service %d, want %d", p.ServiceID, second.ID)
		}
	}
}
