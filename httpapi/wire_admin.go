package httpapi

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// ProviderCreateJSON creates a provider with its services and hours.
type ProviderCreateJSON struct {
	Name      string              `json:"name"`
	Kind      rendezvous.Kind     `json:"kind"`
	City      string              `json:"city"`
	Address   string              `json:"address,omitempty"`
	TimeZone  string              `json:"timezone"`
	Languages []string            `json:"languages,omitempty"`
	Policy    *PolicyJSON         `json:"booking_policy,omitempty" doc:"defaults: 15-minute steps, no buffer, 2 hours notice, 90 days ahead"`
	Services  []ServiceCreateJSON `json:"services,omitempty"`
	Hours     []OpeningJSON       `json:"hours,omitempty"`
}

// ProviderPatchJSON changes some fields of a provider; absent fields stay.
type ProviderPatchJSON struct {
	Name      *string          `json:"name,omitempty"`
	Kind      *rendezvous.Kind `json:"kind,omitempty"`
	City      *string          `json:"city,omitempty"`
	Address   *string          `json:"address,omitempty"`
	TimeZone  *string          `json:"timezone,omitempty"`
	Languages *[]string        `json:"languages,omitempty"`
	Policy    *PolicyJSON      `json:"booking_policy,omitempty"`
}

// ServiceCreateJSON creates a service.
type ServiceCreateJSON struct {
	Name            string `json:"name"`
	DurationMinutes int    `json:"duration_minutes"`
	PriceCents      int64  `json:"price_cents"`
}

// ServicePatchJSON changes some fields of a service.
type ServicePatchJSON struct {
	Name            *string `json:"name,omitempty"`
	DurationMinutes *int    `json:"duration_minutes,omitempty"`
	PriceCents      *int64  `json:"price_cents,omitempty"`
}

// OpeningJSON is one interval of weekly opening hours, in the provider's
// local time.
type OpeningJSON struct {
	Weekday string `json:"weekday" enum:"monday,tuesday,wednesday,thursday,friday,saturday,sunday"`
	Start   string `json:"start" doc:"HH:MM"`
	End     string `json:"end" doc:"HH:MM, after start; 24:00 is midnight"`
}

// HoursJSON is a provider's whole weekly opening hours.
type HoursJSON struct {
	Hours []OpeningJSON `json:"hours"`
}

// TimeOffJSON is an absence of a provider.
type TimeOffJSON struct {
	ID     int64     `json:"id,omitempty" doc:"set by the server"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Reason string    `json:"reason,omitempty"`
}

// ScheduleJSON is a provider's hours and future time off.
type ScheduleJSON struct {
	Hours   []OpeningJSON `json:"hours"`
	TimeOff []TimeOffJSON `json:"time_off"`
}
