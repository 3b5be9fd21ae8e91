package dialogue

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Proving a booking made elsewhere: its reference and the email it was
// made with grant the session that one booking, while it is active. A
// reference is 50 random bits, but the attacker who knows a victim's
// email may still guess; every attempt is therefore counted, per client
// address against the same rate as the API's booking endpoints, and per
// conversation against a small number of failures.

// Limiter counts attempts of a key against a rate (the HTTP API's rate
// limiter, shared by instances through Redis).
type Limiter interface {
	Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error)
}

// LookupLimits bound the booking lookups (reference and email) of the chat.
type LookupLimits struct {
	// Limiter counts lookups per client address; nil counts none (tests):
	// servers always set it.
	Limiter Limiter
	// PerClient is the rate of lookups from one client address (20 a
	// minute, burst 10: the API's booking rate, so that guessing through
	// the chat costs what it costs through the API).
	PerClient rendezvous.Rate
	// MaxFailures bounds the failed lookups of one conversation (5).
	MaxFailures int
	// Key is the limiter key of a client's budget: servers give the API's
	// booking class key (httpapi.RateKey), so that a guess costs what a
	// booking request costs, from the same budget. Nil: "booking:<client>".
	Key func(client string) string
}

func (l LookupLimits) key(client string) string {
	if l.Key != nil {
		return l.Key(client)
	}
	return "booking:" + client
}

func (l LookupLimits) withDefaults() LookupLimits {
	if l.PerClient.Count <= 0 {
		l.PerClient = rendezvous.Rate{Count: 20, Period: time.Minute, Burst: 10}
	}
	if l.MaxFailures <= 0 {
		l.MaxFailures = 5
	}
	return l
}

// ReasonTooManyLookups refuses a lookup past the limits.
const ReasonTooManyLookups = "too_many_lookups"

// lookup proves one booking by reference and email and grants it to the
// session. Returns ENOTFOUND when either is wrong or the booking is not
// active, and ERATELIMITED/too_many_lookups past the limits — checked
// before the desk is asked, so that a refused attempt learns nothing.
func (bt *bookingTools) lookup(ctx context.Context, t *Turn, reference, email string) error {
	if t.State.LookupFailures >= bt.lookups.MaxFailures {
		return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, ReasonTooManyLookups,
			"this conversation has given %d references that matched no booking; start a new conversation later", t.State.LookupFailures)
	}
	if bt.lookups.Limiter != nil {
		d, err := bt.lookups.Limiter.Allow(ctx, bt.lookups.key(t.Client), bt.lookups.PerClient)
		if err != nil {
			// Fail closed: an uncounted guess is a free guess.
			return fmt.Errorf("count booking lookup: %w", err)
		}
		if !d.Allowed {
			return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, ReasonTooManyLookups,
				"too many booking lookups from your connection; try again in %d seconds", max(1, int(d.RetryAfter.Seconds()+0.999)))
		}
	}
	c, err := bt.desk.Lookup(ctx, reference, email)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		t.State.LookupFailures++
	}
	if err != nil {
		return err
	}
	t.State.addGrant(c.Booking.ID, c.Booking.TokenVersion, ProofReference)
	return nil
}
