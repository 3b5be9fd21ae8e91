package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The one way to register the collectors of a subsystem that not every
// instance runs (jobs, webhooks): a family registered the first time it
// is used, its attempts counted by outcome; and of values read at scrape
// time (a queue's depth, the live sessions, the model's budget).

// family registers a subsystem's collectors the first time one of them
// is used, so that an instance that never runs the subsystem exposes none
// of its series.
type family struct{ once sync.Once }

// register builds the collectors and registers them, once.
func (f *family) register(reg prometheus.Registerer, build func() []prometheus.Collector) {
	f.once.Do(func() { reg.MustRegister(build()...) })
}

// outcomes counts attempts by subject (a job's kind, a webhook's event)
// and outcome: ok or error.
type outcomes struct{ *prometheus.CounterVec }

func newOutcomes(name, help, subject string) outcomes {
	return outcomes{counterVec(name, help, subject, "outcome")}
}

// declare creates a subject's series at zero.
func (o outcomes) declare(subject string) {
	o.WithLabelValues(subject, "ok")
	o.WithLabelValues(subject, "error")
}

// record counts one attempt.
func (o outcomes) record(subject string, ok bool) {
	outcome := "error"
	if ok {
		outcome = "ok"
	}
	o.WithLabelValues(subject, outcome).Inc()
}

func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

func histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
}

// scrapedGauges registers a gauge per opts, read at scrape time from one
// call of fetch that they share, made at most once every ttl (0: at every
// scrape), with a second to answer: gauge i reports value(v, i), or -1
// when the last call failed. The one way to export a value read from
// elsewhere.
func scrapedGauges[T any](reg prometheus.Registerer, ttl time.Duration, fetch func(ctx context.Context) (T, error), opts []prometheus.GaugeOpts, value func(v T, i int) float64) {
	read := cachedRead(ttl, fetch)
	for i, o := range opts {
		reg.MustRegister(prometheus.NewGaugeFunc(o, func() float64 {
			v, ok := read()
			if !ok {
				return -1
			}
			return value(v, i)
		}))
	}
}

// cachedRead returns a reader of fn's value that calls fn (with a second
// to answer) at most once every ttl. ok is false when the last call
// failed.
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
