package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Webhooks: attempts by event and outcome, deliveries accepted with how
// long after they were made, deliveries that failed their every attempt,
// endpoints disabled for failing; and, read from the database at scrape
// time (cached a few seconds), the deliveries pending and the endpoints
// disabled.

type webhookMetrics struct {
	family
	attempts  outcomes
	latency   *prometheus.HistogramVec
	failed    *prometheus.CounterVec
	disabling prometheus.Counter
}

func (m *Metrics) webhooks() *webhookMetrics {
	w := &m.webhookMetrics
	w.register(m.reg, func() []prometheus.Collector {
		w.attempts = newOutcomes("rendezvous_webhook_attempts_total", "Webhook delivery attempts by event and outcome (ok, error).", "event")
		w.latency = histogramVec("rendezvous_webhook_delivery_seconds", "From a webhook delivery's creation (the event fanned out) to its acceptance, retries included, by event.",
			[]float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000, 86400}, "event")
		w.failed = counterVec("rendezvous_webhook_deliveries_failed_total", "Webhook deliveries that failed their every attempt, by event.", "event")
		w.disabling = prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rendezvous_webhook_endpoints_disabled_total", Help: "Webhook endpoints disabled because their deliveries kept failing.",
		})
		return []prometheus.Collector{w.attempts, w.latency, w.failed, w.disabling}
	})
	return w
}

// DeclareWebhooks creates the series of the given events at zero.
func (m *Metrics) DeclareWebhooks(events []string) {
	w := m.webhooks()
	for _, e := range events {
		w.attempts.declare(e)
		w.failed.WithLabelValues(e)
	}
}

// WebhookAttempt records an attempt (webhook.Metrics).
func (m *Metrics) WebhookAttempt(event string, ok bool) { m.webhooks().attempts.record(event, ok) }

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
	scrapedGauges(m.reg, 5*time.Second, func(ctx context.Context) ([2]int, error) {
		p, d, err := stats(ctx)
		return [2]int{p, d}, err
	}, []prometheus.GaugeOpts{
		{Name: "rendezvous_webhook_deliveries_pending", Help: "Webhook deliveries awaiting an attempt or a retry (-1: unknown)."},
		{Name: "rendezvous_webhook_endpoints_disabled", Help: "Webhook endpoints disabled, by an operator or for failing (-1: unknown)."},
	}, func(v [2]int, i int) float64 { return float64(v[i]) })
}
