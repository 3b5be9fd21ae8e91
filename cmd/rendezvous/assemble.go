package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"

	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/feed"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/metrics"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/tracing"
	"github.com/rendezvous-oss/rendezvous/verify"
	"github.com/rendezvous-oss/rendezvous/waitlist"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// system is everything serve runs, assembled from the configuration.
type system struct {
	api      *httpapi.Server
	metrics  *metrics.Metrics
	sessions chat.SessionStore
	desk     *booking.Desk
	// index is the desk's availability index, run by serve; nil when off.
	index       *booking.Index
	storeKind   string
	sessionKind string
	closers     []func() error
	// store is the system of record; notes sends customers their emails
	// (its runner is nil when this instance works no jobs).
	store store
	notes *notifications
	// jobs lists and retries jobs (the admin API), whether or not this
	// instance works them; nil when notifications are off.
	jobs jobRunner
	// verify proves email addresses; nil when notifications are off.
	verify *verify.Service
	// webhooks administers webhook endpoints; nil when notifications
	// (and with them the job queue) are off.
	webhooks *webhook.Service
	// waitlist tells waiting customers of freed slots; nil when
	// notifications are off.
	waitlist *waitlist.Service
	// tracing is the tracer provider (OTEL_* variables), off by default.
	tracing *tracing.Provider
}

// tracer is the tracer provider the adapters are given: nil when tracing
// is off, so that they add no wrapper at all.
func (s *system) tracer() trace.TracerProvider {
	if !s.tracing.Enabled() {
		return nil
	}
	return s.tracing
}

func (s *system) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	return errors.Join(errs...)
}

