package main

import (
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/anthropic"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
)

// brainDeps are what a brain may use beyond the desk.
type brainDeps struct {
	log     *slog.Logger
	metrics interface {
		dialogue.Metrics
		llm.Metrics
	}
	daily llm.DailyCounter
	// prover lets the chat prove an address with a code; nil without
	// notifications.
	prover dialogue.EmailProver
	// waitlist lets the chat put a customer on the waitlist; nil without
	// notifications.
	waitlist dialogue.Waitlist
	// tracer draws spans of turns, tools and model calls; nil when off.
	tracer trace.TracerProvider
}

// newBrain returns the configured brain: the embedded understanding, or a
// language model that falls back to it. The model brain is also returned,
// for readiness checks; nil with the embedded brain.
func newBrain(cfg *config, embedded dialogue.Brain, tools *dialogue.Registry, deps brainDeps) (dialogue.Brain, *llm.Brain, error) {
	l := cfg.LLM
	var backend llm.Backend
	var err error
	switch l.Brain {
	case "embedded":
		return embedded, nil, nil
	case "anthropic":
		backend, err = anthropic.New(anthropic.Config{APIKey: l.AnthropicKey, BaseURL: l.AnthropicURL, Model: l.Model,
			MaxTokens: l.MaxTokens, Temperature: l.Temperature, Timeout: l.CallTimeout})
	case "openai":
		backend, err = openai.New(openai.Config{APIKey: l.OpenAIKey, BaseURL: l.OpenAIURL, Model: l.Model,
			MaxTokens: l.MaxTokens, Temperature: l.Temperature, Timeout: l.CallTimeout})
	default:
		return nil, nil, &settingError{"RENDEZVOUS_BRAIN", fmt.Sprintf("%q: want embedded, anthropic or openai", l.Brain)}
	}
	if err != nil {
		return nil, nil, &settingError{"RENDEZVOUS_BRAIN", err.Error()}
	}
	var m llm.Metrics
	if deps.metrics != nil {
		m = deps.metrics
	}
	b, err := llm.New(llm.Config{
		Backend: backend, Fallback: embedded, Tools: tools,
		Model: l.Model, MaxTokens: l.MaxTokens, Temperature: l.Temperature,
		MaxRounds: l.MaxRounds, TurnTimeout: l.TurnTimeout,
		Resilience: llm.Resilience{CallTimeout: l.CallTimeout, MaxAttempts: l.MaxAttempts,
			BreakerFailures: l.BreakerFailures, BreakerOpen: l.BreakerOpen},
		SessionTokens: l.SessionTokens, ClientDailyTokens: l.ClientTokens, DailyTokens: l.DailyTokens, Daily: deps.daily,
		Prices:  llm.Prices{InputPerMTok: l.PriceInput, OutputPerMTok: l.PriceOutput},
		Metrics: m, Logger: deps.log, Tracer: deps.tracer,
	})
	if err != nil {
		return nil, nil, err
	}
	return b, b, nil
}
