package dialogue_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/conversations"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestRegistryBoundsEachTurn: no turn makes more than MaxCalls tool calls,
// repeats one identical call more than MaxRepeats times, or waits on a
// tool longer than CallTimeout.
func TestRegistryBoundsEachTurn(t *testing.T) {
	w := getWorld(t)
	reg := dialogue.NewRegistry(w.Desk, dialogue.Limits{MaxCalls: 4, MaxRepeats: 2, CallTimeout: time.Second}, nil)
	ctx := context.Background()
	turn := dialogue.NewTurn(&dialogue.State{}, now)
	args := dialogue.SearchProvidersArgs{Kind: "dentist", City: "Lyon"}
	for i := range 2 {
		if _, err := reg.Call(ctx, turn, dialogue.ToolSearchProviders, args); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := reg.Call(ctx, turn, dialogue.ToolSearchProviders, args); !errors.Is(err, dialogue.ErrRepeatedCall) {
		t.Fatalf("third identical call: %v, want ErrRepeatedCall", err)
	}
	other := dialogue.SearchProvidersArgs{Kind: "dentist", City: "Paris"}
	if _, err := reg.Call(ctx, turn, dialogue.ToolSearchProviders, other); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.CallJSON(ctx, turn, dialogue.ToolSearchProviders, json.RawMessage(`{"kind":"dentist","city":"Nice"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Call(ctx, turn, dialogue.ToolSearchProviders, dialogue.SearchProvidersArgs{Kind: "dentist", City: "Lille"}); !errors.Is(err, dialogue.ErrTooManyCalls) {
		t.Fatalf("fifth call of a 4-call turn: %v, want ErrTooManyCalls", err)
	}
	// A new turn has a new budget.
	if _, err := reg.Call(ctx, dialogue.NewTurn(&dialogue.State{}, now), dialogue.ToolSearchProviders, args); err != nil {
		t.Fatalf("next turn: %v", err)
	}
}

func TestRegistryRefusesBadPayloads(t *testing.T) {
	reg := dialogue.NewRegistry(getWorld(t).Desk, dialogue.Limits{}, nil)
	ctx := context.Background()
	turn := dialogue.NewTurn(&dialogue.State{}, now)
	for name, tc := range map[string]struct {
		tool string
		raw  string
	}{
		"UnknownTool":  {"delete_everything", `{}`},
		"UnknownField": {dialogue.ToolSearchProviders, `{"kind":"dentist","city":"Lyon","admin":true}`},
		"WrongType":    {dialogue.ToolCancelBooking, `{"booking_id":42}`},
		"Trailing":     {dialogue.ToolListMyBookings, `{} {}`},
		"NotJSON":      {dialogue.ToolGetAvailability, `kind=dentist`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := reg.CallJSON(ctx, turn, tc.tool, json.RawMessage(tc.raw))
			if !errors.Is(err, dialogue.ErrBadToolPayload) && !errors.Is(err, dialogue.ErrUnknownTool) {
				t.Fatalf("CallJSON(%s, %s) = %v", tc.tool, tc.raw, err)
			}
		})
	}
}

// TestToolsEnforceRights: whatever a caller (a language model) asks, the
// tools only book what the customer confirmed and only touch the
// session's own bookings.
func TestToolsEnforceRights(t *testing.T) {
	w := getWorld(t)
	reg := dialogue.NewRegistry(w.Desk, dialogue.Limits{}, nil)
	ctx := context.Background()
	h := conversations.NewHarness(t, w)
	stranger := h.BookDirectly(rendezvous.KindDentist, "Paris", "stranger@example.com", now.AddDate(0, 0, 2))

	st := &dialogue.State{}
	turn := dialogue.NewTurn(st, now)
	res, err := reg.Call(ctx, turn, dialogue.ToolGetAvailability, dialogue.GetAvailabilityArgs{Kind: "dentist", City: "Lyon", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	slot := res.(dialogue.SlotsResult).Slots[0]
	book := dialogue.CreateBookingArgs{ProviderID: slot.ProviderID, ServiceID: slot.ServiceID, Start: slot.Start.Format(time.RFC3339),
		Customer: dialogue.Customer{Name: "Eve", Email: "eve@example.com", Phone: "+33612345678"}}
	if _, err := reg.Call(ctx, turn, dialogue.ToolCreateBooking, book); rendezvous.ErrorCodeOf(err) != rendezvous.EFORBIDDEN {
		t.Fatalf("booking without confirmation: %v", err)
	}
	// A confirmation of another booking (another customer) does not do.
	st.Confirmed = &dialogue.Action{Kind: "book", ProviderID: slot.ProviderID, ServiceID: slot.ServiceID, Start: slot.Start,
		Customer: dialogue.Customer{Name: "Someone", Email: "someone@example.com", Phone: "+33612345678"}}
	if _, err := reg.Call(ctx, turn, dialogue.ToolCreateBooking, book); rendezvous.ErrorCodeOf(err) != rendezvous.EFORBIDDEN {
		t.Fatalf("booking with another confirmation: %v", err)
	}
	for _, c := range []struct {
		name string
		args any
		tool string
	}{
		{"CancelOthers", dialogue.CancelBookingArgs{BookingID: stranger.Booking.ID}, dialogue.ToolCancelBooking},
		{"MoveOthers", dialogue.RescheduleBookingArgs{BookingID: stranger.Booking.ID, Start: slot.Start.Format(time.RFC3339)}, dialogue.ToolRescheduleBooking},
	} {
		if _, err := reg.Call(ctx, turn, c.tool, c.args); rendezvous.ErrorCodeOf(err) != rendezvous.EFORBIDDEN {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Guessing ownership with a wrong email proves nothing.
	if _, err := reg.Call(ctx, turn, dialogue.ToolListMyBookings, dialogue.ListMyBookingsArgs{Reference: stranger.Booking.ID, Email: "eve@example.com"}); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Errorf("list with a wrong email: %v", err)
	}
	res, err = reg.Call(ctx, turn, dialogue.ToolListMyBookings, dialogue.ListMyBookingsArgs{})
	if err != nil || len(res.(dialogue.BookingsResult).Bookings) != 0 {
		t.Errorf("a fresh session lists bookings: %v %v", res, err)
	}
	b, _ := w.Store.Booking(ctx, stranger.Booking.ID)
	if b.Status != rendezvous.StatusBooked || !b.Start.Equal(stranger.Booking.Start) {
		t.Errorf("the stranger's booking changed: %+v", b)
	}
}

// TestPartsOfTheDay: a search for a part of the day proposes only slots
// that start within it, in the provider's time zone — the afternoon from
// 13:00, not at noon.
func TestPartsOfTheDay(t *testing.T) {
	w := getWorld(t)
	reg := dialogue.NewRegistry(w.Desk, dialogue.Limits{}, nil)
	tests := []struct {
		part     string
		from, to int // local hours [from, to)
	}{
		{"morning", 6, 12},
		{"afternoon", 13, 18},
		{"evening", 17, 22},
	}
	for _, tt := range tests {
		for _, city := range []string{"Lyon", "Montréal"} {
			t.Run(tt.part+"/"+city, func(t *testing.T) {
				turn := dialogue.NewTurn(&dialogue.State{}, now)
				date := now.AddDate(0, 0, 3).Format("2006-01-02")
				res, err := reg.Call(context.Background(), turn, dialogue.ToolGetAvailability,
					dialogue.GetAvailabilityArgs{Kind: "general_practitioner", City: city, Date: date, PartOfDay: tt.part, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				slots := res.(dialogue.SlotsResult).Slots
				if len(slots) == 0 && tt.part != "evening" {
					t.Fatalf("no %s slot in %s on %s", tt.part, city, date)
				}
				for _, s := range slots {
					if h := s.Start.Hour(); h < tt.from || h >= tt.to {
						t.Errorf("%s slot at %s", tt.part, s.Start.Format(time.RFC3339))
					}
				}
			})
		}
	}
}
