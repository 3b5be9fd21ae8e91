package dialogue

import (
	"crypto/rand"
	"encoding/base64"
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
	AwaitProvider     = "provider_choice"
	AwaitName         = "name"
	AwaitEmail        = "email"
	AwaitPhone        = "phone"
	AwaitConfirmation = "confirmation"
	AwaitReference    = "booking_reference"
	AwaitNothing      = "nothing"
)

// AwaitValues lists every value State.Awaiting may take: the one list the
// chat API's schema and the tests derive from.
func AwaitValues() []string {
	return []string{AwaitKind, AwaitCity, AwaitDate, AwaitTime, AwaitSlotChoice, AwaitProvider, AwaitName, AwaitEmail, AwaitPhone,
		AwaitConfirmation, AwaitReference, AwaitCode, AwaitWaitlist, AwaitNothing}
}

// Awaited is what the agent waits for, as the chat API shows it.
type Awaited string

// JSONSchemaEnum lists the values of Awaited, for the API's schema.
func (Awaited) JSONSchemaEnum() []string { return AwaitValues() }

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

	// The rest of the search (see when.go): a span of days, a stretch of
	// the day, the slots after those shown, days ruled out.
	DateEnd      string    `json:"date_end,omitempty"`      // YYYY-MM-DD: with Date, a span of days ("next week")
	TimeFrom     string    `json:"time_from,omitempty"`     // HH:MM: slots start at or after it ("after 5")
	TimeTo       string    `json:"time_to,omitempty"`       // HH:MM: slots start before it ("before 10"; 24:00 ends the day)
	After        time.Time `json:"after,omitzero"`          // slots start after it ("anything later?")
	ExcludeDates []string  `json:"exclude_dates,omitempty"` // YYYY-MM-DD days ruled out ("not Monday", "other days?")
	// ExcludeProviders are providers ruled out ("anyone else?").
	ExcludeProviders []int64   `json:"exclude_providers,omitempty"`
	Booked           time.Time `json:"booked,omitzero"` // start of the booking last made or moved: "move it to the day after"
	// RefDays and Refine are what was said of a booking to move before the
	// agent found it ("push RDV-… to the day after", "move it to later
	// that day"): once found, the day counts RefDays from it, and the
	// follow-up refines from it (see countFromTarget).
	RefDays *int `json:"ref_days,omitempty"`
	// DaysAhead is how many days from today the day asked is ("demain"),
	// when it was said before the city: once the city is known, the day
	// counts from its today (see Result.DaysAhead).
	DaysAhead *int   `json:"days_ahead,omitempty"`
	Refine    string `json:"refine,omitempty"`

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
	// LastReply is a hash of the agent's last reply: the agent never says
	// the same words twice in a row (see clarify.go).
	LastReply uint64 `json:"last_reply,omitempty"`

	// Suggested is the kind the agent just offered instead of a trade it
	// does not book ("Would a physiotherapist do?"): a yes to the question
	// takes it. Only for the next message.
	Suggested string `json:"suggested,omitempty"`

	// ProviderID is the provider named (ProviderName) once the directory
	// has it, one provider: its kind and city are the search's. Options
	// are the providers a name may mean while the agent asks which.
	ProviderID int64            `json:"provider_id,omitempty"`
	Options    []ProviderOption `json:"options,omitempty"`

	// Waitlist is what the customer may wait for when nothing fits, while
	// the agent offers it and gathers what joining takes (waitlist.go).
	Waitlist *WaitlistWish `json:"waitlist,omitempty"`

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

// ProviderOption is one of the providers a name may mean.
type ProviderOption struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	City    string `json:"city"`
	Address string `json:"address"`
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
	// Summary is a random identifier of the summary that asked for this
	// action: the yes to it books once, however often its turn is run
	// again, and a later summary of the same action (the same slot booked
	// again after a cancellation) is another booking. Not compared by Same.
	Summary string `json:"summary,omitempty"`
}

// newSummaryID returns a fresh identifier for a summary.
func newSummaryID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b[:])
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
