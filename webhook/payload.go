package webhook

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Payload is a delivery's body: the specification's envelope (type,
// timestamp, data) around the booking as the event left it.
type Payload struct {
	Type EventType `json:"type"`
	// Timestamp is when the change happened.
	Timestamp time.Time   `json:"timestamp"`
	Data      BookingData `json:"data"`
}

// BookingData is a booking as a provider's system sees it: the customer's
// details included, since the booking is the provider's.
type BookingData struct {
	ID           string     `json:"id"`
	Version      int        `json:"version"`
	Status       string     `json:"status"`
	ProviderID   int64      `json:"provider_id"`
	ProviderName string     `json:"provider_name"`
	ServiceID    int64      `json:"service_id"`
	ServiceName  string     `json:"service_name,omitempty"`
	Start        time.Time  `json:"start"`
	End          time.Time  `json:"end"`
	TimeZone     string     `json:"time_zone"`
	Language     string     `json:"language,omitempty"`
	Customer     Customer   `json:"customer"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty"`
	// ErasedAt is set when the customer's data was erased: the customer
	// is then empty (a booking ahead is cancelled by its erasure).
	ErasedAt *time.Time `json:"erased_at,omitempty"`
}

// Customer is the booking's customer.
type Customer struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// payloadOf renders the body of event e about booking b of provider p.
func payloadOf(e EventType, b *rendezvous.Booking, p *rendezvous.Provider) ([]byte, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	d := BookingData{ID: b.ID, Version: b.TokenVersion, Status: string(b.Status), ProviderID: p.ID, ProviderName: p.Name,
		ServiceID: b.ServiceID, Start: b.Start.In(loc), End: b.End.In(loc), TimeZone: loc.String(), Language: b.Language,
		Customer:  Customer{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone},
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC()}
	if s, ok := p.Service(b.ServiceID); ok {
		d.ServiceName = s.Name
	}
	if b.CancelledAt != nil {
		c := b.CancelledAt.UTC()
		d.CancelledAt = &c
	}
	if b.ErasedAt != nil {
		e := b.ErasedAt.UTC()
		d.ErasedAt = &e
	}
	body, err := json.Marshal(Payload{Type: e, Timestamp: b.UpdatedAt.UTC(), Data: d})
	if err != nil {
		return nil, fmt.Errorf("webhook: payload: %w", err)
	}
	return body, nil
}

// deliveryID is the webhook-id of event e, of the booking's version, for
// endpoint ep: derived from them, so that a fan-out run twice makes the
// same delivery once.
func deliveryID(ep string, e EventType, bookingID string, version int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d", ep, e, bookingID, version))
	return "msg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:20]))
}
