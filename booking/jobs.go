package booking

import (
	"context"
	"encoding/json"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Whatever a booking change sets off — an email, a reminder, later a
// webhook — is a job written in the change's own transaction: none is
// lost when the change commits, none exists when it rolls back. A job
// carries only the booking's id, its version and its kind; the worker
// reads the booking when it runs, so a job holds no personal data and an
// erased booking's jobs have nothing left to say. A job of no booking may
// carry its data instead (Job.Data: a waitlist event's webhook body,
// which holds no personal data either).

// Event is a change of a booking that may set jobs off.
type Event string

// The events of a booking's life.
const (
	EventCreated     Event = "created"
	EventRescheduled Event = "rescheduled"
	EventCancelled   Event = "cancelled"
)

// Job is background work enqueued with a booking change.
type Job struct {
	// Kind names the work and the worker that does it ("email.confirmation").
	Kind string
	// BookingID and Version say which booking, as the change left it: the
	// worker skips a job whose booking has moved on (another version) or
	// been erased.
	BookingID string
	Version   int
	// Ref names what the job works on besides the booking, when it is
	// not the booking itself (a webhook delivery's id); "" otherwise.
	Ref string
	// RunAt is when the job is due; the zero time means now.
	RunAt time.Time
	// Queue and MaxAttempts are the queue's name and how many times the
	// job is tried before it is discarded (0: the queue's default).
	Queue       string
	MaxAttempts int
	// ProviderID, From and To name a span of a provider's time that a
	// change freed (a job of no booking: the waitlist's matcher).
	ProviderID int64
	From, To   time.Time
	// Data is what a job of no booking works from when nothing stored
	// would say it later (the body of a waitlist event's webhook: the
	// entry it is about may be gone by then). Never personal data.
	Data json.RawMessage
}

// JobArgs is a job's payload as the queue stores it: the kind apart, only
// the booking's id and version (and a reference, for a job about
// something of the booking's, such as a webhook delivery).
type JobArgs struct {
	JobKind   string `json:"-"`
	BookingID string `json:"booking_id"`
	Version   int    `json:"version"`
	Ref       string `json:"ref,omitempty"`
	// A freed span (Job.ProviderID, From, To), for jobs of no booking.
	ProviderID int64     `json:"provider_id,omitempty"`
	From       time.Time `json:"from,omitzero"`
	To         time.Time `json:"to,omitzero"`
	// Data: Job.Data.
	Data json.RawMessage `json:"data,omitempty"`
}

// Kind returns the job's kind (the queue's name for its worker).
func (a JobArgs) Kind() string { return a.JobKind }

// Args returns j's payload.
func (j Job) Args() JobArgs {
	return JobArgs{JobKind: j.Kind, BookingID: j.BookingID, Version: j.Version, Ref: j.Ref, ProviderID: j.ProviderID, From: j.From, To: j.To, Data: j.Data}
}

// JobPlan is what a change does to the queue, in its transaction: jobs to
// insert, and kinds of the booking's pending jobs to delete first (a
// reminder of the old time when a booking moves).
type JobPlan struct {
	Drop   []string
	Insert []Job
}

// Planner decides the jobs of a change from the booking as the change
// left it. Several planners (email, webhooks) are joined by Planners.
type Planner interface {
	Plan(e Event, b *rendezvous.Booking, now time.Time) JobPlan
}

// Planners joins planners: each one's drops and inserts, in order.
type Planners []Planner

// Plan implements Planner.
func (ps Planners) Plan(e Event, b *rendezvous.Booking, now time.Time) JobPlan {
	var out JobPlan
	for _, p := range ps {
		if p == nil {
			continue
		}
		jp := p.Plan(e, b, now)
		out.Drop = append(out.Drop, jp.Drop...)
		out.Insert = append(out.Insert, jp.Insert...)
	}
	return out
}

// WithJobs makes a change enqueue what plan decides for the booking as
// the change left it (WriteOptions.Jobs).
func WithJobs(plan func(b *rendezvous.Booking) JobPlan) WriteOption {
	return func(w *WriteOptions) { w.Jobs = plan }
}

// PlanOf returns the plan of w for b: none without WithJobs.
func (w WriteOptions) PlanOf(b *rendezvous.Booking) JobPlan {
	if w.Jobs == nil {
		return JobPlan{}
	}
	return w.Jobs(b)
}

// JobsOf returns the jobs plan decides for each of xs, in order: none
// when plan is nil (a change whose caller plans nothing).
func JobsOf[T any](plan func(T) []Job, xs ...T) []Job {
	if plan == nil {
		return nil
	}
	var out []Job
	for _, x := range xs {
		out = append(out, plan(x)...)
	}
	return out
}

// FreedPlanner decides the jobs of a change that frees a span of a
// provider's time — a cancellation, a booking moved away, time off
// removed, opening hours widened — written in the change's transaction
// (the waitlist's matcher). A zero span means "anywhere ahead": the
// opening hours widened.
type FreedPlanner interface {
	Freed(providerID int64, span rendezvous.Span, now time.Time) []Job
}

// WithFreed makes a change that frees time enqueue what freed decides
// (WriteOptions.Freed).
func WithFreed(freed func(providerID int64, span rendezvous.Span) []Job) WriteOption {
	return func(w *WriteOptions) { w.Freed = freed }
}

// FreedJobs returns the jobs of w for a span freed: none without
// WithFreed.
func (w WriteOptions) FreedJobs(providerID int64, span rendezvous.Span) []Job {
	if w.Freed == nil {
		return nil
	}
	return w.Freed(providerID, span)
}

// withFreed is the option that enqueues the jobs of time freed, in the
// change's transaction.
func (d *Desk) withFreed(now time.Time) WriteOption {
	if d.freed == nil {
		return nil
	}
	return WithFreed(func(providerID int64, span rendezvous.Span) []Job { return d.freed.Freed(providerID, span, now) })
}

// BookingRecord returns a booking with its provider, without a token:
// for the desk's own workers (a notification renders the booking as it is
// when it is sent), never for a customer's request. Returns ENOTFOUND.
func (d *Desk) BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error) {
	return d.bookingWithProvider(ctx, id)
}
