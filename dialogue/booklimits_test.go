package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// refusingDesk is the world's desk, refusing every booking with err.
type refusingDesk struct {
	dialogue.Desk
	err error
}

func (d refusingDesk) Book(context.Context, rendezvous.BookingRequest) (*booking.Confirmation, error) {
	return nil, d.err
}

// denyAll is a limiter that has no room left.
type denyAll struct{ keys []string }

func (d *denyAll) Allow(_ context.Context, key string, _ rendezvous.Rate) (rendezvous.RateDecision, error) {
	d.keys = append(d.keys, key)
	return rendezvous.RateDecision{Allowed: false, RetryAfter: time.Minute}, nil
}

// TestBookingRefusalsAreExplained: a customer past the cap of upcoming
// bookings, or a connection past its rate of bookings, is told so
// plainly, in their language — not "something went wrong".
func TestBookingRefusalsAreExplained(t *testing.T) {
	w := getWorld(t)
	for lang, msgs := range toConfirmation {
		yes := map[string]string{"en": "yes", "fr": "oui"}[lang]
		t.Run(lang+"/TooManyBookings", func(t *testing.T) {
			m := newManager(t, refusingDesk{w.Desk, booking.ErrTooManyBookings(5, false)}, dialogue.Limits{})
			st := &dialogue.State{}
			r := converse(t, m, st, "", append(msgs, yes)...)
			// Not proved in this conversation: the way on is to prove the
			// address (the cap counts what anyone booked with it).
			want := map[string]string{"en": "show all my bookings", "fr": "tous mes rendez-vous"}[lang]
			if !strings.Contains(r.Text, want) || st.Awaiting != dialogue.AwaitNothing || st.Pending != nil {
				t.Errorf("reply %q, awaiting %q; want %q and the task ended", r.Text, st.Awaiting, want)
			}
		})
		t.Run(lang+"/TooManyFromTheConnection", func(t *testing.T) {
			limiter := &denyAll{}
			m := newManager(t, w.Desk, dialogue.Limits{Bookings: dialogue.BookingLimits{Limiter: limiter}})
			st := &dialogue.State{}
			r := converse(t, m, st, "", append(msgs, yes)...)
			want := map[string]string{"en": "Too many bookings have been made from your connection", "fr": "Trop de réservations ont été faites depuis votre connexion"}[lang]
			if !strings.Contains(r.Text, want) || r.Booking != nil || st.Awaiting != dialogue.AwaitConfirmation {
				t.Errorf("reply %q, awaiting %q; want %q, no booking, the question asked again", r.Text, st.Awaiting, want)
			}
			if len(limiter.keys) != 1 || limiter.keys[0] != "booking:192.0.2.7" {
				t.Errorf("counted %v, want the client's booking: key once", limiter.keys)
			}
		})
	}
}
