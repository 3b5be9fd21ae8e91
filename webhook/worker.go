package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// DefaultSchedule is the wait before each retry of a delivery: about a
// day in all (27 h 35 min), then the delivery has failed. As the
// specification's reference implementation spaces them.
func DefaultSchedule() []time.Duration {
	return []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
}

// Bookings gives the fan-out the booking an event is about.
type Bookings interface {
	// BookingRecord returns a booking with its provider. Returns
	// ENOTFOUND.
	BookingRecord(ctx context.Context, id string) (*rendezvous.Booking, *rendezvous.Provider, error)
}

// Metrics receives what the workers do. Nil-safe.
type Metrics interface {
	// WebhookAttempt reports one attempt of a delivery of event and
	// whether the endpoint accepted it.
	WebhookAttempt(event string, ok bool)
	// WebhookDelivered reports a delivery accepted, took after it was
	// made.
	WebhookDelivered(event string, took time.Duration)
	// WebhookFailed reports a delivery that failed its every attempt.
	WebhookFailed(event string)
	// WebhookEndpointDisabled reports an endpoint disabled for failing.
	WebhookEndpointDisabled()
}

// Worker fans events out and delivers them.
type Worker struct {
	Store    Store
	Bookings Bookings
	Client   *Client
	// Schedule is the wait before each retry (DefaultSchedule): a
	// delivery gets len(Schedule)+1 attempts.
	Schedule []time.Duration
	Metrics  Metrics
	Logger   *slog.Logger
	Now      func() time.Time
}

// Handlers returns the worker's job handlers by kind, for a queue.Runner.
func (w *Worker) Handlers() map[string]queue.Handler {
	out := map[string]queue.Handler{KindDeliver: w.deliver}
	for _, e := range EventTypes() {
		out[fanOutKind(e)] = w.fanOut
	}
	return out
}

// Backoffs returns the retry schedule of deliveries, for a queue.Runner.
func (w *Worker) Backoffs() map[string]queue.Backoff {
	sched := w.schedule()
	return map[string]queue.Backoff{KindDeliver: func(n int) time.Duration {
		d := sched[min(max(n, 1), len(sched))-1]
		return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
	}}
}

// Attempts is how many times a delivery is tried.
func (w *Worker) Attempts() int { return len(w.schedule()) + 1 }

// DeliveryJob is the job of delivery d's next attempts; attempts 0 means
// the whole schedule.
func (w *Worker) DeliveryJob(d *Delivery, attempts int) booking.Job {
	if attempts <= 0 {
		attempts = w.Attempts()
	}
	return booking.Job{Kind: KindDeliver, BookingID: d.BookingID, Ref: d.ID, Queue: Queue, MaxAttempts: attempts}
}

// fanOut makes the deliveries of one event: one per endpoint that wants
// it, with the body as the booking now is (a waitlist event's body came
// with its job). Nothing goes out about a booking that is gone or erased,
// but for the cancellation its erasure made.
func (w *Worker) fanOut(ctx context.Context, j queue.Job) error {
	event := EventType(strings.TrimPrefix(j.Kind, "webhook."))
	if event.Waitlist() {
		return w.fanOutWaitlist(ctx, event, j)
	}
	b, p, err := w.Bookings.BookingRecord(ctx, j.BookingID)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND:
		return nil
	case err != nil:
		return fmt.Errorf("read booking: %w", err)
	case b.ErasedAt != nil && (event != BookingCancelled || b.Status != rendezvous.StatusCancelled):
		return nil
	}
	var body []byte
	return w.deliverTo(ctx, event, b.ProviderID, b.ID, b.ID, j.Version, func() ([]byte, error) {
		if body == nil {
			body, err = payloadOf(event, b, p)
		}
		return body, err
	})
}

// fanOutWaitlist makes the deliveries of a waitlist event: its body is
// the job's, its provider the job's (0 for an entry of a kind in a city:
// the endpoints of every provider only).
func (w *Worker) fanOutWaitlist(ctx context.Context, event EventType, j queue.Job) error {
	var p WaitlistPayload
	if err := json.Unmarshal(j.Data, &p); err != nil || p.Data.ID == "" {
		return fmt.Errorf("waitlist event: a body that is none: %v", err)
	}
	return w.deliverTo(ctx, event, j.ProviderID, p.Data.ID, j.Ref, 0, func() ([]byte, error) { return j.Data, nil })
}

