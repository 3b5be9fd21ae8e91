package waitlist

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// Handlers returns the waitlist's job handlers by kind, for a
// queue.Runner.
func (s *Service) Handlers() map[string]queue.Handler {
	return map[string]queue.Handler{KindMatch: s.match}
}

// match works a matcher job: the entries that the freed span of j's
// provider may serve are each offered the earliest free slot of the
// provider that fits them, unless they were offered that slot already.
// An email that fails makes the job fail, to be tried again; the offers
// that went are not sent twice.
func (s *Service) match(ctx context.Context, j queue.Job) error {
	p, err := s.cfg.Desk.Provider(ctx, j.ProviderID)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil
	}
	if err != nil {
		return fmt.Errorf("waitlist match: %w", err)
	}
	now := s.cfg.Desk.Now()
	entries, err := s.cfg.Store.MatchWaitlist(ctx, rendezvous.WaitlistMatch{ProviderID: p.ID, Kind: p.Kind, City: p.City,
		From: j.From, To: j.To, Now: now, Limit: maxPerMatch})
	if err != nil {
		return fmt.Errorf("waitlist match: %w", err)
	}
	// A slot that starts a little before the freed span may fit now (a
	// longer service that needed the freed minutes too).
	from := j.From.Add(-rendezvous.MaxBlockedSpan)
	for _, e := range entries {
		slot, ok, err := s.providerSlot(ctx, e, p, from, j.To)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := s.offer(ctx, e, p, slot, now); err != nil {
			return err
		}
	}
	return nil
}

// serviceOf returns the service of p that e wants: its ServiceID, the
// first whose name holds e.Service, or p's first.
func serviceOf(e *rendezvous.WaitlistEntry, p *rendezvous.Provider) (rendezvous.Service, bool) {
	if e.ServiceID != 0 {
		return p.Service(e.ServiceID)
	}
	key := rendezvous.FoldKey(e.Service)
	for _, svc := range p.Services {
		if key == "" || strings.Contains(rendezvous.FoldKey(svc.Name), key) {
			return svc, true
		}
	}
	return rendezvous.Service{}, false
}

// providerSlot returns the earliest free slot of p that e wants and that
// starts in [from, to).
func (s *Service) providerSlot(ctx context.Context, e *rendezvous.WaitlistEntry, p *rendezvous.Provider, from, to time.Time) (rendezvous.Slot, bool, error) {
	svc, ok := serviceOf(e, p)
	if !ok {
		return rendezvous.Slot{}, false, nil
	}
	loc, err := p.Location()
	if err != nil {
		return rendezvous.Slot{}, false, err
	}
	if from.Before(e.From) {
		from = e.From
	}
	if to.After(e.To) {
		to = e.To
	}
	slots, err := s.cfg.Desk.FreeSlots(ctx, p.ID, svc.ID, from, to)
	if err != nil {
		return rendezvous.Slot{}, false, fmt.Errorf("waitlist slots of provider %d: %w", p.ID, err)
	}
	for _, sl := range slots {
		if e.Fits(sl.Start, loc) {
			return sl, true, nil
		}
	}
	return rendezvous.Slot{}, false, nil
}

// offer records the offer of slot to e and emails it, unless it went
// already.
func (s *Service) offer(ctx context.Context, e *rendezvous.WaitlistEntry, p *rendezvous.Provider, slot rendezvous.Slot, now time.Time) error {
	o, tok, err := s.newOffer(ctx, e, p, slot, now)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil // the entry was withdrawn or erased meanwhile
	}
	if err != nil {
		return err
	}
	if o.SentAt != nil || o.UsedAt != nil {
		return nil
	}
	svc, _ := p.Service(slot.ServiceID)
	m, err := s.cfg.Renderer.Offer(offerMail(o, e, p, svc.Name, tok))
	if err != nil {
		return err
	}
	if err := s.cfg.Sender.Send(ctx, m); err != nil {
		return fmt.Errorf("waitlist offer: %w", err)
	}
	if err := s.cfg.Store.MarkWaitlistOfferSent(ctx, o.ID, s.cfg.Desk.Now()); err != nil {
		return err
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.WaitlistOffered()
	}
	s.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "waitlist offer sent", slog.String("offer", o.ID), slog.String("entry", e.ID),
		slog.Int64("provider", p.ID))
	return nil
}

// newOffer records an offer of slot (of provider p) to e, with the jobs
// that tell of it, or finds the one made before, and signs its link.
func (s *Service) newOffer(ctx context.Context, e *rendezvous.WaitlistEntry, p *rendezvous.Provider, slot rendezvous.Slot, now time.Time) (*rendezvous.WaitlistOffer, string, error) {
	exp := now.Add(rendezvous.WaitlistOfferLifetime)
	if slot.Start.Before(exp) {
		exp = slot.Start
	}
	o, err := s.cfg.Store.CreateWaitlistOffer(ctx, &rendezvous.WaitlistOffer{ID: newID(offerPrefix, 16), EntryID: e.ID,
		ProviderID: slot.ProviderID, ServiceID: slot.ServiceID, Start: slot.Start, CreatedAt: now, ExpiresAt: exp}, s.offerJobs(e, p, now))
	if err != nil {
		return nil, "", err
	}
	tok, err := s.cfg.Tokens.IssueOfferToken(o.ID)
	if err != nil {
		return nil, "", err
	}
	return o, tok, nil
}

// offerJobs returns the jobs of an offer made to e: nil without Events.
func (s *Service) offerJobs(e *rendezvous.WaitlistEntry, p *rendezvous.Provider, now time.Time) func(*rendezvous.WaitlistOffer) []booking.Job {
	if s.cfg.Events == nil {
		return nil
	}
	return func(o *rendezvous.WaitlistOffer) []booking.Job { return s.cfg.Events.Offered(e, o, p, now) }
}

func offerMail(o *rendezvous.WaitlistOffer, e *rendezvous.WaitlistEntry, p *rendezvous.Provider, service, token string) notify.Offer {
	return notify.Offer{OfferID: o.ID, Customer: e.Customer, Language: e.Language, Provider: p, Service: service, Start: o.Start,
		Token: token, ValidFor: max(time.Hour, o.ExpiresAt.Sub(o.CreatedAt).Round(time.Hour))}
}
