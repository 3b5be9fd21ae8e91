package rendezvous

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The waitlist: a customer for whom no slot fits asks to be told when one
// frees up. An entry keeps the request (a kind in a city, or one
// provider; the days and the times of day wanted; until when) and the
// customer's details, with an address they proved. When a matching slot
// frees, the customer is emailed an offer: a link that books that slot
// in one step, first come, first served.

// Waitlist bounds.
const (
	// MaxWaitlistHorizon is the longest an entry waits: past it, an entry
	// expires whatever its Until said.
	MaxWaitlistHorizon = 60 * 24 * time.Hour
	// DefaultMaxWaitlistPerAddress is how many active entries one address
	// may hold.
	DefaultMaxWaitlistPerAddress = 5
	// WaitlistOfferLifetime is how long an offer's link books: a slot
	// freed this morning is, by tomorrow, someone else's to take.
	WaitlistOfferLifetime = 24 * time.Hour
)

// Reasons of the waitlist's refusals.
const (
	// ReasonTooManyWaitlistEntries: the address already holds as many
	// active entries as it may (ECONFLICT).
	ReasonTooManyWaitlistEntries = "too_many_waitlist_entries"
	// ReasonOfferUsed: the offer's link has booked already (ECONFLICT).
	ReasonOfferUsed = "offer_used"
	// ReasonOfferExpired: the offer, or its entry, has expired or was
	// withdrawn (ECONFLICT).
	ReasonOfferExpired = "offer_expired"
)

// Why an entry leaves the waitlist before it books or expires.
const (
	// WaitlistWithdrawn: its customer withdrew it.
	WaitlistWithdrawn = "withdrawn"
	// WaitlistErased: it went with the erasure of its customer's data.
	WaitlistErased = "erased"
)

// WaitlistEntry is a customer waiting for a slot that fits.
type WaitlistEntry struct {
	ID string // "WL-" and 10 characters
	// Customer is who to book for, normalised; Email was proved with a
	// one-time code.
	Customer Customer
	Language string // of the offer's email (one of MessageLanguages)
	// Either Kind and City (any provider of the kind in the city), or
	// ProviderID (that provider only).
	Kind       Kind
	City       string
	ProviderID int64
	// Service is part of a service's name (kind and city), or ServiceID
	// one service of the provider; empty: each provider's first service.
	Service   string
	ServiceID int64
	// From and To bound the wanted starts: [From, To).
	From, To time.Time
	// DayFrom and DayTo bound the wanted start's time of day in the
	// provider's zone: [DayFrom, DayTo); 0 and 1440 take the whole day.
	DayFrom, DayTo ClockTime
	// ExpiresAt is when the entry stops waiting: the customer's "until",
	// at most To and MaxWaitlistHorizon after CreatedAt.
	ExpiresAt time.Time
	CreatedAt time.Time
	// FulfilledAt and BookingID are set when an offer of the entry booked.
	FulfilledAt *time.Time
	BookingID   string
}

// Active reports whether the entry still waits at now.
func (e *WaitlistEntry) Active(now time.Time) bool {
	return e.FulfilledAt == nil && now.Before(e.ExpiresAt)
}

// Where an entry stands (WaitlistEntry.Status).
const (
	WaitlistWaiting = "waiting"
	WaitlistBooked  = "booked"
	WaitlistExpired = "expired"
)

// WaitlistStatuses lists where an entry may stand.
func WaitlistStatuses() []string { return []string{WaitlistWaiting, WaitlistBooked, WaitlistExpired} }

// Status says where the entry stands at now: waiting, booked (an offer
// of it booked) or expired.
func (e *WaitlistEntry) Status(now time.Time) string {
	switch {
	case e.FulfilledAt != nil:
		return WaitlistBooked
	case !e.Active(now):
		return WaitlistExpired
	}
	return WaitlistWaiting
}

// WaitlistFilter selects entries for an operator, oldest first.
type WaitlistFilter struct {
	// ProviderID selects the entries for that provider; Kind and City
	// those for any provider of a kind, in a city (compared like
	// ProviderFilter.City). Zero values select all.
	ProviderID int64
	Kind       Kind
	City       string
	// Status is one of WaitlistStatuses at Now; "" selects all.
	Status string
	Now    time.Time
	// After is the position of the previous page's last entry (its
	// CreatedAt and ID): the page starts after it. Zero: the first page.
	AfterCreated time.Time
	AfterID      string
	Limit        int
}