// deliverTo makes a delivery of event, about subject (a booking, or a
// waitlist entry) and key (what makes the event unique with version:
// the booking, an entry or an offer), to each endpoint that wants the
// event of providerID.
func (w *Worker) deliverTo(ctx context.Context, event EventType, providerID int64, subject, key string, version int, body func() ([]byte, error)) error {
	eps, err := w.Store.WebhookEndpoints(ctx)
	if err != nil {
		return fmt.Errorf("read endpoints: %w", err)
	}
	var ds []*Delivery
	now := w.now()
	for _, ep := range eps {
		if !ep.Wants(event, providerID) {
			continue
		}
		b, err := body()
		if err != nil {
			return err
		}
		ds = append(ds, &Delivery{ID: deliveryID(ep.ID, event, key, version), EndpointID: ep.ID, Event: event,
			BookingID: subject, Payload: b, State: StatePending, CreatedAt: now})
	}
	if len(ds) == 0 {
		return nil
	}
	n, err := w.Store.CreateWebhookDeliveries(ctx, ds, func(d *Delivery) booking.Job { return w.DeliveryJob(d, 0) })
	if err != nil {
		return fmt.Errorf("create deliveries: %w", err)
	}
	w.log().Debug("webhook event fanned out", slog.String("event", string(event)), slog.String("subject", subject), slog.Int("deliveries", n))
	return nil
}

// deliver makes one attempt of a delivery. A failure is returned, for the
// queue to retry on schedule, except after the last attempt: the
// delivery has then failed, which the log and the metrics say, and its
// endpoint is disabled unless it accepted another delivery meanwhile.
func (w *Worker) deliver(ctx context.Context, j queue.Job) error {
	d, err := w.Store.WebhookDelivery(ctx, j.Ref)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND:
		return nil // deleted with its endpoint, or erased with its booking
	case err != nil:
		return fmt.Errorf("read delivery: %w", err)
	case d.State != StatePending:
		return nil // delivered already: the job ran twice
	case d.Payload == nil:
		return w.Store.SkipWebhookDelivery(ctx, d.ID)
	}
	ep, err := w.Store.WebhookEndpoint(ctx, d.EndpointID)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND:
		return nil
	case err != nil:
		return fmt.Errorf("read endpoint: %w", err)
	case ep.DisabledAt != nil:
		return w.Store.SkipWebhookDelivery(ctx, d.ID)
	}
	now := w.now()
	start := time.Now()
	status, sendErr := w.Client.Send(ctx, Message{URL: ep.URL, ID: d.ID, At: now, Body: d.Payload, Secrets: ep.Secrets(now)})
	a := Attempt{DeliveryID: d.ID, At: now, Status: status, Duration: time.Since(start)}
	state := StateDelivered
	final := j.Attempt >= j.MaxAttempts
	if sendErr != nil {
		a.Error = sendErr.Error()
		state = StatePending
		if final {
			state = StateFailed
		}
	}
	// What happened is recorded even if the job's time ran out meanwhile.
	rctx := context.WithoutCancel(ctx)
	if err := w.Store.RecordWebhookAttempt(rctx, a, state); err != nil && rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		w.log().Error("webhook attempt not recorded", slog.String("delivery", d.ID), slog.Any("error", err))
	}
	if w.Metrics != nil {
		w.Metrics.WebhookAttempt(string(d.Event), sendErr == nil)
	}
	attrs := []any{slog.String("delivery", d.ID), slog.String("endpoint", ep.ID), slog.String("event", string(d.Event)),
		slog.Int("attempt", j.Attempt), slog.Int("max_attempts", j.MaxAttempts), slog.Int("status", status)}
	switch {
	case sendErr == nil:
		if w.Metrics != nil {
			w.Metrics.WebhookDelivered(string(d.Event), max(0, w.now().Sub(d.CreatedAt)))
		}
		w.log().Info("webhook delivered", attrs...)
		return nil
	case !final:
		w.log().Warn("webhook not delivered: will retry", append(attrs, slog.String("error", a.Error))...)
		return sendErr
	}
	w.log().Warn("webhook failed its every attempt", append(attrs, slog.String("error", a.Error))...)
	if w.Metrics != nil {
		w.Metrics.WebhookFailed(string(d.Event))
	}
	// A replay is a single attempt asked for by an operator: its failure
	// says nothing new about the endpoint.
	if j.MaxAttempts > 1 {
		off, err := w.Store.DisableFailingWebhookEndpoint(rctx, ep.ID, d.CreatedAt, w.now())
		if err != nil {
			return fmt.Errorf("disable endpoint: %w", err)
		}
		if off {
			w.log().Warn("webhook endpoint disabled: its deliveries keep failing", slog.String("endpoint", ep.ID))
			if w.Metrics != nil {
				w.Metrics.WebhookEndpointDisabled()
			}
		}
	}
	return nil
}

func (w *Worker) schedule() []time.Duration {
	if len(w.Schedule) == 0 {
		return DefaultSchedule()
	}
	return w.Schedule
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.DiscardHandler)
}
