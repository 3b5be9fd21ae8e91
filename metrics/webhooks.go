package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Webhooks: attempts by event and outcome, deliveries accepted with how
// long after they were made, deliveries that failed their every attempt,
// endpoints disabled for failing; and, read from the database at scrape
// time (cached a few seconds), the deliveries pending and the endpoints
// disabled.

type webhookMetrics struct {
	once      sync.Once
	attempts  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	failed    *prometheus.CounterVec
	disabling prometheus.Counter
}

func (m *Metrics) webhooks() *webhookMetrics {
	w := &m.webhookMetrics
	w.once.Do(func() {
		w.attempts = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_webhook_attempts_total", Help: "Webhook delivery attempts by event and outcome (ok, error).",
		}, []string{"event", "outcome"})
		w.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rendezvous_webhook_delivery_seconds", Help: "From a webhook delivery's creation (the event fanned out) to its acceptance, retries included, by event.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000, 86400},
		}, []string{"event"})
		w.failed = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_webhook_deliveries_failed_total", Help: "Webhook deliveries that failed their every attempt, by event.",
		}, []string{"event"})
		w.disabling = prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rendezvous_webhook_endpoints_disabled_total", Help: "Webhook endpoints disabled because their deliveries kept failing.",
		})
		m.reg.MustRegister(w.attempts, w.latency, w.failed, w.disabling)
	})
	return w
}

// DeclareWebhooks creates the series of the given events at zero.
func (m *Metrics) DeclareWebhooks(events []string) {
	w := m.webhooks()
	for _, e := range events {
		w.attempts.WithLabelValues(e, "ok")
		w.attempts.WithLabelValues(e, "error")
		w.failed.WithLabelValues(e)
	}
}

// WebhookAttempt records an attempt (webhook.Metrics).
func (m *Metrics) WebhookAttempt(event string, ok bool) {
	outcome := "error"
	if ok {
		outcome = "ok"
	}
	m.webhooks().attempts.WithLabelValues(event, outcome).Inc()
}

// WebhookDelivered records a delivery accepted, took after its creation.
func (m *Metrics) WebhookDelivered(event string, took time.Duration) {
	m.webhooks().latency.WithLabelValues(event).Observe(took.Seconds())
}

// WebhookFailed records a delivery that failed its every attempt.
func (m *Metrics) WebhookFailed(event string) { m.webhooks().failed.WithLabelValues(event).Inc() }

// WebhookEndpointDisabled records an endpoint disabled for failing.
func (m *Metrics) WebhookEndpointDisabled() { m.webhooks().disabling.Inc() }

// WebhookQueue exports the deliveries pending and the endpoints disabled,
// read by stats at scrape time and cached for 5 seconds (-1: unknown).
func (m *Metrics) WebhookQueue(stats func(ctx context.Context) (pending, disabled int, err error)) {
	read := cachedRead(5*time.Second, func(ctx context.Context) ([2]int, error) {
		p, d, err := stats(ctx)
		return [2]int{p, d}, err
	})
	for i, g := range []prometheus.GaugeOpts{
		{Name: "rendezvous_webhook_deliveries_pending", Help: "Webhook deliveries awaiting an attempt or a retry (-1: unknown)."},
		{Name: "rendezvous_webhook_endpoints_disabled", Help: "Webhook endpoints disabled, by an operator or for failing (-1: unknown)."},
	} {
		m.reg.MustRegister(prometheus.NewGaugeFunc(g, func() float64 {
			v, ok := read()
			if !ok {
				return -1
			}
			return float64(v[i])
		}))
	}
}
