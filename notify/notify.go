// Package notify tells customers about their bookings by email: a
// confirmation, a change, a cancellation and a reminder before the
// appointment, each with a calendar invite, in the customer's language.
//
// Each message is a job (booking.Job) that the booking's change enqueues
// in its own transaction (Planner), worked later by a queue.Runner
// (Notifier.Handlers). A job carries the booking's id, version and the
// message's kind, nothing else: the message is rendered when it is sent,
// from the booking as it then is, with a manage token minted for that
// version. A booking erased since, or changed again, gets nothing from
// the older job (the newer change has its own).
package notify

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// The kinds of email job: one per message.
const (
	KindConfirmation = "email.confirmation"
	KindChange       = "email.change"
	KindCancellation = "email.cancellation"
	KindReminder     = "email.reminder"
)

// Kinds returns every kind of email job.
func Kinds() []string {
	return []string{KindConfirmation, KindChange, KindCancellation, KindReminder}
}

// DefaultReminderLead is how long before the appointment the reminder
// goes.
const DefaultReminderLead = 24 * time.Hour

// DefaultMaxAttempts is how many times an email is tried before its job
// is discarded: with the queue's default backoff (30 s doubling) the
// last try is about two hours after the first.
const DefaultMaxAttempts = 9

// Planner plans the email jobs of a booking's changes.
type Planner struct {
	// ReminderLead is how long before the start the reminder is sent
	// (DefaultReminderLead); a booking made closer to its start than
	// that gets none.
	ReminderLead time.Duration
	// MaxAttempts bounds each job's tries (DefaultMaxAttempts).
	MaxAttempts int
}

var _ booking.Planner = Planner{}

// Plan implements booking.Planner: a confirmation and a reminder for a new
// booking; for a move, the change and a reminder of the new time instead
// of the old one; for a cancellation, the cancellation and no reminder.
func (p Planner) Plan(e booking.Event, b *rendezvous.Booking, now time.Time) booking.JobPlan {
	if b.Customer.Email == "" {
		return booking.JobPlan{} // nobody to write to
	}
	job := func(kind string, at time.Time) booking.Job {
		return booking.Job{Kind: kind, BookingID: b.ID, Version: b.TokenVersion, RunAt: at, MaxAttempts: p.maxAttempts()}
	}
	var plan booking.JobPlan
	switch e {
	case booking.EventCreated:
		plan.Insert = append(plan.Insert, job(KindConfirmation, time.Time{}))
	case booking.EventRescheduled:
		plan.Drop = []string{KindReminder}
		plan.Insert = append(plan.Insert, job(KindChange, time.Time{}))
	case booking.EventCancelled:
		plan.Drop = []string{KindReminder}
		plan.Insert = append(plan.Insert, job(KindCancellation, time.Time{}))
		return plan
	default:
		return plan
	}
	if at := b.Start.Add(-p.lead()); at.After(now) {
		plan.Insert = append(plan.Insert, job(KindReminder, at))
	}
	return plan
}

func (p Planner) lead() time.Duration {
	if p.ReminderLead <= 0 {
		return DefaultReminderLead
	}
	return p.ReminderLead
}

func (p Planner) maxAttempts() int {
	if p.MaxAttempts <= 0 {
		return DefaultMaxAttempts
	}
	return p.MaxAttempts
}
