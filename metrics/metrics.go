// Package metrics adapts Prometheus: one registry, owned by the program
// (never the global default), with the collectors of Rendezvous — HTTP
// requests by route and status, their latency, bookings and booking
// conflicts, rate-limit rejections, tool calls, live sessions and the
// health of dependencies. The other packages see it only through the
// small interfaces they declare (httpapi.Observer, booking.Metrics…).
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// Metrics holds the registry and the collectors.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	bookings    prometheus.Counter
	conflicts   prometheus.Counter
	rateLimited *prometheus.CounterVec
	conns       connections
	toolCalls   *prometheus.HistogramVec
	toolErrors  *prometheus.CounterVec
	dependency  *prometheus.GaugeVec

	modelCalls     *prometheus.HistogramVec
	modelErrors    *prometheus.CounterVec
	modelTokens    *prometheus.CounterVec
	modelCost      *prometheus.CounterVec
	modelFallback  *prometheus.CounterVec
	breaker        *prometheus.GaugeVec
	anonymised     *prometheus.CounterVec
	jobMetrics     jobMetrics       // jobs.go
	webhookMetrics webhookMetrics   // webhooks.go
	waitlist       *waitlistMetrics // waitlist.go; nil until registered
}

// New returns the metrics of one process.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rendezvous_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		bookings: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rendezvous_bookings_created_total", Help: "Bookings created.",
		}),
		conflicts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rendezvous_booking_conflicts_total", Help: "Bookings refused because the slot was taken.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_rate_limited_total", Help: "Requests refused by a rate limit, by class.",
		}, []string{"class"}),
		toolCalls: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rendezvous_tool_call_duration_seconds", Help: "Duration of the agent's tool calls.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 3},
		}, []string{"tool"}),
		toolErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rendezvous_tool_call_errors_total", Help: "Tool calls that returned an error.",
		}, []string{"tool"}),
		dependency: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rendezvous_dependency_up", Help: "1 when a dependency answered its last check, 0 otherwise.",
		}, []string{"name"}),
	}
	m.modelCalls = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "rendezvous_model_call_duration_seconds", Help: "Calls to the language model, by backend.",
		Buckets: []float64{.1, .25, .5, 1, 2, 4, 8, 15, 30},
	}, []string{"backend"})
	m.modelErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_model_call_errors_total", Help: "Failed calls to the language model, by backend.",
	}, []string{"backend"})
	m.modelTokens = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_model_tokens_total", Help: "Tokens used, by backend and direction (input, output).",
	}, []string{"backend", "direction"})
	m.modelCost = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_model_cost_usd_total", Help: "Estimated cost of the language model in US dollars, by backend.",
	}, []string{"backend"})
	m.modelFallback = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rendezvous_model_fallbacks_total", Help: "Messages the embedded brain answered instead of the model, by reason.",
	}, []string{"backend", "reason"})
	m.breaker = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "rendezvous_model_breaker_open", Help: "State of the model's circuit breaker: 0 closed, 0.5 half-open, 1 open.",
	}, []string{"backend"})
	m.anonymised = newAnonymised()
	m.reg.MustRegister(m.anonymised)
	m.conns = newConnections(m.reg)
	m.reg.MustRegister(m.requests, m.latency, m.bookings, m.conflicts, m.rateLimited, m.toolCalls, m.toolErrors, m.dependency,
		m.modelCalls, m.modelErrors, m.modelTokens, m.modelCost, m.modelFallback, m.breaker,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Declare creates the series of the known rate-limit classes and tools at
// zero, so that dashboards and alerts see them before the first event.
func (m *Metrics) Declare(rateClasses, tools []string) {
	for _, c := range rateClasses {
		m.rateLimited.WithLabelValues(c)
	}
	for _, t := range tools {
		m.toolCalls.WithLabelValues(t)
		m.toolErrors.WithLabelValues(t)
	}
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest counts a request and its latency.
func (m *Metrics) ObserveRequest(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// RateLimited counts a request refused by the limit of class.
func (m *Metrics) RateLimited(class string) { m.rateLimited.WithLabelValues(class).Inc() }

// BookingCreated counts a booking.
func (m *Metrics) BookingCreated() { m.bookings.Inc() }

// BookingConflict counts a booking refused for a taken slot.
func (m *Metrics) BookingConflict() { m.conflicts.Inc() }

// ToolCall records one of the agent's tool calls.
func (m *Metrics) ToolCall(name string, d time.Duration, err error) {
	m.toolCalls.WithLabelValues(name).Observe(d.Seconds())
	if err != nil {
		m.toolErrors.WithLabelValues(name).Inc()
	}
}

// Dependency records the result of a dependency's check.
func (m *Metrics) Dependency(name string, up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.dependency.WithLabelValues(name).Set(v)
}

// Sessions exports the number of live chat sessions, read at scrape time
// with a short deadline.
func (m *Metrics) Sessions(count func(ctx context.Context) (int, error)) {
	scrapedGauges(m.reg, 0, count, []prometheus.GaugeOpts{{Name: "rendezvous_sessions_active", Help: "Live chat sessions."}},
		func(n, _ int) float64 { return float64(n) })
}

// ModelCall records one call to a language model.
func (m *Metrics) ModelCall(backend string, d time.Duration, u llm.Usage, costUSD float64, err error) {
	m.modelCalls.WithLabelValues(backend).Observe(d.Seconds())
	if err != nil {
		m.modelErrors.WithLabelValues(backend).Inc()
	}
	m.modelTokens.WithLabelValues(backend, "input").Add(float64(u.InputTokens))
	m.modelTokens.WithLabelValues(backend, "output").Add(float64(u.OutputTokens))
	m.modelCost.WithLabelValues(backend).Add(costUSD)
}

// Fallback counts a message the embedded brain answered instead.
func (m *Metrics) Fallback(backend, reason string) {
	m.modelFallback.WithLabelValues(backend, reason).Inc()
}

// BreakerState records the circuit breaker's state.
func (m *Metrics) BreakerState(backend, state string) {
	v := map[string]float64{"closed": 0, "half-open": 0.5, "open": 1}[state]
	m.breaker.WithLabelValues(backend).Set(v)
}

// ModelBudget exports the share of the language model's daily token
// budget spent today (0 to 1, more once spent; -1 when it cannot be
// read), read at scrape time with a short deadline.
func (m *Metrics) ModelBudget(used func(ctx context.Context) (float64, error)) {
	scrapedGauges(m.reg, 0, used, []prometheus.GaugeOpts{{
		Name: "rendezvous_model_daily_budget_used_ratio", Help: "Share of the language model's daily token budget spent today (-1: unknown).",
	}}, func(v float64, _ int) float64 { return v })
}

// Registry gives other adapters (the language-model brains) a place to
// register their own collectors.
func (m *Metrics) Registry() prometheus.Registerer { return m.reg }
