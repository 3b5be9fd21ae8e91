package dialogue

import (
	"time"
)

// Task is what the conversation is trying to get done.
type Task string

// Tasks.
const (
	TaskNone       Task = ""
	TaskBook       Task = "book"
	TaskCancel     Task = "cancel"
	TaskReschedule Task = "reschedule"
	TaskList       Task = "my_bookings"
)

// What the agent waits for next (State.Awaiting): part of the chat API.
const (
	AwaitKind         = "kind"
	AwaitCity         = "city"
	AwaitDate         = "date"
	AwaitTime         = "time"
	AwaitSlotChoice   = "slot_choice"
	AwaitName         = "name"
	AwaitEmail        = "email"
	AwaitPhone        = "phone"
	AwaitConfirmation = "confirmation"
	AwaitReference    = "booking_reference"
	AwaitNothing      = "nothing"
)

// State is everything the agent remembers of a conversation. It is saved
// with the session after every turn, so it holds values, not pointers to
// live objects.
type State struct {
	Language string `json:"language"`
	Task     Task   `json:"task,omitempty"`
	Intent   string `json:"intent,omitempty"` // the last message's intent
	Awaiting string `json:"awaiting"`

	// What the customer asked for.
	Kind         string `json:"kind,omitempty"`
	City         string `json:"city,omitempty"`
	Date         string `json:"date,omitempty"` // YYYY-MM-DD
	Time         string `json:"time,omitempty"` // HH:MM
	TimeApprox   bool   `json:"time_approx,omitempty"`
	PartOfDay    string `json:"part_of_day,omitempty"`
	ProviderName string `json:"provider_name,omitempty"`
	Service      string `json:"service,omitempty"`

	// Proposals are the slots last offered; Chosen the one picked.
	Proposals []Proposal `json:"proposals,omitempty"`
	Chosen    *Proposal  `json:"chosen,omitempty"`

	// The customer, as given and validated (normalised values).
	Customer Customer `json:"customer"`

	// Cancel and reschedule: the booking concerned, once the session may
	// manage it, and the reference given while proving ownership.
	Target    *BookingRef `json:"target,omitempty"`
	Reference string      `json:"reference,omitempty"`

	// Pending is the action the agent asked the customer to confirm;
	// Confirmed is set by the manager, and only by it, when the customer
	// said yes to exactly that action. The tools check it.
	Pending   *Action `json:"pending,omitempty"`
	Confirmed *Action `json:"confirmed,omitempty"`

	// Granted are the bookings this session may read, cancel and move:
	// those it made, and each one whose reference and email it was given
	// (that one only, while it is active). Nothing else: knowing an email
	// address grants none of its other bookings.
	Granted []Grant `json:"granted,omitempty"`

	// LookupFailures counts the references this session gave that matched
	// no active booking with the email given: past maxLookupFailures the
	// session may try no more.
	LookupFailures int `json:"lookup_failures,omitempty"`

	// VerifiedEmail is the address this conversation proved with a code,
	// until VerifiedUntil; Verification the code it waits for
	// (verified.go).
	VerifiedEmail string               `json:"verified_email,omitempty"`
	VerifiedUntil time.Time            `json:"verified_until,omitzero"`
	Verification  *PendingVerification `json:"verification,omitempty"`

	// Misunderstood counts consecutive messages the agent could not use.
	Misunderstood int `json:"misunderstood,omitempty"`

	// ModelTokens counts the tokens language-model brains spent on this
	// conversation (written by the brain; bounded by its session budget).
	ModelTokens int64 `json:"model_tokens,omitempty"`
}

// Proposal is a slot offered to the customer.
type Proposal struct {
	ProviderID   int64     `json:"provider_id"`
	ProviderName string    `json:"provider_name"`
	ServiceID    int64     `json:"service_id"`
	ServiceName  string    `json:"service_name,omitempty"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
}

// Customer is the customer's details as collected.
type Customer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Complete reports whether every detail a booking needs is known.
func (c Customer) Complete() bool { return c.Name != "" && c.Email != "" && c.Phone != "" }

// BookingRef is a booking the conversation is about.
type BookingRef struct {
	ID           string    `json:"id"`
	ProviderID   int64     `json:"provider_id"`
	ProviderName string    `json:"provider_name"`
	ServiceID    int64     `json:"service_id"`
	ServiceName  string    `json:"service_name"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Status       string    `json:"status"`
}

// Grant is a booking the session may manage. It keeps the booking's id
// and the token version the session was granted, never a token: tokens
// are minted when a tool needs one (a session store holds no credential),
// and a grant of a revoked version (the booking was moved, cancelled or
// erased elsewhere) grants nothing.
type Grant struct {
	BookingID string `json:"booking_id"`
	Version   int    `json:"version"`
	// Proof says how the session came to the booking: it made it
	// ("made"), or was given its reference and email ("reference").
	Proof string `json:"proof"`
}

// How a session came to manage a booking (Grant.Proof).
const (
	ProofMade      = "made"
	ProofReference = "reference"
)

// Action is something that changes a booking and needs the customer's yes.
type Action struct {
	Kind       string    `json:"kind"` // "book", "cancel", "reschedule"
	ProviderID int64     `json:"provider_id,omitempty"`
	ServiceID  int64     `json:"service_id,omitempty"`
	Start      time.Time `json:"start,omitzero"`
	BookingID  string    `json:"booking_id,omitempty"`
	Customer   Customer  `json:"customer"`
}

// Same reports whether two actions are the same change.
func (a *Action) Same(b *Action) bool {
	return a != nil && b != nil && a.Kind == b.Kind && a.ProviderID == b.ProviderID && a.ServiceID == b.ServiceID &&
		a.Start.Equal(b.Start) && a.BookingID == b.BookingID && a.Customer == b.Customer
}

// grant returns the grant of a booking the session may manage.
func (s *State) grant(id string) (Grant, bool) {
	for _, g := range s.Granted {
		if g.BookingID == id {
			return g, true
		}
	}
	return Grant{}, false
}

// maxGrants bounds what a session remembers.
const maxGrants = 20

// addGrant records that the session may manage version of booking id
// (a later version replaces an earlier one; a booking the session made
// stays "made").
func (s *State) addGrant(id string, version int, proof string) {
	for i, g := range s.Granted {
		if g.BookingID == id {
			s.Granted[i].Version = version
			if g.Proof != ProofMade {
				s.Granted[i].Proof = proof
			}
			return
		}
	}
	s.Granted = append(s.Granted, Grant{BookingID: id, Version: version, Proof: proof})
	if len(s.Granted) > maxGrants {
		s.Granted = s.Granted[len(s.Granted)-maxGrants:]
	}
}

// dropGrant forgets a booking the session may no longer manage.
func (s *State) dropGrant(id string) {
	for i, g := range s.Granted {
		if g.BookingID == id {
			s.Granted = append(s.Granted[:i:i], s.Granted[i+1:]...)
			return
		}
	}
}

// resetSearch forgets proposals and everything chosen from them, after
// the customer changed what they are looking for.
func (s *State) resetSearch() {
	s.Proposals, s.Chosen, s.Pending, s.Confirmed = nil, nil, nil, nil
}
