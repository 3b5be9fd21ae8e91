package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// PoolStats are a database connection pool's figures.
type PoolStats struct {
	InUse, Idle, Max int
	// Waits counts the acquisitions that found no idle connection and
	// waited, since the start; WaitTime is their total wait.
	Waits    int64
	WaitTime time.Duration
}

// DBPool exports the store's connection pool, read at scrape time: the
// connections in use and idle, the pool's size, and the waits for a
// connection — a pool in use to its size with growing waits is
// saturated (requests queue for the database).
func (m *Metrics) DBPool(stats func() PoolStats) {
	m.reg.MustRegister(&poolCollector{stats: stats,
		conns: prometheus.NewDesc("rendezvous_db_pool_connections", "Database connections by state (in_use, idle).", []string{"state"}, nil),
		max:   prometheus.NewDesc("rendezvous_db_pool_max_connections", "Size of the database connection pool.", nil, nil),
		waits: prometheus.NewDesc("rendezvous_db_pool_waits_total", "Acquisitions of a database connection that had to wait.", nil, nil),
		wait:  prometheus.NewDesc("rendezvous_db_pool_wait_seconds_total", "Time spent waiting for a database connection.", nil, nil),
	})
}

type poolCollector struct {
	stats                   func() PoolStats
	conns, max, waits, wait *prometheus.Desc
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.conns
	ch <- c.max
	ch <- c.waits
	ch <- c.wait
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(s.InUse), "in_use")
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(s.Idle), "idle")
	ch <- prometheus.MustNewConstMetric(c.max, prometheus.GaugeValue, float64(s.Max))
	ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, float64(s.Waits))
	ch <- prometheus.MustNewConstMetric(c.wait, prometheus.CounterValue, s.WaitTime.Seconds())
}
