package waitlist

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// ReplayWindow is how long after its use an offer's link answers with
// the booking it made again (a double click, a retry after an answer lost
// to a network cut); later it answers offer_used.
const ReplayWindow = 10 * time.Minute

// Offered is an offer as its link's holder sees it.
type Offered struct {
	Offer    *rendezvous.WaitlistOffer
	Provider *rendezvous.Provider
	Service  rendezvous.Service
	// Token is the offer's link token (for an offer made in answer to a
	// taken slot: the next one's).
	Token string
}

// Booked is what an offer's link did: booked its slot, or found it taken
// and offers the next slot that fits (Next; nil when none is free).
type Booked struct {
	Confirmation *booking.Confirmation
	Taken        bool
	Next         *Offered
}

// Offer returns the offer a link token is for. Returns
// EUNAUTHORIZED/invalid_token for a bad or expired token and
// ECONFLICT/offer_expired for an offer whose entry was withdrawn.
func (s *Service) Offer(ctx context.Context, token string) (*Offered, error) {
	o, _, err := s.offerOf(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.offered(ctx, o, token)
}

func (s *Service) offered(ctx context.Context, o *rendezvous.WaitlistOffer, token string) (*Offered, error) {
	p, err := s.cfg.Desk.Provider(ctx, o.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("waitlist offer: %w", err)
	}
	svc, _ := p.Service(o.ServiceID)
	return &Offered{Offer: o, Provider: p, Service: svc, Token: token}, nil
}

// offerOf checks a link token and returns its offer and entry.
func (s *Service) offerOf(ctx context.Context, token string) (*rendezvous.WaitlistOffer, *rendezvous.WaitlistEntry, error) {
	id, err := s.cfg.Tokens.VerifyOfferToken(token)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.cfg.Store.WaitlistOffer(ctx, id)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil, nil, rendezvous.ErrOfferExpired() // withdrawn or erased with its entry
	}
	if err != nil {
		return nil, nil, err
	}
	e, err := s.cfg.Store.WaitlistEntry(ctx, o.EntryID)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil, nil, rendezvous.ErrOfferExpired()
	}
	if err != nil {
		return nil, nil, err
	}
	return o, e, nil
}

// Book books an offer's slot for its entry's customer, in one step: the
// offer is used and the entry fulfilled in the booking's transaction.
// When the slot was taken meanwhile (another customer's link, a booking
// made elsewhere), it says so and offers the next free slot that fits
// the entry, with a link of its own (Booked.Next). A repeated request
// (a double click, a retry after a lost answer) gets the booking again,
// within ReplayWindow and while the booking stands.
// Returns EUNAUTHORIZED/invalid_token, ECONFLICT/offer_used (the offer
// booked already, for another request), ECONFLICT/offer_expired, and
// Desk.Book's errors.
func (s *Service) Book(ctx context.Context, token string) (*Booked, error) {
	o, e, err := s.offerOf(ctx, token)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Desk.Now()
	if o.UsedAt == nil && (!e.Active(now) || !now.Before(o.ExpiresAt)) {
		return nil, rendezvous.ErrOfferExpired()
	}
	if o.UsedAt != nil && now.Sub(*o.UsedAt) > ReplayWindow {
		// Past a retry's window the link is no longer a bearer
		// credential to the booking: it would hand whoever holds the
		// email (forwarded, left open) the customer's details and a
		// fresh manage token. The confirmation email has the manage link.
		return nil, rendezvous.ErrOfferUsed()
	}
	c, err := s.cfg.Desk.BookOffer(ctx, rendezvous.BookingRequest{ProviderID: o.ProviderID, ServiceID: o.ServiceID, Start: o.Start,
		Customer: e.Customer, Language: e.Language, EmailVerified: true, IdempotencyKey: "waitlist:" + o.ID}, o.ID)
	switch rendezvous.ErrorReasonOf(err) {
	case "":
		if c.Replayed {
			// A replay answers the booking as the link made it: if it was
			// cancelled since, it must not answer "booked".
			live, _, err := s.cfg.Desk.BookingRecord(ctx, c.Booking.ID)
			if err != nil {
				return nil, fmt.Errorf("waitlist replay: %w", err)
			}
			if !live.Active() {
				return nil, rendezvous.ErrOfferUsed()
			}
		}
		if s.cfg.Metrics != nil && !c.Replayed {
			s.cfg.Metrics.WaitlistBooked()
		}
		return &Booked{Confirmation: c}, nil
	case rendezvous.ReasonSlotTaken, rendezvous.ReasonSlotUnavailable:
	default:
		return nil, err
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.WaitlistTaken()
	}
	next, err := s.next(ctx, e, now)
	if err != nil {
		return nil, err
	}
	return &Booked{Taken: true, Next: next}, nil
}

// next offers e the earliest free slot that fits it, if any: the
// provider's, or any provider's of its kind in its city.
func (s *Service) next(ctx context.Context, e *rendezvous.WaitlistEntry, now time.Time) (*Offered, error) {
	var slot rendezvous.Slot
	found := false
	if e.ProviderID != 0 {
		p, err := s.cfg.Desk.Provider(ctx, e.ProviderID)
		if err != nil {
			return nil, fmt.Errorf("waitlist next slot: %w", err)
		}
		if slot, found, err = s.providerSlot(ctx, e, p, now, e.To); err != nil {
			return nil, err
		}
	} else {
		loc, err := s.cfg.Desk.Location(ctx, e.Kind, e.City)
		if err != nil {
			return nil, fmt.Errorf("waitlist next slot: %w", err)
		}
		from := e.From
		if from.Before(now) {
			from = now
		}
		for from.Before(e.To) && !found {
			to := from.Add(7 * 24 * time.Hour) // a search's default window
			if to.After(e.To) {
				to = e.To
			}
			slots, err := s.cfg.Desk.Earliest(ctx, booking.SearchQuery{Kind: e.Kind, City: e.City, Service: e.Service, After: from, Before: to, Limit: 50})
			if err != nil {
				return nil, fmt.Errorf("waitlist next slot: %w", err)
			}
			for _, sl := range slots {
				if e.Fits(sl.Start, loc) {
					slot, found = sl, true
					break
				}
			}
			if len(slots) == 50 && !found {
				from = slots[len(slots)-1].Start.Add(time.Second)
			} else {
				from = to
			}
		}
	}
	if !found {
		return nil, nil
	}
	p, err := s.cfg.Desk.Provider(ctx, slot.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("waitlist next slot: %w", err)
	}
	o, tok, err := s.newOffer(ctx, e, p, slot, now)
	if err != nil {
		return nil, err
	}
	return s.offered(ctx, o, tok)
}
