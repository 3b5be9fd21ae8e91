package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// waitlistMetrics are the waitlist's collectors (Metrics.Waitlist).
type waitlistMetrics struct {
	events *prometheus.CounterVec
}

// The waitlist's events.
var waitlistEvents = []string{"joined", "offered", "booked", "taken"}

// Waitlist registers the waitlist's metrics: the entries waiting now
// (count, read from the database: every instance reports the shared
// list) and the events — entries joined, offers emailed, offers that
// booked, offers whose slot was taken first.
func (m *Metrics) Waitlist(count func(ctx context.Context) (int, error)) {
	w := &waitlistMetrics{events: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_waitlist_events_total",
		Help: "Waitlist events: joined (an entry made), offered (an offer emailed), booked (an offer's link booked), taken (its slot was taken first).",
	}, []string{"event"})}
	for _, e := range waitlistEvents {
		w.events.WithLabelValues(e)
	}
	m.reg.MustRegister(w.events)
	scrapedGauges(m.reg, 0, count, []prometheus.GaugeOpts{{
		Name: "rendezvous_waitlist_entries", Help: "Waitlist entries waiting (not expired, not fulfilled).",
	}}, func(n, _ int) float64 { return float64(n) })
	m.waitlist = w
}

func (m *Metrics) waitlistEvent(e string) {
	if m.waitlist != nil {
		m.waitlist.events.WithLabelValues(e).Inc()
	}
}

// WaitlistJoined counts an entry made.
func (m *Metrics) WaitlistJoined() { m.waitlistEvent("joined") }

// WaitlistOffered counts an offer emailed.
func (m *Metrics) WaitlistOffered() { m.waitlistEvent("offered") }

// WaitlistBooked counts an offer's link that booked.
func (m *Metrics) WaitlistBooked() { m.waitlistEvent("booked") }

// WaitlistTaken counts an offer's link that found its slot taken.
func (m *Metrics) WaitlistTaken() { m.waitlistEvent("taken") }