// Fits reports whether a start, read in loc (the provider's zone), is
// one the entry wants.
func (e *WaitlistEntry) Fits(start time.Time, loc *time.Location) bool {
	if start.Before(e.From) || !start.Before(e.To) {
		return false
	}
	l := start.In(loc)
	m := ClockTime(l.Hour()*60 + l.Minute())
	return m >= e.DayFrom && m < e.DayTo
}

// ValidateWaitlistEntry checks an entry's request (not its customer) and
// sets its ExpiresAt as of now: the earliest of the requested expiry (zero:
// none), To, and now plus MaxWaitlistHorizon. Returns EINVALID listing
// every bad field.
func ValidateWaitlistEntry(e *WaitlistEntry, now time.Time) error {
	var fields []FieldError
	bad := func(field, msg string) { fields = append(fields, FieldError{Field: field, Message: msg}) }
	switch {
	case e.ProviderID == 0 && (!e.Kind.Valid() || strings.TrimSpace(e.City) == "" || !utf8.ValidString(e.City)):
		bad("kind", "a kind and a city, or a provider, are required")
	case e.ProviderID < 0:
		bad("provider_id", "must be positive")
	case e.ProviderID != 0 && (e.Kind != "" || e.City != ""):
		bad("provider_id", "give a provider, or a kind and a city, not both")
	}
	if e.ServiceID != 0 && e.ProviderID == 0 {
		bad("service_id", "only with provider_id")
	}
	checkText(bad, "city", e.City, 100, false)
	checkText(bad, "service", e.Service, 100, false)
	if !e.To.After(e.From) {
		bad("to", "must be after from")
	}
	if !e.To.After(now) {
		bad("to", "must be in the future")
	}
	if e.To.Sub(now) > MaxWaitlistHorizon {
		bad("to", fmt.Sprintf("must be at most %d days ahead", int(MaxWaitlistHorizon.Hours()/24)))
	}
	if e.DayFrom == 0 && e.DayTo == 0 {
		e.DayTo = 24 * 60
	}
	if e.DayFrom < 0 || e.DayTo > 24*60 || e.DayTo <= e.DayFrom {
		bad("time_to", "the times of day must lie within the day, the end after the start")
	}
	if err := ValidationError(fields); err != nil {
		return err
	}
	if e.From.Before(now) {
		e.From = now
	}
	exp := e.ExpiresAt
	if exp.IsZero() || exp.After(e.To) {
		exp = e.To
	}
	if limit := now.Add(MaxWaitlistHorizon); exp.After(limit) {
		exp = limit
	}
	if !exp.After(now) {
		return ValidationError([]FieldError{{Field: "until", Message: "must be in the future"}})
	}
	e.ExpiresAt = exp.UTC().Truncate(time.Second)
	return nil
}

// WaitlistOffer is a freed slot offered to one entry: its link books it,
// once, until ExpiresAt.
type WaitlistOffer struct {
	ID         string // "WO-" and 16 characters
	EntryID    string
	ProviderID int64
	ServiceID  int64
	Start      time.Time
	CreatedAt  time.Time
	ExpiresAt  time.Time
	// SentAt is when its email went; nil while unsent.
	SentAt *time.Time
	// UsedAt and BookingID are set by the booking its link made.
	UsedAt    *time.Time
	BookingID string
}

// WaitlistMatch selects the active entries a freed span of a provider
// may serve.
type WaitlistMatch struct {
	ProviderID int64
	Kind       Kind
	City       string
	// From and To: the freed span; entries whose wanted days overlap it.
	From, To time.Time
	Now      time.Time
	Limit    int
}

// ErrTooManyWaitlistEntries is the refusal of an entry over the limit of
// active entries per address.
func ErrTooManyWaitlistEntries(max int) error {
	return ReasonErrorf(ECONFLICT, ReasonTooManyWaitlistEntries,
		"this address already waits for %d slots, the most one address may: withdraw one to add another", max)
}

// ErrOfferUsed is the refusal of an offer whose link booked already.
func ErrOfferUsed() error {
	return ReasonErrorf(ECONFLICT, ReasonOfferUsed, "this offer has already been used to book")
}

// ErrOfferExpired is the refusal of an offer past its time, or whose
// entry no longer waits.
func ErrOfferExpired() error {
	return ReasonErrorf(ECONFLICT, ReasonOfferExpired, "this offer has expired, or its waitlist entry no longer waits")
}
