package dialogue_test

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestRedTeamRebookAfterCancelElsewhereIsNotAReplay: a customer books in
// a chat, cancels that booking with its manage token (the API, the link
// of the confirmation), and, in the same conversation, books the same slot
// again. The chat's idempotency key (session, action, grants) is the same
// as the first booking's — the cancelled booking's grant was dropped when
// the session found it revoked — so the desk replays the first booking:
// the agent says "Booked!" with the cancelled booking's reference and a
// revoked token, the slot stays free, and the customer has no appointment.
func TestRedTeamRebookAfterCancelElsewhereIsNotAReplay(t *testing.T) {
	w := getWorld(t)
	m := newManager(t, w.Desk, dialogue.Limits{})
	st := &dialogue.State{}
	const session = "redteam-rebook-session"
	first := converse(t, m, st, session, append(append([]string{}, toConfirmation["en"]...), "yes")...)
	if first.Booking == nil || first.Token == "" {
		t.Fatalf("no first booking: %q", first.Text)
	}
	// The customer cancels elsewhere, with the manage token they were given.
	if _, err := w.Desk.Cancel(context.Background(), first.Booking.ID, first.Token); err != nil {
		t.Fatal(err)
	}
	// Back in the conversation: the session finds the booking gone…
	converse(t, m, st, session, "show my bookings")
	// …and books the same slot again, with the same details.
	converse(t, m, st, session, toConfirmation["en"][:2]...) // the customer's details are known: "Shall I book it?"
	again := converse(t, m, st, session, "yes")
	if again.Booking == nil {
		t.Fatalf("no second booking: %q", again.Text)
	}
	if !again.Booking.Start.Equal(first.Booking.Start) || again.Booking.ProviderID != first.Booking.ProviderID {
		t.Skipf("the conversation picked another slot (%v) than the first (%v): precondition not met", again.Booking.Start, first.Booking.Start)
	}
	b, _, err := w.Desk.Booking(context.Background(), again.Booking.ID, again.Token)
	if err != nil {
		t.Fatalf("the agent said %q, but its booking %s cannot be read with the token it gave: %v", again.Text, again.Booking.ID, err)
	}
	if b.Status != rendezvous.StatusBooked {
		t.Fatalf("the agent said %q, but booking %s is %s", again.Text, b.ID, b.Status)
	}
}
