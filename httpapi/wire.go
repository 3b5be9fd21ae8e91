package httpapi

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// The JSON shapes of the public API. Field names are part of the stable
// contract; the `doc` tags feed /openapi.json.

// ProviderJSON is a provider as the API shows it.
type ProviderJSON struct {
	ID        int64           `json:"id"`
	Name      string          `json:"name"`
	Kind      rendezvous.Kind `json:"kind"`
	City      string          `json:"city"`
	Address   string          `json:"address"`
	TimeZone  string          `json:"timezone" doc:"IANA time zone of the provider, e.g. Europe/Paris"`
	Languages []string        `json:"languages" doc:"ISO 639-1 codes of the languages spoken"`
	Services  []ServiceJSON   `json:"services"`
	Policy    PolicyJSON      `json:"booking_policy"`
}

// ServiceJSON is a service a provider offers.
type ServiceJSON struct {
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	DurationMinutes int    `json:"duration_minutes"`
	PriceCents      int64  `json:"price_cents"`
}

// PolicyJSON is a provider's booking policy.
type PolicyJSON struct {
	SlotStepMinutes  int `json:"slot_step_minutes" doc:"appointments start every this many minutes from the opening time"`
	BufferMinutes    int `json:"buffer_minutes" doc:"free time kept after each appointment"`
	MinNoticeMinutes int `json:"min_notice_minutes" doc:"how long before its start a slot stops being bookable"`
	HorizonDays      int `json:"horizon_days" doc:"how many days ahead slots can be booked"`
}

// ProviderListJSON is a page of providers.
type ProviderListJSON struct {
	Providers  []ProviderJSON `json:"providers"`
	NextCursor *string        `json:"next_cursor" doc:"pass as cursor to get the next page; null on the last page"`
}

// SlotJSON is a free slot. Times are RFC 3339 with the provider's offset.
type SlotJSON struct {
	ProviderID   int64     `json:"provider_id"`
	ProviderName string    `json:"provider_name,omitempty"`
	ServiceID    int64     `json:"service_id"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
}

// SlotListJSON is a list of free slots.
type SlotListJSON struct {
	Slots []SlotJSON `json:"slots"`
}

// CustomerJSON is the person an appointment is for.
type CustomerJSON struct {
	Name  string `json:"name" doc:"1 to 100 characters"`
	Email string `json:"email" format:"email"`
	Phone string `json:"phone" doc:"any usual form; numbers without a country code are read in the provider's country. Returned in E.164."`
}

// BookingRequestJSON asks for a booking.
type BookingRequestJSON struct {
	ProviderID int64        `json:"provider_id"`
	ServiceID  int64        `json:"service_id"`
	Start      string       `json:"start" doc:"one of the proposed slot starts: RFC 3339 with offset, or a local date-time without offset in the provider's time zone (refused when that local time is skipped or repeated by a clock change)"`
	Customer   CustomerJSON `json:"customer"`
	Language   string       `json:"language,omitempty" enum:"en,fr" doc:"the customer's language, for the emails about the booking; default: the provider's first language Rendezvous writes in"`
}

// RescheduleRequestJSON moves a booking.
type RescheduleRequestJSON struct {
	Start string `json:"start" doc:"the new start, same rules as when booking"`
}

// BookingJSON is a booking. ManageToken is only returned when the booking
// is created or rescheduled.
type BookingJSON struct {
	ID           string       `json:"id" doc:"also the booking reference given to the customer, e.g. RDV-7K3M9QXW2A"`
	Status       string       `json:"status" enum:"booked,cancelled"`
	ProviderID   int64        `json:"provider_id"`
	ProviderName string       `json:"provider_name"`
	ServiceID    int64        `json:"service_id"`
	ServiceName  string       `json:"service_name"`
	Start        time.Time    `json:"start"`
	End          time.Time    `json:"end"`
	Customer     CustomerJSON `json:"customer"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	CancelledAt  *time.Time   `json:"cancelled_at,omitempty"`
	Language     string       `json:"language,omitempty" doc:"the language of the emails about the booking"`
	ManageToken  string       `json:"manage_token,omitempty" doc:"send as Authorization: Bearer to read, cancel or reschedule this booking; keep it secret"`
}

// BookingListJSON is a list of bookings (admin).
type BookingListJSON struct {
	Bookings []BookingJSON `json:"bookings"`
}

func providerJSON(p *rendezvous.Provider) ProviderJSON {
	out := ProviderJSON{
		ID: p.ID, Name: p.Name, Kind: p.Kind, City: p.City, Address: p.Address, TimeZone: p.TimeZone,
		Languages: p.Languages, Services: make([]ServiceJSON, 0, len(p.Services)),
		Policy: PolicyJSON{
			SlotStepMinutes:  int(p.Policy.SlotStep / time.Minute),
			BufferMinutes:    int(p.Policy.Buffer / time.Minute),
			MinNoticeMinutes: int(p.Policy.MinNotice / time.Minute),
			HorizonDays:      int(p.Policy.Horizon / (24 * time.Hour)),
		},
	}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	for _, s := range p.Services {
		out.Services = append(out.Services, serviceJSON(s))
	}
	return out
}

func serviceJSON(s rendezvous.Service) ServiceJSON {
	return ServiceJSON{ID: s.ID, Name: s.Name, DurationMinutes: int(s.Duration / time.Minute), PriceCents: s.PriceCents}
}

func slotJSON(s rendezvous.Slot, withName bool) SlotJSON {
	out := SlotJSON{ProviderID: s.ProviderID, ServiceID: s.ServiceID, Start: s.Start, End: s.End}
	if withName {
		out.ProviderName = s.ProviderName
	}
	return out
}

// bookingJSON shows a booking in its provider's time zone.
func bookingJSON(b *rendezvous.Booking, p *rendezvous.Provider, token string) BookingJSON {
	loc, err := p.Location()
	if err != nil {
		loc = time.UTC
	}
	out := BookingJSON{
		ID: b.ID, Status: string(b.Status), ProviderID: b.ProviderID, ProviderName: p.Name, ServiceID: b.ServiceID,
		Start: b.Start.In(loc), End: b.End.In(loc),
		Customer:  CustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone},
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC(), ManageToken: token, Language: b.Language,
	}
	if s, ok := p.Service(b.ServiceID); ok {
		out.ServiceName = s.Name
	}
	if b.CancelledAt != nil {
		t := b.CancelledAt.UTC()
		out.CancelledAt = &t
	}
	return out
}
