// Package webhook tells the providers' own systems about bookings: HTTP
// endpoints registered by an operator receive the events they subscribed
// to, signed as the Standard Webhooks specification says
// (https://www.standardwebhooks.com: webhook-id, webhook-timestamp,
// webhook-signature).
//
// A booking change enqueues, in its own transaction (Planner), one job per
// event. That job fans the event out (Worker): one delivery per endpoint
// that wants it, each with its own job, both written in one transaction.
// A delivery's id is its webhook-id, the same on every attempt and on a
// replay, so that a receiver can drop a copy: delivery is at least once.
// Attempts follow a schedule of about a day; a delivery that fails them
// all disables its endpoint unless the endpoint took another delivery in
// the meantime. Every attempt is logged; any delivery can be replayed.
//
// Targets are checked twice against server-side request forgery (Guard):
// when an endpoint is registered, and when each connection is dialled,
// whatever the name resolved to then.
package webhook

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// EventType is what happened, as the payload's "type" says.
type EventType string

// The events an endpoint can subscribe to. EventTypes lists them.
const (
	BookingCreated     EventType = "booking.created"
	BookingRescheduled EventType = "booking.rescheduled"
	BookingCancelled   EventType = "booking.cancelled"
	// WaitlistJoined: a customer joined the waitlist (for a provider, or
	// for any provider of a kind in a city).
	WaitlistJoined EventType = "waitlist.joined"
	// WaitlistOffered: a freed slot was offered to a waitlisted customer.
	WaitlistOffered EventType = "waitlist.offered"
	// WaitlistLeft: an entry stopped waiting before it booked or expired
	// (withdrawn by its customer, or erased with their data).
	WaitlistLeft EventType = "waitlist.left"
)

// EventTypes is the one list of events: the admin API's validation and
// documentation, the fan-out's job kinds and the metrics derive from it.
// A new event is one more line here.
func EventTypes() []EventType {
	return []EventType{BookingCreated, BookingRescheduled, BookingCancelled, WaitlistJoined, WaitlistOffered, WaitlistLeft}
}

// Waitlist reports whether e is about the waitlist rather than a booking.
func (e EventType) Waitlist() bool { return strings.HasPrefix(string(e), "waitlist.") }

// Valid reports whether e is one of EventTypes.
func (e EventType) Valid() bool { return slices.Contains(EventTypes(), e) }

// JSONSchemaEnum lists the events for the OpenAPI document.
func (e EventType) JSONSchemaEnum() []string {
	out := make([]string, 0, len(EventTypes()))
	for _, t := range EventTypes() {
		out = append(out, string(t))
	}
	return out
}

// fanOutKind is the job kind that fans event e out to the endpoints.
func fanOutKind(e EventType) string { return "webhook." + string(e) }

// KindDeliver is the job kind of one delivery to one endpoint.
const KindDeliver = "webhook.deliver"

// Queue is the queue of webhook jobs: apart from the emails, so that an
// endpoint that hangs cannot hold them up.
const Queue = "webhooks"

// Kinds returns every kind of webhook job.
func Kinds() []string {
	out := []string{KindDeliver}
	for _, e := range EventTypes() {
		out = append(out, fanOutKind(e))
	}
	return out
}

// Endpoint is a URL that receives events.
type Endpoint struct {
	ID          string // "wh_…"
	URL         string
	Description string
	// ProviderIDs are the providers whose events it receives; none means
	// every provider.
	ProviderIDs []int64
	// Events are the events it receives; none means every event,
	// including those added later.
	Events []EventType
	// Secret signs every delivery. After a rotation, PreviousSecret signs
	// too (a second signature in the same header) until
	// PreviousExpiresAt, so that the receiver can switch at its pace.
	Secret            string
	PreviousSecret    string
	PreviousExpiresAt *time.Time
	// DisabledAt is when the endpoint stopped receiving (by an operator,
	// or after its deliveries kept failing: DisabledReason says which).
	DisabledAt     *time.Time
	DisabledReason string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// LastSuccessAt is the last delivery it accepted.
	LastSuccessAt *time.Time
}

// Reasons an endpoint is disabled.
const (
	DisabledByOperator = "operator"
	DisabledFailing    = "failing"
)

// Wants reports whether the endpoint receives event e of provider
// providerID now.
func (ep *Endpoint) Wants(e EventType, providerID int64) bool {
	if ep.DisabledAt != nil {
		return false
	}
	if len(ep.Events) > 0 && !slices.Contains(ep.Events, e) {
		return false
	}
	return len(ep.ProviderIDs) == 0 || slices.Contains(ep.ProviderIDs, providerID)
}

// Secrets returns the secrets that sign a delivery at now: the current
// one, and the previous one during its grace period.
func (ep *Endpoint) Secrets(now time.Time) []string {
	out := []string{ep.Secret}
	if ep.PreviousSecret != "" && ep.PreviousExpiresAt != nil && now.Before(*ep.PreviousExpiresAt) {
		out = append(out, ep.PreviousSecret)
	}
	return out
}

// DeliveryState is where a delivery stands.
type DeliveryState string

