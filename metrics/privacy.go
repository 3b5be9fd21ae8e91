package metrics

import "github.com/prometheus/client_golang/prometheus"

// Reasons of anonymisation by retention (docs/privacy.md).
var anonymisedReasons = []string{"past", "cancelled"}

func newAnonymised() *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_bookings_anonymised_total",
		Help: "Bookings whose customer details the retention job removed, by reason: past (appointment long over) or cancelled.",
	}, []string{"reason"})
	for _, r := range anonymisedReasons {
		c.WithLabelValues(r) // present at zero before the first run
	}
	return c
}

// BookingsAnonymised counts n bookings anonymised by retention for reason
// (past or cancelled).
func (m *Metrics) BookingsAnonymised(reason string, n int) {
	m.anonymised.WithLabelValues(reason).Add(float64(n))
}
