package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Jobs and emails: attempts by kind and outcome with their duration,
// emails sent with how late after their due time, jobs that had nothing
// to send, resends after a cut-short attempt, and the queue's depth by
// state (read from the database at scrape time, cached for a few
// seconds: every instance reports the same shared queue).

type jobMetrics struct {
	once      sync.Once
	attempts  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	sent      *prometheus.CounterVec
	late      *prometheus.HistogramVec
	skipped   *prometheus.CounterVec
	resent    *prometheus.CounterVec
	discarded *prometheus.CounterVec
}

func (m *Metrics) jobs() *jobMetrics {
	j := &m.jobMetrics
	j.once.Do(func() {
		j.attempts = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_job_attempts_total", Help: "Job attempts by kind and outcome (ok, error).",
		}, []string{"kind", "outcome"})
		j.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rendezvous_job_duration_seconds", Help: "How long one attempt of a job took, by kind.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"kind"})
		j.discarded = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_jobs_discarded_total", Help: "Jobs that failed their last attempt, by kind.",
		}, []string{"kind"})
		j.sent = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_emails_sent_total", Help: "Emails handed to the relay (or the dev mailbox), by kind.",
		}, []string{"kind"})
		j.late = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rendezvous_email_send_delay_seconds", Help: "From an email's due time (the change, or the reminder's time) to its sending, by kind.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600},
		}, []string{"kind"})
		j.skipped = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_emails_skipped_total", Help: "Email jobs with nothing to send, by kind and reason (erased, outdated, already_sent…).",
		}, []string{"kind", "reason"})
		j.resent = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_emails_resent_total", Help: "Emails sent again after an attempt cut short (its instance died): possible duplicates, same Message-ID.",
		}, []string{"kind"})
		m.reg.MustRegister(j.attempts, j.duration, j.discarded, j.sent, j.late, j.skipped, j.resent)
	})
	return j
}

// DeclareJobs creates the series of the given job kinds at zero.
func (m *Metrics) DeclareJobs(kinds []string) {
	j := m.jobs()
	for _, k := range kinds {
		j.attempts.WithLabelValues(k, "ok")
		j.attempts.WithLabelValues(k, "error")
		j.discarded.WithLabelValues(k)
		j.sent.WithLabelValues(k)
		j.resent.WithLabelValues(k)
	}
}

// JobWorked records one attempt of a job (queue.Observer).
func (m *Metrics) JobWorked(kind string, took time.Duration, err error, discarded bool) {
	j := m.jobs()
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	j.attempts.WithLabelValues(kind, outcome).Inc()
	j.duration.WithLabelValues(kind).Observe(took.Seconds())
	if discarded {
		j.discarded.WithLabelValues(kind).Inc()
	}
}

// EmailSent records an email sent, late after its due time (notify.Metrics).
func (m *Metrics) EmailSent(kind string, late time.Duration) {
	j := m.jobs()
	j.sent.WithLabelValues(kind).Inc()
	j.late.WithLabelValues(kind).Observe(late.Seconds())
}

// EmailSkipped records an email job with nothing to send.
func (m *Metrics) EmailSkipped(kind, reason string) {
	m.jobs().skipped.WithLabelValues(kind, reason).Inc()
}

// EmailResent records an email sent again after a cut-short attempt.
func (m *Metrics) EmailResent(kind string) { m.jobs().resent.WithLabelValues(kind).Inc() }

// JobQueue exports the number of jobs in each state (available,
// scheduled, retryable, running, discarded…), read at scrape time and
// cached for 5 seconds.
func (m *Metrics) JobQueue(counts func(ctx context.Context) (map[string]int, error), states []string) {
	read := cachedRead(5*time.Second, counts)
	for _, st := range states {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rendezvous_jobs", Help: "Jobs in the queue by state (-1: unknown).", ConstLabels: prometheus.Labels{"state": st},
		}, func() float64 {
			c, ok := read()
			if !ok {
				return -1
			}
			return float64(c[st])
		}))
	}
}

// cachedRead returns a reader of fn's value that calls fn (with a second
// to answer) at most once every ttl: the gauges of one query, read at
// scrape time, share a single query per scrape. ok is false when the
// last call failed.
func cachedRead[T any](ttl time.Duration, fn func(ctx context.Context) (T, error)) func() (v T, ok bool) {
	var (
		mu    sync.Mutex
		at    time.Time
		cache T
		good  bool
	)
	return func() (T, bool) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(at) < ttl {
			return cache, good
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		v, err := fn(ctx)
		cache, good, at = v, err == nil, time.Now()
		return cache, good
	}
}
