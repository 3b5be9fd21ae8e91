package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// llmSettings choose and bound the brain.
type llmSettings struct {
	// Brain is embedded (the default), anthropic or openai.
	Brain string

	AnthropicKey, AnthropicURL string
	OpenAIKey, OpenAIURL       string

	Model       string
	MaxTokens   int
	Temperature float64

	MaxRounds       int
	TurnTimeout     time.Duration
	CallTimeout     time.Duration
	MaxAttempts     int
	BreakerFailures int
	BreakerOpen     time.Duration
	SessionTokens   int64
	ClientTokens    int64 // one client address's, per UTC day
	DailyTokens     int64
	PriceInput      float64 // US dollars per million tokens
	PriceOutput     float64
}

// defaultModels and their prices (US dollars per million input/output
// tokens), for the cost estimates; any model can be named with
// RENDEZVOUS_LLM_MODEL and priced with RENDEZVOUS_LLM_PRICE_*.
var defaultModels = map[string]struct {
	model         string
	input, output float64
}{
	"anthropic": {"claude-sonnet-4-5", 3, 15},
	"openai":    {"gpt-4o-mini", 0.15, 0.6},
}

func (c *config) loadLLMSettings(getenv func(string) string, errs *[]error) {
	l := &c.LLM
	l.Brain = "embedded"
	if v := strings.ToLower(strings.TrimSpace(getenv("RENDEZVOUS_BRAIN"))); v != "" {
		l.Brain = v
	}
	switch l.Brain {
	case "embedded", "anthropic", "openai":
	default:
		*errs = append(*errs, &settingError{"RENDEZVOUS_BRAIN", fmt.Sprintf("%q: want embedded, anthropic or openai", l.Brain)})
		return
	}
	l.AnthropicKey = strings.TrimSpace(getenv("RENDEZVOUS_ANTHROPIC_API_KEY"))
	l.AnthropicURL = strings.TrimSpace(getenv("RENDEZVOUS_ANTHROPIC_BASE_URL"))
	l.OpenAIKey = strings.TrimSpace(getenv("RENDEZVOUS_OPENAI_API_KEY"))
	l.OpenAIURL = strings.TrimSpace(getenv("RENDEZVOUS_OPENAI_BASE_URL"))
	for name, v := range map[string]string{"RENDEZVOUS_ANTHROPIC_BASE_URL": l.AnthropicURL, "RENDEZVOUS_OPENAI_BASE_URL": l.OpenAIURL} {
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an http(s) URL", v)})
		}
	}
	switch {
	case l.Brain == "anthropic" && l.AnthropicKey == "":
		*errs = append(*errs, &settingError{c.nameOf("RENDEZVOUS_ANTHROPIC_API_KEY"), "is required with RENDEZVOUS_BRAIN=anthropic"})
	case l.Brain == "openai" && l.OpenAIKey == "" && l.OpenAIURL == "":
		*errs = append(*errs, &settingError{c.nameOf("RENDEZVOUS_OPENAI_API_KEY"), "is required with RENDEZVOUS_BRAIN=openai (unless RENDEZVOUS_OPENAI_BASE_URL names a local server)"})
	}
	def := defaultModels[l.Brain]
	l.Model, l.PriceInput, l.PriceOutput = def.model, def.input, def.output
	if v := strings.TrimSpace(getenv("RENDEZVOUS_LLM_MODEL")); v != "" {
		l.Model = v
	}
	l.MaxTokens, l.MaxRounds, l.MaxAttempts, l.BreakerFailures = 1024, 4, 3, 5
	l.TurnTimeout, l.CallTimeout, l.BreakerOpen = 20*time.Second, 15*time.Second, 30*time.Second
	// A client address gets 5 % of the day's budget: three conversations
	// at the session bound (which a booking with a model nearly reaches),
	// room for a few customers behind one NAT; it takes twenty addresses,
	// not one, to spend the day's budget.
	l.SessionTokens, l.ClientTokens, l.DailyTokens = 30_000, 100_000, 2_000_000

	intVar := func(name string, dst *int, lo, hi int) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an integer from %d to %d", v, lo, hi)})
				return
			}
			*dst = n
		}
	}
	int64Var := func(name string, dst *int64, lo, hi int64) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < lo || n > hi {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an integer from %d to %d", v, lo, hi)})
				return
			}
			*dst = n
		}
	}
	durVar := func(name string, dst *time.Duration, lo, hi time.Duration) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < lo || d > hi {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want a duration from %s to %s", v, lo, hi)})
				return
			}
			*dst = d
		}
	}
	floatVar := func(name string, dst *float64, lo, hi float64) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < lo || f > hi {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want a number from %g to %g", v, lo, hi)})
				return
			}
			*dst = f
		}
	}
	intVar("RENDEZVOUS_LLM_MAX_TOKENS", &l.MaxTokens, 64, 32_000)
	floatVar("RENDEZVOUS_LLM_TEMPERATURE", &l.Temperature, 0, 2)
	intVar("RENDEZVOUS_LLM_MAX_ROUNDS", &l.MaxRounds, 1, 10)
	durVar("RENDEZVOUS_LLM_TURN_TIMEOUT", &l.TurnTimeout, 100*time.Millisecond, 2*time.Minute)
	durVar("RENDEZVOUS_LLM_CALL_TIMEOUT", &l.CallTimeout, 100*time.Millisecond, 2*time.Minute)
	intVar("RENDEZVOUS_LLM_MAX_ATTEMPTS", &l.MaxAttempts, 1, 10)
	intVar("RENDEZVOUS_LLM_BREAKER_FAILURES", &l.BreakerFailures, 1, 1000)
	durVar("RENDEZVOUS_LLM_BREAKER_OPEN", &l.BreakerOpen, time.Second, time.Hour)
	int64Var("RENDEZVOUS_LLM_SESSION_TOKENS", &l.SessionTokens, 1, 10_000_000)
	int64Var("RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS", &l.ClientTokens, 1, 100_000_000_000)
	int64Var("RENDEZVOUS_LLM_DAILY_TOKENS", &l.DailyTokens, 1, 100_000_000_000)
	floatVar("RENDEZVOUS_LLM_PRICE_INPUT", &l.PriceInput, 0, 1000)
	floatVar("RENDEZVOUS_LLM_PRICE_OUTPUT", &l.PriceOutput, 0, 1000)
	if l.Brain == "anthropic" && l.Temperature > 1 {
		// Anthropic's range is 0–1; OpenAI's (and its imitators') 0–2.
		*errs = append(*errs, &settingError{"RENDEZVOUS_LLM_TEMPERATURE", fmt.Sprintf("%g: Anthropic accepts 0 to 1", l.Temperature)})
	}
	if l.CallTimeout > l.TurnTimeout {
		l.CallTimeout = l.TurnTimeout
	}
}