// assemble opens the stores and builds the desk, the conversation engine
// and the HTTP API, each given its dependencies.
func (a *app) assemble(ctx context.Context, cfg *config, log *slog.Logger) (_ *system, err error) {
	sys := &system{metrics: metrics.New()}
	defer func() {
		if err != nil {
			sys.close() // what was opened before the failure
		}
	}()
	secret, err := cfg.secret(log)
	if err != nil {
		return nil, err
	}
	var previous []byte
	if cfg.SecretPrevious != "" {
		if previous, err = decodeSecret(cfg.nameOf("RENDEZVOUS_SECRET_KEY_PREVIOUS"), cfg.SecretPrevious); err != nil {
			return nil, err
		}
	}
	pepper, err := cfg.adminPepper()
	if err != nil {
		return nil, err
	}
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: secret, Previous: previous, PreviousUntil: cfg.PreviousUntil})
	if err != nil {
		return nil, &settingError{cfg.nameOf("RENDEZVOUS_SECRET_KEY"), err.Error()}
	}
	if sys.tracing, err = tracing.New(ctx, a.getenv, version()); err != nil {
		return nil, &settingError{"tracing", err.Error()}
	}
	// Closed last: the spans of everything closed before it are sent.
	sys.closers = append(sys.closers, func() error {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return sys.tracing.Shutdown(sctx)
	})
	if sys.tracing.Enabled() {
		log.Info("tracing on: spans go to the OTLP endpoint of the OTEL_* variables")
	}

	st, kind, err := openStore(ctx, cfg, sys.tracer())
	if err != nil {
		return nil, err
	}
	sys.closers = append(sys.closers, st.Close)
	sys.storeKind = kind
	sys.store = st
	if err := st.Migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if cfg.SeedDemo {
		if err := a.seedIfEmpty(ctx, st, log); err != nil {
			return nil, err
		}
	}
	checks := []httpapi.Check{{Name: "database:" + kind, Required: true, Check: st.Ping}}
	if stats := poolStats(st); stats != nil {
		sys.metrics.DBPool(stats)
	}

	local := inmem.NewRateLimiter(100_000, nil)
	limits := httpapi.RateLimits{Rates: cfg.HTTP.Rates, Limiter: local}
	var sharedLimiter dialogue.Limiter = local
	var daily llm.DailyCounter = inmem.NewDailyCounter(nil)
	sessions := chat.SessionStore(inmem.NewSessions(cfg.Sessions, nil))
	sys.sessionKind = "memory"
	if cfg.RedisURL != "" {
		rs, err := openRedis(ctx, cfg, log, sys.tracer())
		if err != nil {
			return nil, err
		}
		sys.closers = append(sys.closers, rs.close)
		sessions, sys.sessionKind = rs.sessions, "redis"
		daily = rs.daily
		limits.Fallback, limits.Limiter = limits.Limiter, rs.limiter
		sharedLimiter = fallbackLimiter{primary: rs.limiter, fallback: local}
		// Redis holds the sessions: without it no conversation can go on,
		// and the service says so rather than silently forgetting them.
		checks = append(checks, httpapi.Check{Name: "redis", Required: true, Check: rs.ping})
	}
	if !cfg.HTTP.RateLimits {
		log.Warn("rate limits are off (RENDEZVOUS_RATE_LIMITS=off): for load tests in development only")
		limits = httpapi.RateLimits{Off: true}
	}
	sys.sessions = sessions
	sys.metrics.Sessions(sessions.Count)
	var classes []string
	for _, c := range httpapi.RateClasses() {
		classes = append(classes, string(c.Class))
	}
	sys.metrics.Declare(classes, []string{dialogue.ToolSearchProviders, dialogue.ToolGetAvailability, dialogue.ToolCreateBooking,
		dialogue.ToolCancelBooking, dialogue.ToolRescheduleBooking, dialogue.ToolListMyBookings, dialogue.ToolJoinWaitlist})

	notes, err := newSender(cfg.Notify, cfg.production())
	if err != nil {
		return nil, err
	}
	sys.notes = notes
	pg, isPG := st.(*postgres.Store)
	if cfg.AvailabilityIndex && (isPG || cfg.AvailabilityIndexSet) {
		// PostgreSQL may have other instances: their changes come through
		// the change feed. SQLite, when asked for (see config.go), sees
		// only this process's own changes.
		var feed booking.ChangeFeed
		if isPG {
			feed = pg.Feed()
		}
		sys.index = booking.NewIndex(st, booking.IndexOptions{Feed: feed, Logger: log})
	}
	opts := booking.Options{Metrics: sys.metrics, MaxUpcomingPerCustomer: cfg.MaxUpcomingPerCustomer, Waitlist: st, Index: sys.index}
	withJobPlanners(&opts, cfg.Notify)
	desk := booking.NewDesk(st, tokens, opts)
	sys.desk = desk
	if notes.sender != nil {
		sys.waitlist = waitlist.New(waitlist.Config{Store: st, Desk: desk, Tokens: tokens, Sender: notes.sender, Renderer: notes.render,
			MaxPerAddress: cfg.Notify.WaitlistPerAddress, Events: webhook.WaitlistPlanner{}, Metrics: sys.metrics, Logger: log})
		sys.metrics.Waitlist(sys.waitlist.Count)
	}
	if err := a.assembleJobs(sys, cfg, log); err != nil {
		return nil, err
	}
	if notes.smtp != nil {
		// Mail is optional for the service: bookings still work while the
		// relay is down (their emails wait in the queue), so readiness
		// reports it degraded, never down.
		checks = append(checks, httpapi.Check{Name: "smtp", Required: false, Check: notes.smtp.Check})
	}
	// Proving a booking by reference and email in the chat is counted per
	// client address at the API's booking rate, whether or not the HTTP
	// limits are on, and fails closed when no counter answers.
	lookups := dialogue.LookupLimits{Limiter: sharedLimiter, PerClient: httpapi.DefaultRates()[httpapi.RateBooking],
		Key: func(client string) string { return httpapi.RateKey(httpapi.RateBooking, client) }}
	if r, ok := cfg.HTTP.Rates[httpapi.RateBooking]; ok {
		lookups.PerClient = r
	}
	verifier := sys.newVerifier(tokens, sharedLimiter, cfg)
	var prover dialogue.EmailProver
	if sys.verify != nil {
		prover = chatProver{verify: sys.verify, desk: desk}
	}
	deps := brainDeps{log: log, metrics: sys.metrics, daily: daily, prover: prover, tracer: sys.tracer()}
	if sys.waitlist != nil {
		deps.waitlist = sys.waitlist
	}
	chatSvc, model, err := newChat(desk, sessions, tokens, lookups, cfg, deps)
	if err != nil {
		return nil, err
	}
	if model != nil {
		// The model is optional: with its breaker open the embedded brain
		// answers, so readiness reports it without failing (degraded when
		// its daily budget is nearly spent).
		checks = append(checks, httpapi.Check{Name: "llm:" + cfg.LLM.Brain, Required: false, Check: model.Check})
		sys.metrics.ModelBudget(model.DailyBudgetUsed)
	}
	pages, err := webPages(cfg)
	if err != nil {
		return nil, err
	}
	jobAdmin, devMail := sys.apiJobs(cfg.production())
	var hooks httpapi.WebhookAdmin
	if sys.webhooks != nil {
		hooks = sys.webhooks
	}
	var wl httpapi.Waitlist
	if sys.waitlist != nil {
		wl = sys.waitlist
	}
	api, err := httpapi.New(httpapi.Config{
		Webhooks:       hooks,
		Feeds:          &feed.Service{Store: st, Bookings: st, PublicURL: cfg.Notify.PublicURL},
		Verifier:       verifier,
		Waitlist:       wl,
		Jobs:           jobAdmin,
		DevMail:        devMail,
		Desk:           desk,
		Admin:          auth.NewAdminKeys(st, pepper),
		Audit:          st,
		Chat:           chatSvc,
		Logger:         log,
		Version:        version(),
		Checks:         observeChecks(checks, sys.metrics),
		CORSOrigins:    cfg.HTTP.CORSOrigins,
		TrustedProxies: cfg.HTTP.TrustedProxies,
		IPv6Prefix:     cfg.HTTP.IPv6Prefix,
		TLS:            cfg.HTTP.TLSCert != "",
		RateLimits:     limits,
		Observer:       sys.metrics,
		Tracer:         sys.tracer(),
		Extra: append([]httpapi.Endpoint{{Method: "GET", Path: "/metrics", OperationID: "metrics", RateClass: httpapi.RateMetrics, Tag: "operations", Auth: httpapi.AuthAdmin,
			Summary:   "Prometheus metrics (also on RENDEZVOUS_METRICS_ADDR without a key)",
			Responses: []httpapi.Response{{Status: 200, Description: "The Prometheus text format"}},
			Handle:    httpapi.Handle(sys.metrics.Handler())}}, pages...),
	})
	if err != nil {
		return nil, err
	}
	sys.api = api
	return sys, nil
}

// observeChecks records every readiness check's result in the metrics.
func observeChecks(checks []httpapi.Check, m *metrics.Metrics) []httpapi.Check {
	out := make([]httpapi.Check, len(checks))
	for i, c := range checks {
		check := c.Check
		c.Check = func(ctx context.Context) error {
			err := check(ctx)
			m.Dependency(c.Name, err == nil || httpapi.Degraded(err)) // degraded still answers
			return err
		}
		out[i] = c
	}
	return out
}

// fallbackLimiter counts in Redis, and in this process's memory while
// Redis fails: limits then hold per instance rather than not at all.
type fallbackLimiter struct {
	primary, fallback dialogue.Limiter
}

func (f fallbackLimiter) Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error) {
	d, err := f.primary.Allow(ctx, key, rate)
	if err != nil {
		return f.fallback.Allow(ctx, key, rate)
	}
	return d, nil
}
