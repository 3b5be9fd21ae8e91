package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// Bookings gives workers the booking a job is about and mints its token.
type Bookings interface {
	// BookingRecord returns a booking with its provider, whoever asks.
	// Returns ENOTFOUND.
	BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error)
	ManageToken(id string, version int) (string, error)
}

// SentLog remembers which messages were sent: River delivers a job at
// least once, and a job that runs again after its message went must not
// send it again.
type SentLog interface {
	MessageSent(ctx context.Context, key string) (bool, error)
	RecordMessageSent(ctx context.Context, key, bookingID string, jobID int64, at time.Time) error
}

// Metrics receives what the workers send. Nil-safe.
type Metrics interface {
	// EmailSent reports a message sent, and how late after its due time.
	EmailSent(kind string, late time.Duration)
	// EmailSkipped reports a job with nothing to send, and why.
	EmailSkipped(kind, reason string)
	// EmailResent reports a message sent again after an attempt that was
	// cut short, which may have sent it already.
	EmailResent(kind string)
}

// Notifier works the email jobs.
type Notifier struct {
	Bookings Bookings
	Sent     SentLog
	Sender   Sender
	Renderer Renderer
	Metrics  Metrics
	Logger   *slog.Logger
	Now      func() time.Time
}

// Handlers returns the notifier's job handlers by kind, for a
// queue.Runner.
func (n *Notifier) Handlers() map[string]queue.Handler {
	out := map[string]queue.Handler{}
	for _, k := range Kinds() {
		out[k] = n.work
	}
	return out
}

// Reasons a job sends nothing.
const (
	skipGone     = "booking_gone"
	skipErased   = "erased"
	skipOutdated = "outdated"
	skipPast     = "past"
	skipSent     = "already_sent"
	skipNoEmail  = "no_email"
)

// work sends the message of job j, unless it has nothing left to say: the
// booking is gone, erased or changed since (its newer version has its own
// message), the reminder's appointment is no longer ahead, or the message
// went already.
func (n *Notifier) work(ctx context.Context, j queue.Job) error {
	now := n.now()
	b, p, err := n.Bookings.BookingRecord(ctx, j.BookingID)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND:
		return n.skip(j, skipGone)
	case err != nil:
		return fmt.Errorf("read booking: %w", err)
	case b.ErasedAt != nil:
		return n.skip(j, skipErased)
	case b.TokenVersion != j.Version:
		return n.skip(j, skipOutdated)
	case b.Customer.Email == "":
		return n.skip(j, skipNoEmail)
	case j.Kind == KindReminder && (!b.Active() || !now.Before(b.Start)):
		return n.skip(j, skipPast)
	}
	key := fmt.Sprintf("%s:%s:%d", j.Kind, b.ID, b.TokenVersion)
	sent, err := n.Sent.MessageSent(ctx, key)
	if err != nil {
		return fmt.Errorf("read sent log: %w", err)
	}
	if sent {
		return n.skip(j, skipSent)
	}
	token := ""
	if b.Active() {
		if token, err = n.Bookings.ManageToken(b.ID, b.TokenVersion); err != nil {
			return err
		}
	}
	m, err := n.Renderer.Booking(j.Kind, b, p, token, now)
	if err != nil {
		return err
	}
	if j.Rescued && n.Metrics != nil {
		n.Metrics.EmailResent(j.Kind)
	}
	if err := n.Sender.Send(ctx, m); err != nil {
		n.log().Warn("email not sent", slog.String("kind", j.Kind), slog.String("booking", b.ID),
			slog.Int("attempt", j.Attempt), slog.Int("max_attempts", j.MaxAttempts), slog.Any("error", err))
		return err
	}
	// The message is out: from here a failure would send it twice, so the
	// record is written even if the job's context has just ended.
	if err := n.Sent.RecordMessageSent(context.WithoutCancel(ctx), key, b.ID, j.ID, n.now()); err != nil {
		n.log().Error("email sent but not recorded: a retry may send it again", slog.String("kind", j.Kind),
			slog.String("booking", b.ID), slog.Any("error", err))
	}
	if n.Metrics != nil {
		n.Metrics.EmailSent(j.Kind, max(0, n.now().Sub(j.ScheduledAt)))
	}
	n.log().Info("email sent", slog.String("kind", j.Kind), slog.String("booking", b.ID), slog.Int("attempt", j.Attempt))
	return nil
}

func (n *Notifier) skip(j queue.Job, reason string) error {
	if n.Metrics != nil {
		n.Metrics.EmailSkipped(j.Kind, reason)
	}
	n.log().Debug("email not needed", slog.String("kind", j.Kind), slog.String("booking", j.BookingID), slog.String("reason", reason))
	return nil
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) log() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.New(slog.DiscardHandler)
}
