package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Jobs and emails: attempts by kind and outcome with their duration,
// emails sent with how late after their due time, jobs that had nothing
// to send, resends after a cut-short attempt, and the queue's depth by
// state (read from the database at scrape time, cached for a few
// seconds: every instance reports the same shared queue).

type jobMetrics struct {
	family
	attempts  outcomes
	duration  *prometheus.HistogramVec
	sent      *prometheus.CounterVec
	late      *prometheus.HistogramVec
	skipped   *prometheus.CounterVec
	resent    *prometheus.CounterVec
	discarded *prometheus.CounterVec
}

func (m *Metrics) jobs() *jobMetrics {
	j := &m.jobMetrics
	j.register(m.reg, func() []prometheus.Collector {
		j.attempts = newOutcomes("rendezvous_job_attempts_total", "Job attempts by kind and outcome (ok, error).", "kind")
		j.duration = histogramVec("rendezvous_job_duration_seconds", "How long one attempt of a job took, by kind.",
			[]float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}, "kind")
		j.discarded = counterVec("rendezvous_jobs_discarded_total", "Jobs that failed their last attempt, by kind.", "kind")
		j.sent = counterVec("rendezvous_emails_sent_total", "Emails handed to the relay (or the dev mailbox), by kind.", "kind")
		j.late = histogramVec("rendezvous_email_send_delay_seconds", "From an email's due time (the change, or the reminder's time) to its sending, by kind.",
			[]float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}, "kind")
		j.skipped = counterVec("rendezvous_emails_skipped_total", "Email jobs with nothing to send, by kind and reason (erased, outdated, already_sent…).", "kind", "reason")
		j.resent = counterVec("rendezvous_emails_resent_total", "Emails sent again after an attempt cut short (its instance died): possible duplicates, same Message-ID.", "kind")
		return []prometheus.Collector{j.attempts, j.duration, j.discarded, j.sent, j.late, j.skipped, j.resent}
	})
	return j
}

// DeclareJobs creates the series of the given job kinds at zero.
func (m *Metrics) DeclareJobs(kinds []string) {
	j := m.jobs()
	for _, k := range kinds {
		j.attempts.declare(k)
		j.discarded.WithLabelValues(k)
		j.sent.WithLabelValues(k)
		j.resent.WithLabelValues(k)
	}
}

// JobWorked records one attempt of a job (queue.Observer).
func (m *Metrics) JobWorked(kind string, took time.Duration, err error, discarded bool) {
	j := m.jobs()
	j.attempts.record(kind, err == nil)
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
	opts := make([]prometheus.GaugeOpts, len(states))
	for i, st := range states {
		opts[i] = prometheus.GaugeOpts{Name: "rendezvous_jobs", Help: "Jobs in the queue by state (-1: unknown).", ConstLabels: prometheus.Labels{"state": st}}
	}
	scrapedGauges(m.reg, 5*time.Second, counts, opts, func(c map[string]int, i int) float64 { return float64(c[states[i]]) })
}
