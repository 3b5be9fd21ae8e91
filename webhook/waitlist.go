package webhook

import (
	"encoding/json"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// The waitlist's events. Their body is built when the change happens and
// travels in the fan-out's job (booking.Job.Data): an entry withdrawn or
// erased is gone by the time the fan-out runs. It holds no contact
// details, nor the customer's name: an entry for a kind in a city is no
// one provider's, and the booking an offer makes tells its provider who
// the customer is (booking.created).

// WaitlistPayload is the body of a waitlist event.
type WaitlistPayload struct {
	Type      EventType    `json:"type"`
	Timestamp time.Time    `json:"timestamp"`
	Data      WaitlistData `json:"data"`
}

// WaitlistData is a waitlist entry as a provider's system sees it: what
// is wanted, not who wants it.
type WaitlistData struct {
	ID string `json:"id"`
	// Either Kind and City, or ProviderID (and maybe ServiceID).
	Kind       string `json:"kind,omitempty"`
	City       string `json:"city,omitempty"`
	ProviderID int64  `json:"provider_id,omitempty"`
	Service    string `json:"service,omitempty"`
	ServiceID  int64  `json:"service_id,omitempty"`
	// From and To bound the wanted starts; TimeFrom and TimeTo the time
	// of day, in the provider's zone.
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	TimeFrom  string    `json:"time_from"`
	TimeTo    string    `json:"time_to"`
	ExpiresAt time.Time `json:"expires_at"`
	Language  string    `json:"language"`
	CreatedAt time.Time `json:"created_at"`
	// Reason says why an entry left (waitlist.left):
	// rendezvous.WaitlistWithdrawn or WaitlistErased.
	Reason string `json:"reason,omitempty"`
	// Offer is the slot offered (waitlist.offered).
	Offer *OfferData `json:"offer,omitempty"`
}

// OfferData is a freed slot offered to an entry.
type OfferData struct {
	ID           string    `json:"id"`
	ProviderID   int64     `json:"provider_id"`
	ProviderName string    `json:"provider_name"`
	ServiceID    int64     `json:"service_id"`
	ServiceName  string    `json:"service_name,omitempty"`
	Start        time.Time `json:"start"`
	TimeZone     string    `json:"time_zone"`
	ExpiresAt    time.Time `json:"expires_at"`
}

// WaitlistPlanner plans the fan-out of the waitlist's events, in the
// transaction of the change (the waitlist's Events).
type WaitlistPlanner struct{}

// Joined returns the fan-out of waitlist.joined for e.
func (WaitlistPlanner) Joined(e *rendezvous.WaitlistEntry, now time.Time) []booking.Job {
	return waitlistJob(WaitlistJoined, e.ProviderID, now, entryData(e))
}

// Left returns the fan-out of waitlist.left for e, which left for reason;
// nothing for an entry that no longer waited (booked or expired).
func (WaitlistPlanner) Left(e *rendezvous.WaitlistEntry, reason string, now time.Time) []booking.Job {
	if !e.Active(now) {
		return nil
	}
	d := entryData(e)
	d.Reason = reason
	return waitlistJob(WaitlistLeft, e.ProviderID, now, d)
}

// Offered returns the fan-out of waitlist.offered for offer o, of
// provider p, made to e: to the endpoints of the offer's provider.
func (WaitlistPlanner) Offered(e *rendezvous.WaitlistEntry, o *rendezvous.WaitlistOffer, p *rendezvous.Provider, now time.Time) []booking.Job {
	d := entryData(e)
	od := &OfferData{ID: o.ID, ProviderID: o.ProviderID, ProviderName: p.Name, ServiceID: o.ServiceID, Start: o.Start.UTC(),
		ExpiresAt: o.ExpiresAt.UTC()}
	if loc, err := p.Location(); err == nil {
		od.Start, od.TimeZone = o.Start.In(loc), loc.String()
	}
	if s, ok := p.Service(o.ServiceID); ok {
		od.ServiceName = s.Name
	}
	d.Offer = od
	return waitlistJob(WaitlistOffered, o.ProviderID, now, d)
}

func entryData(e *rendezvous.WaitlistEntry) WaitlistData {
	return WaitlistData{ID: e.ID, Kind: string(e.Kind), City: e.City, ProviderID: e.ProviderID, Service: e.Service, ServiceID: e.ServiceID,
		From: e.From.UTC(), To: e.To.UTC(), TimeFrom: e.DayFrom.String(), TimeTo: e.DayTo.String(), ExpiresAt: e.ExpiresAt.UTC(),
		Language: e.Language, CreatedAt: e.CreatedAt.UTC()}
}

// waitlistJob is the fan-out job of event t about d, for the endpoints
// of providerID (0: of a kind in a city, which only the endpoints of
// every provider receive). Its body is the job's data; the subject of
// its deliveries (Job.Ref) the offer for an offer, else the entry.
func waitlistJob(t EventType, providerID int64, now time.Time, d WaitlistData) []booking.Job {
	// Strings, numbers and validated times: nothing here fails to marshal.
	body, _ := json.Marshal(WaitlistPayload{Type: t, Timestamp: now.UTC().Truncate(time.Second), Data: d})
	ref := d.ID
	if d.Offer != nil {
		ref = d.Offer.ID
	}
	return []booking.Job{{Kind: fanOutKind(t), Ref: ref, ProviderID: providerID, Data: body,
		Queue: Queue, MaxAttempts: fanOutAttempts}}
}
