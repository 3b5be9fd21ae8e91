package dialogue

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Bookings made in a chat are bounded per client address, as the API's
// POST /v1/bookings is by its booking rate class: a customer books a
// handful, and a script that fakes customers must pay for each booking
// with its addresses. (Each customer's email and phone number are capped
// too, by the desk.)

// BookingLimits bound the bookings the chat makes.
type BookingLimits struct {
	// Limiter counts bookings per client address; nil counts none
	// (tests): servers always set it.
	Limiter Limiter
	// PerClient is the rate of bookings from one client address (20 a
	// minute, burst 10: the API's booking rate).
	PerClient rendezvous.Rate
	// Key is the limiter key of a client's budget: servers give the API's
	// booking class key (httpapi.RateKey), so that the chat's bookings and
	// the API's share one budget. Nil: "booking:<client>".
	Key func(client string) string
}

func (l BookingLimits) key(client string) string {
	if l.Key != nil {
		return l.Key(client)
	}
	return "booking:" + client
}

func (l BookingLimits) withDefaults() BookingLimits {
	if l.PerClient.Count <= 0 {
		l.PerClient = rendezvous.Rate{Count: 20, Period: time.Minute, Burst: 10}
	}
	return l
}

// ReasonTooManyBookingsFromClient refuses a booking past the rate of its
// client address.
const ReasonTooManyBookingsFromClient = "too_many_bookings_from_client"

// allowBooking counts a booking attempt of the turn's client, and refuses
// it past the limit. It fails closed: an uncounted booking is unbounded.
func (bt *bookingTools) allowBooking(ctx context.Context, t *Turn) error {
	if bt.bookings.Limiter == nil {
		return nil
	}
	d, err := bt.bookings.Limiter.Allow(ctx, bt.bookings.key(t.Client), bt.bookings.PerClient)
	if err != nil {
		return fmt.Errorf("count booking: %w", err)
	}
	if !d.Allowed {
		return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, ReasonTooManyBookingsFromClient,
			"too many bookings from your connection; try again in %d seconds", max(1, int(d.RetryAfter.Seconds()+0.999)))
	}
	return nil
}
