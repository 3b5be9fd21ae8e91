package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// newChat assembles the conversation engine: the configured brain, the
// dialogue manager and its tools on the desk, and the chat service on the
// session store. It also returns the language-model brain (nil with the
// embedded one) for readiness checks.
func newChat(desk *booking.Desk, sessions chat.SessionStore, tokens *auth.Tokens, lookups dialogue.LookupLimits, cfg *config, deps brainDeps) (*chat.Service, *llm.Brain, error) {
	var m dialogue.Metrics
	if deps.metrics != nil {
		m = deps.metrics
	}
	log := deps.log
	if lookups.Limiter == nil {
		return nil, nil, errors.New("chat: booking lookups need a rate limiter")
	}
	// Bookings made in the chat are counted per client address like
	// lookups: with the same limiter, at the API's booking rate.
	bookings := dialogue.BookingLimits{Limiter: lookups.Limiter, PerClient: lookups.PerClient, Key: lookups.Key}
	var extra []*dialogue.Tool
	if deps.waitlist != nil {
		extra = append(extra, dialogue.WaitlistTool(deps.waitlist))
	}
	tools := dialogue.NewRegistry(desk, dialogue.Limits{Lookups: lookups, Bookings: bookings}, m, extra...).WithTracer(deps.tracer)
	embedded := dialogue.NewEmbeddedBrain(desk.Names, 0)
	brain, model, err := newBrain(cfg, embedded, tools, deps)
	if err != nil {
		return nil, nil, err
	}
	var confirmer dialogue.Brain
	if model != nil {
		confirmer = embedded // a model's yes is checked against the customer's own words
	}
	manager := dialogue.NewManager(dialogue.ManagerConfig{
		Brain:       brain,
		Confirmer:   confirmer,
		Tools:       tools,
		Zones:       desk.CityZone,
		Cities:      desk.Cities,
		DefaultZone: cfg.DefaultZone,
		Logger:      log,
		Prover:      deps.prover,
	})
	svc := chat.NewService(sessions, manager, tokens, chat.Limits{
		Sessions:        cfg.Sessions,
		MaxMessageRunes: cfg.MaxMessageRunes,
		MaxMessages:     cfg.MaxMessages,
	}, nil).WithLogger(log).WithTracer(deps.tracer)
	return svc, model, nil
}

// sweepSessions removes expired sessions every interval until ctx ends: a
// job of the server's lifecycle, started and stopped with it.
func sweepSessions(ctx context.Context, store chat.SessionStore, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			sctx, cancel := context.WithTimeout(ctx, interval)
			n, err := store.Sweep(sctx)
			cancel()
			if err != nil {
				log.Warn("session sweep failed", slog.String("error", err.Error()))
			} else if n > 0 {
				log.Debug("expired sessions removed", slog.Int("count", n))
			}
		}
	}
}
