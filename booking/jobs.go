package booking

import (
	"context"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Whatever a booking change sets off — an email, a reminder, later a
// webhook — is a job written in the change's own transaction: none is
// lost when the change commits, none exists when it rolls back. A job
// carries only the booking's id, its version and its kind; the worker
// reads the booking when it runs, so a job holds no personal data and an
// erased booking's jobs have nothing left to say.

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
}

// JobArgs is a job's payload as the queue stores it: the kind apart, only
// the booking's id and version (and a reference, for a job about
// something of the booking's, such as a webhook delivery).
type JobArgs struct {
	JobKind   string `json:"-"`
	BookingID string `json:"booking_id"`
	Version   int    `json:"version"`
	Ref       string `json:"ref,omitempty"`
}

// Kind returns the job's kind (the queue's name for its worker).
func (a JobArgs) Kind() string { return a.JobKind }

// Args returns j's payload.
func (j Job) Args() JobArgs {
	return JobArgs{JobKind: j.Kind, BookingID: j.BookingID, Version: j.Version, Ref: j.Ref}
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

// BookingRecord returns a booking with its provider, without a token:
// for the desk's own workers (a notification renders the booking as it is
// when it is sent), never for a customer's request. Returns ENOTFOUND.
func (d *Desk) BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error) {
	return d.bookingWithProvider(ctx, id)
}
