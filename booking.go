package rendezvous

import (
	"strings"
	"time"
)

// BookingStatus is the state of a booking.
type BookingStatus string

// Booking states. A cancelled booking frees its slot.
const (
	StatusBooked    BookingStatus = "booked"
	StatusCancelled BookingStatus = "cancelled"
)

// Booking is an appointment of a customer with a provider for a service.
// Start and End are instants (stored in UTC).
type Booking struct {
	ID         string
	ProviderID int64
	ServiceID  int64
	Start      time.Time
	End        time.Time
	// BlockedUntil is End plus the provider's buffer at booking time: no
	// other booking of the provider may start before it. The database
	// guarantees that [Start, BlockedUntil) never overlaps another active
	// booking of the same provider.
	BlockedUntil time.Time
	Customer     Customer
	// Language is the customer's language, in which every message about
	// the booking is written (one of MessageLanguages).
	Language string
	Status   BookingStatus
	// TokenVersion is the version its manage tokens must carry. It starts
	// at 1 and rises with every cancellation, reschedule and erasure, so
	// that the tokens issued before stop working: a token is revoked by
	// the change that issues the next one.
	TokenVersion int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	CancelledAt  *time.Time
	// ErasedAt is when the customer's personal data was removed, on
	// request or by retention: Customer is then empty, and the times stay
	// as the provider's record. Nil while the data is kept.
	ErasedAt *time.Time
}

// Active reports whether the booking still holds its slot.
func (b *Booking) Active() bool { return b.Status == StatusBooked }

// BookingRequest asks for a booking. Start must be one of the free slots
// the availability engine proposes for the service.
type BookingRequest struct {
	ProviderID int64
	ServiceID  int64
	Start      time.Time
	Customer   Customer
	// Language is the customer's language (one of MessageLanguages); empty
	// means the provider's first language that Rendezvous writes in.
	Language string
	// EmailVerified says the caller proved, with a one-time code, that the
	// customer owns Customer.Email. Bookings count against the cap of
	// upcoming bookings per customer (booking.Options) with the others of
	// their kind only: what anyone books with an unproved address or phone
	// cannot lock the address's owner out.
	EmailVerified bool
	// IdempotencyKey, when set, makes the request safe to repeat: for 24
	// hours a request with the same key and the same content gets the
	// first one's booking instead of a second booking (booking.Desk.Book).
	// Callers keep their keys apart with a prefix of their own ("api:",
	// "chat:").
	IdempotencyKey string
}

// BookingFilter selects bookings. Zero fields match everything.
type BookingFilter struct {
	ProviderID int64
	Email      string // exact, already normalised
	From, To   time.Time
	ActiveOnly bool
	Limit      int
}

// MessageLanguages are the languages Rendezvous writes to customers in,
// the default first.
func MessageLanguages() []string { return []string{"en", "fr"} }

// BookingLanguage returns the language of a booking's messages: requested
// when it is one of MessageLanguages, otherwise (when empty) the first of
// the provider's languages that is, and the default when none is. Returns
// EINVALID for a requested language Rendezvous does not write in.
func BookingLanguage(requested string, p *Provider) (string, error) {
	langs := MessageLanguages()
	if requested != "" {
		for _, l := range langs {
			if l == requested {
				return l, nil
			}
		}
		return "", ValidationError([]FieldError{{Field: "language", Message: "must be one of " + strings.Join(langs, ", ")}})
	}
	if p != nil {
		for _, pl := range p.Languages {
			for _, l := range langs {
				if l == pl {
					return l, nil
				}
			}
		}
	}
	return langs[0], nil
}