// Delivery states.
const (
	// StatePending: not yet accepted, attempts to come.
	StatePending DeliveryState = "pending"
	// StateDelivered: the endpoint answered 2xx.
	StateDelivered DeliveryState = "delivered"
	// StateFailed: every attempt failed.
	StateFailed DeliveryState = "failed"
	// StateSkipped: not sent, because the endpoint was disabled or
	// deleted, or the booking erased, before its turn.
	StateSkipped DeliveryState = "skipped"
)

// DeliveryStates lists the states.
func DeliveryStates() []DeliveryState {
	return []DeliveryState{StatePending, StateDelivered, StateFailed, StateSkipped}
}

// Delivery is one event for one endpoint.
type Delivery struct {
	// ID is the webhook-id: the same on every attempt and replay.
	ID         string
	EndpointID string
	Event      EventType
	// BookingID is the booking the event is about; for a waitlist event,
	// the waitlist entry ("WL-…").
	BookingID string
	// Payload is the body, as sent on every attempt; nil once the
	// booking's personal data was erased.
	Payload   []byte
	State     DeliveryState
	Attempts  int
	CreatedAt time.Time
	// The last attempt: when, the HTTP status (0 when none came back) and
	// what went wrong ("" when it succeeded).
	LastAttemptAt *time.Time
	LastStatus    int
	LastError     string
	DeliveredAt   *time.Time
}

// Attempt is one try of a delivery, as the log keeps it.
type Attempt struct {
	DeliveryID string
	At         time.Time
	// Status is the HTTP status, 0 when none came back.
	Status   int
	Error    string
	Duration time.Duration
}

// OK reports whether the endpoint accepted the attempt.
func (a Attempt) OK() bool { return a.Status >= 200 && a.Status < 300 && a.Error == "" }

// DeliveryPage selects deliveries of an endpoint, newest first.
type DeliveryPage struct {
	EndpointID string
	// Before is the id of the last delivery of the previous page.
	Before string
	Limit  int
}

// Stats are the figures of the monitoring.
type Stats struct {
	Pending  int // deliveries awaiting an attempt
	Disabled int // endpoints disabled
}

// Store keeps endpoints, deliveries and their attempts.
type Store interface {
	// CreateWebhookEndpoint stores a new endpoint.
	CreateWebhookEndpoint(ctx context.Context, ep *Endpoint) error
	// WebhookEndpoint returns an endpoint. Returns ENOTFOUND.
	WebhookEndpoint(ctx context.Context, id string) (*Endpoint, error)
	// WebhookEndpoints returns every endpoint, oldest first.
	WebhookEndpoints(ctx context.Context) ([]*Endpoint, error)
	// UpdateWebhookEndpoint writes ep over the stored endpoint (every
	// field but ID, CreatedAt and LastSuccessAt). Returns ENOTFOUND.
	UpdateWebhookEndpoint(ctx context.Context, ep *Endpoint) error
	// DeleteWebhookEndpoint deletes an endpoint with its deliveries and
	// their attempts. Returns ENOTFOUND.
	DeleteWebhookEndpoint(ctx context.Context, id string) error
	// CreateWebhookDeliveries stores the deliveries that do not exist yet
	// (by id) and, in the same transaction, a job for each (jobOf), and
	// returns how many were new: a fan-out that runs twice delivers once.
	CreateWebhookDeliveries(ctx context.Context, ds []*Delivery, jobOf func(*Delivery) booking.Job) (int, error)
	// WebhookDelivery returns a delivery. Returns ENOTFOUND.
	WebhookDelivery(ctx context.Context, id string) (*Delivery, error)
	// WebhookDeliveries returns a page of an endpoint's deliveries,
	// newest first.
	WebhookDeliveries(ctx context.Context, p DeliveryPage) ([]*Delivery, error)
	// RecordWebhookAttempt logs attempt a and sets its delivery's state;
	// an attempt that succeeded also sets the endpoint's LastSuccessAt.
	// Returns ENOTFOUND when the delivery is gone.
	RecordWebhookAttempt(ctx context.Context, a Attempt, state DeliveryState) error
	// SkipWebhookDelivery marks a pending delivery skipped.
	SkipWebhookDelivery(ctx context.Context, id string) error
	// WebhookAttempts returns a delivery's attempts, oldest first.
	WebhookAttempts(ctx context.Context, deliveryID string) ([]Attempt, error)
	// DisableFailingWebhookEndpoint disables an enabled endpoint that has
	// accepted nothing since since, and reports whether it did.
	DisableFailingWebhookEndpoint(ctx context.Context, id string, since, now time.Time) (bool, error)
	// ReplayWebhookDelivery makes a delivery pending again and enqueues
	// job for it, in one transaction. Returns ENOTFOUND.
	ReplayWebhookDelivery(ctx context.Context, id string, job booking.Job) error
	// SweepWebhookDeliveries deletes the deliveries (and attempts) made
	// before before and no longer pending.
	SweepWebhookDeliveries(ctx context.Context, before time.Time) (int, error)
	// WebhookStats counts pending deliveries and disabled endpoints.
	WebhookStats(ctx context.Context) (Stats, error)
}
