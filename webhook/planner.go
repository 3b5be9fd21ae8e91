package webhook

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// fanOutAttempts bounds the tries of a fan-out: it only reads and writes
// the database, so its failures are the database's.
const fanOutAttempts = 20

// Planner plans the webhook jobs of a booking's changes: one fan-out per
// event, in the change's transaction. Whom it goes to is decided when the
// fan-out runs, from the endpoints registered then.
type Planner struct{}

var _ booking.Planner = Planner{}

// Plan implements booking.Planner.
func (Planner) Plan(e booking.Event, b *rendezvous.Booking, _ time.Time) booking.JobPlan {
	t, ok := eventOf(e)
	if !ok {
		return booking.JobPlan{}
	}
	return booking.JobPlan{Insert: []booking.Job{{Kind: fanOutKind(t), BookingID: b.ID, Version: b.TokenVersion,
		Queue: Queue, MaxAttempts: fanOutAttempts}}}
}

// eventOf is the webhook event of a booking's change.
func eventOf(e booking.Event) (EventType, bool) {
	switch e {
	case booking.EventCreated:
		return BookingCreated, true
	case booking.EventRescheduled:
		return BookingRescheduled, true
	case booking.EventCancelled:
		return BookingCancelled, true
	}
	return "", false
}
