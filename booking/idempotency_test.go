package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// TestRetriesGetTheFirstAnswer: a change whose answer was lost, repeated
// with its idempotency key, gets the first answer again — the same
// booking, with a token that works — instead of a second booking, a 409
// on its own slot, or a 401 for the token the first change revoked.
func TestRetriesGetTheFirstAnswer(t *testing.T) {
	ctx := context.Background()
	desk, p, start := deskWithProvider(t)
	req := rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start, IdempotencyKey: "api:k1",
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "06 12 34 56 78"}}
	first, err := desk.Book(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if first.Replayed {
		t.Error("a first booking says it is replayed")
	}
	// The same request, written otherwise: the same meaning.
	again := req
	again.Start = start.UTC()
	again.Customer = rendezvous.Customer{Name: " Marie  Curie", Email: "Marie@Example.com", Phone: "+33 6 12 34 56 78"}
	replayed, err := desk.Book(ctx, again)
	if err != nil {
		t.Fatalf("retrying the booking: %v", err)
	}
	if !replayed.Replayed || replayed.Booking.ID != first.Booking.ID {
		t.Fatalf("retry booked %s (replayed %v), want the first booking %s", replayed.Booking.ID, replayed.Replayed, first.Booking.ID)
	}
	if diff := cmp.Diff(first.Booking, replayed.Booking); diff != "" {
		t.Errorf("replayed booking (-first +replayed):\n%s", diff)
	}
	if _, _, err := desk.Booking(ctx, first.Booking.ID, replayed.Token); err != nil {
		t.Errorf("the replayed token: %v", err)
	}
	// Without the key, the retry is a new request: the slot is taken.
	req.IdempotencyKey = ""
	if _, err := desk.Book(ctx, req); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonSlotTaken {
		t.Errorf("retry without a key: %v, want slot_taken", err)
	}
	// The key with another request is refused, and books nothing.
	other := again
	other.Start = start.Add(time.Hour)
	if _, err := desk.Book(ctx, other); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonIdempotencyKeyReused ||
		rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
		t.Errorf("the key with another slot: %v, want EINVALID/idempotency_key_reused", err)
	}

	// Moving: the first move revokes the token the retry carries.
	id, t1 := first.Booking.ID, first.Token
	moved, err := desk.RescheduleOnce(ctx, id, t1, start.Add(time.Hour).Format(time.RFC3339), "api:m1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.RescheduleOnce(ctx, id, t1, start.Add(time.Hour).Format(time.RFC3339), ""); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
		t.Fatalf("moving again with the revoked token and no key: %v, want invalid_token", err)
	}
	// The same local time, without an offset, is the same request.
	movedAgain, err := desk.RescheduleOnce(ctx, id, t1, start.Add(time.Hour).Format("2006-01-02T15:04"), "api:m1")
	if err != nil {
		t.Fatalf("retrying the move: %v", err)
	}
	if !movedAgain.Replayed || !movedAgain.Booking.Start.Equal(moved.Booking.Start) || movedAgain.Booking.TokenVersion != 2 {
		t.Errorf("retried move: %+v", movedAgain.Booking)
	}
	if _, _, err := desk.Booking(ctx, id, movedAgain.Token); err != nil {
		t.Errorf("the replayed move's token: %v", err)
	}
	_, err = desk.RescheduleOnce(ctx, id, t1, start.Add(2*time.Hour).Format(time.RFC3339), "api:m1")
	if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonIdempotencyKeyReused {
		t.Errorf("the move's key to another time: %v, want idempotency_key_reused", err)
	}

	// Cancelling, likewise.
	t2 := moved.Token
	cancelled, err := desk.CancelOnce(ctx, id, t2, "api:c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Cancel(ctx, id, t2); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
		t.Fatalf("cancelling again with the revoked token and no key: %v, want invalid_token", err)
	}
	cancelledAgain, err := desk.CancelOnce(ctx, id, t2, "api:c1")
	if err != nil {
		t.Fatalf("retrying the cancellation: %v", err)
	}
	if !cancelledAgain.Replayed || cancelledAgain.Booking.Status != rendezvous.StatusCancelled || cancelledAgain.Booking.TokenVersion != cancelled.Booking.TokenVersion {
		t.Errorf("retried cancellation: %+v", cancelledAgain.Booking)
	}
	if b, _, err := desk.Booking(ctx, id, cancelledAgain.Token); err != nil || b.Active() {
		t.Errorf("the replayed cancellation's token reads %+v, %v", b, err)
	}
	// A key is bound to the token version it was used with.
	if _, err := desk.CancelOnce(ctx, id, cancelled.Token, "api:c1"); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonIdempotencyKeyReused {
		t.Errorf("the key with the next token: %v, want idempotency_key_reused", err)
	}
}

// TestOneCustomerCannotHoardTheCalendar: the desk caps the upcoming
// bookings of an email address and of a phone number (5 by default).
func TestOneCustomerCannotHoardTheCalendar(t *testing.T) {
	ctx := context.Background()
	desk, p, start := deskWithProvider(t)
	book := func(i int, email, phone string) error {
		_, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start.Add(time.Duration(i) * 30 * time.Minute),
			Customer: rendezvous.Customer{Name: "Marie Curie", Email: email, Phone: phone}})
		return err
	}
	for i := range booking.DefaultMaxUpcomingPerCustomer {
		if err := book(i, "marie@example.com", "06 12 34 56 78"); err != nil {
			t.Fatalf("booking %d: %v", i+1, err)
		}
	}
	for _, c := range [][2]string{{"MARIE@example.com", "06 99 99 99 99"}, {"other@example.com", "+33612345678"}} {
		err := book(booking.DefaultMaxUpcomingPerCustomer, c[0], c[1])
		if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManyBookings {
			t.Errorf("%s, %s: %v, want too_many_bookings", c[0], c[1], err)
		}
	}
	if err := book(booking.DefaultMaxUpcomingPerCustomer, "other@example.com", "06 99 99 99 99"); err != nil {
		t.Errorf("another customer: %v", err)
	}
}
