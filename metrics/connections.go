package metrics

import "github.com/prometheus/client_golang/prometheus"

// connections counts connections refused for a limit.
type connections struct {
	refused *prometheus.CounterVec
}

func newConnections(reg *prometheus.Registry) connections {
	c := connections{refused: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_connections_refused_total",
		Help: "Connections closed at once because their client (per_client) or the server (total) held as many as allowed.",
	}, []string{"reason"})}
	for _, r := range []string{"per_client", "total"} {
		c.refused.WithLabelValues(r)
	}
	reg.MustRegister(c.refused)
	return c
}

// ConnectionRefused counts a connection refused for a limit.
func (m *Metrics) ConnectionRefused(reason string) { m.conns.refused.WithLabelValues(reason).Inc() }
