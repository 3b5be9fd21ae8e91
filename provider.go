package rendezvous

import (
	"strings"
	"time"
)

// Kind is the trade of a provider.
type Kind string

// The kinds of provider Rendezvous knows. The string values are part of the
// public API.
const (
	KindHairdresser         Kind = "hairdresser"
	KindDentist             Kind = "dentist"
	KindGeneralPractitioner Kind = "general_practitioner"
	KindPhysiotherapist     Kind = "physiotherapist"
	KindPsychologist        Kind = "psychologist"
)

// Kinds returns every known kind, in a stable order.
func Kinds() []Kind {
	return []Kind{KindHairdresser, KindDentist, KindGeneralPractitioner, KindPhysiotherapist, KindPsychologist}
}

// JSONSchemaEnum lists the values a Kind may take: the JSON Schemas of the
// API and of the tools offered to language models read their enum from
// here, so that a kind added to Kinds is documented everywhere at once.
func (Kind) JSONSchemaEnum() []string {
	kinds := Kinds()
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// ParseKind reads a kind as people and clients write it: without regard to
// case or surrounding spaces ("DENTIST", " Dentist "). The result may still
// be invalid: check it with Valid.
func ParseKind(s string) Kind {
	return Kind(strings.ToLower(strings.TrimSpace(s)))
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// Provider is a person or practice that customers book appointments with.
type Provider struct {
	ID        int64
	Name      string
	Kind      Kind
	City      string
	Address   string
	TimeZone  string   // IANA name, e.g. "Europe/Paris"
	Languages []string // ISO 639-1 codes, e.g. "fr", "en"
	Policy    BookingPolicy
	Services  []Service
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Service returns the provider's service with the given id.
func (p *Provider) Service(id int64) (Service, bool) {
	for _, s := range p.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// Location loads the provider's time zone.
func (p *Provider) Location() (*time.Location, error) {
	return LoadLocation(p.TimeZone)
}

// BookingPolicy holds a provider's rules for accepting bookings.
type BookingPolicy struct {
	// Buffer is the free time required after each appointment before the
	// next one may start.
	Buffer time.Duration
	// MinNotice is how long before its start a slot stops being bookable.
	MinNotice time.Duration
	// Horizon is how far ahead of now slots may start.
	Horizon time.Duration
	// SlotStep is the spacing of possible start times, counted from the
	// start of each opening interval.
	SlotStep time.Duration
}

// DefaultPolicy is the policy of a provider created without one.
func DefaultPolicy() BookingPolicy {
	return BookingPolicy{
		Buffer:    0,
		MinNotice: 2 * time.Hour,
		Horizon:   90 * 24 * time.Hour,
		SlotStep:  15 * time.Minute,
	}
}

// Service is something a provider offers, with a fixed duration and price.
type Service struct {
	ID         int64
	ProviderID int64
	Name       string
	Duration   time.Duration
	PriceCents int64
}

// ProviderFilter selects providers. Zero fields match everything.
type ProviderFilter struct {
	Kind  Kind
	City  string // matched case- and accent-insensitively
	Query string // substring of the name, case- and accent-insensitive
	// AfterID makes the listing start after this id (keyset pagination).
	AfterID int64
	Limit   int
}

// ProviderUpdate holds the fields of a provider to change; nil fields stay.
type ProviderUpdate struct {
	Name      *string
	Kind      *Kind
	City      *string
	Address   *string
	TimeZone  *string
	Languages *[]string
	Policy    *BookingPolicy
}

// ServiceUpdate holds the fields of a service to change; nil fields stay.
type ServiceUpdate struct {
	Name       *string
	Duration   *time.Duration
	PriceCents *int64
}

// Schedule is everything the availability engine needs to know about one
// provider besides its bookings.
type Schedule struct {
	ProviderID int64
	Location   *time.Location
	Policy     BookingPolicy
	Hours      WeeklyHours
	TimeOff    []TimeOff
}
