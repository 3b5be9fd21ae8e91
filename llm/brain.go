package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// DailyCounter counts the tokens spent in the current UTC day, per key (in
// memory, or in Redis to share the budgets between instances). The brain
// counts the whole service under the key "" and each client address under
// "client:" and the address. A counter may overestimate, never
// underestimate: budgets fail closed.
type DailyCounter interface {
	// Add adds n to key's count and returns today's total for key.
	Add(ctx context.Context, key string, n int64) (total int64, err error)
	// Get returns today's total for key (0 for a key not counted today).
	Get(ctx context.Context, key string) (int64, error)
}

// totalKey is the daily counter's key of the whole service.
const totalKey = ""

// clientKey is the daily counter's key of a client address. An address
// longer than any IP address is hashed, so that keys stay short whatever
// a caller passes.
func clientKey(client string) string {
	if len(client) > 64 {
		sum := sha256.Sum256([]byte(client))
		return "client#" + hex.EncodeToString(sum[:16])
	}
	return "client:" + client
}

// Metrics observes the brain. Nil-safe.
type Metrics interface {
	ModelCall(backend string, d time.Duration, usage Usage, costUSD float64, err error)
	Fallback(backend, reason string)
	BreakerState(backend, state string)
}

// Prices are a model's prices, in US dollars per million tokens, for the
// cost estimates shown in metrics and the evaluation.
type Prices struct {
	InputPerMTok, OutputPerMTok float64
}

// Cost estimates the price of a usage.
func (p Prices) Cost(u Usage) float64 {
	return (float64(u.InputTokens)*p.InputPerMTok + float64(u.OutputTokens)*p.OutputPerMTok) / 1e6
}

// Config configures a Brain. Zero values mean the defaults.
type Config struct {
	Backend Backend
	// Fallback answers whenever the model cannot: the embedded brain.
	Fallback dialogue.Brain
	// Tools are offered to the model (the same registry the dialogue
	// manager uses, whose caps and checks apply to the model's calls too).
	Tools *dialogue.Registry

	Model       string
	MaxTokens   int     // per model call (1,024)
	Temperature float64 // 0: the same message reads the same way

	// MaxRounds bounds model round trips per message (4).
	MaxRounds int
	// TurnTimeout bounds the model's whole work on one message (20 s);
	// the embedded brain answers when it is over.
	TurnTimeout time.Duration
	Resilience  Resilience

	// SessionTokens bounds the tokens of one conversation (30,000),
	// ClientDailyTokens those of one client address in a UTC day
	// (100,000) and DailyTokens those of the whole service (2,000,000),
	// the last two counted by Daily. Past any, the embedded brain answers.
	SessionTokens     int64
	ClientDailyTokens int64
	DailyTokens       int64
	Daily             DailyCounter
	Prices            Prices

	// What the model is shown is bounded: the last MaxHistory lines of the
	// conversation (12), each cut at MaxLineRunes (500), and tool results
	// cut at MaxToolResult bytes (4,096).
	MaxHistory    int
	MaxLineRunes  int
	MaxToolResult int

	Metrics Metrics
	Logger  *slog.Logger
	// Tracer makes every model call a span (model, tokens, latency; never
	// the prompt or the answer); nil draws none.
	Tracer trace.TracerProvider
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxTokens, 1024)
	def(&c.MaxRounds, 4)
	def(&c.MaxHistory, 12)
	def(&c.MaxLineRunes, 500)
	def(&c.MaxToolResult, 4096)
	if c.TurnTimeout <= 0 {
		c.TurnTimeout = 20 * time.Second
	}
	if c.SessionTokens <= 0 {
		c.SessionTokens = 30_000
	}
	if c.ClientDailyTokens <= 0 {
		c.ClientDailyTokens = 100_000
	}
	if c.DailyTokens <= 0 {
		c.DailyTokens = 2_000_000
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Brain interprets messages with a language model, within bounds, and
// falls back to the embedded brain whenever it cannot.
type Brain struct {
	cfg    Config
	caller *caller
	tools  []Tool
	tracer trace.Tracer
}

var _ dialogue.Brain = (*Brain)(nil)

// New returns a brain on cfg.Backend.
func New(cfg Config) (*Brain, error) {
	cfg = cfg.withDefaults()
	if cfg.Backend == nil || cfg.Fallback == nil || cfg.Tools == nil {
		return nil, errors.New("llm: a backend, a fallback brain and the tools are required")
	}
	b := &Brain{cfg: cfg, tracer: noop.NewTracerProvider().Tracer("")}
	if cfg.Tracer != nil {
		b.tracer = cfg.Tracer.Tracer("github.com/rendezvous-oss/rendezvous/llm")
	}
	b.caller = newCaller(cfg.Backend, cfg.Resilience, func(name, state string) {
		cfg.Logger.Warn("model circuit breaker changed state", slog.String("backend", name), slog.String("state", state))
		if cfg.Metrics != nil {
			cfg.Metrics.BreakerState(name, state)
		}
	})
	for _, s := range cfg.Tools.Specs() {
		b.tools = append(b.tools, Tool{Name: s.Name, Description: s.Description, Parameters: s.Parameters})
	}
	b.tools = append(b.tools, Tool{Name: respondTool, Parameters: respondSchema(),
		Description: "Tell the agent what the customer's last message means. Call it exactly once, last."})
	if cfg.Metrics != nil {
		cfg.Metrics.BreakerState(cfg.Backend.Name(), "closed")
	}
	return b, nil
}

// BreakerState is the circuit breaker's state: closed, half-open or open.
func (b *Brain) BreakerState() string { return b.caller.state() }

// nearlySpent is the share of the daily budget past which the brain
// reports itself degraded.
const nearlySpent = 0.9

// Check reports, for /readyz, an open circuit breaker or an unreadable
// daily counter as an error (the model is not called), and a daily budget
// at least 90 % spent as an error whose Degraded method returns true (the
// model still answers, not for long).
func (b *Brain) Check(ctx context.Context) error {
	if s := b.caller.state(); s != "closed" {
		return fmt.Errorf("%s: circuit breaker %s", b.cfg.Backend.Name(), s)
	}
	used, err := b.DailyBudgetUsed(ctx)
	if err != nil {
		return fmt.Errorf("%s: daily token counter: %w", b.cfg.Backend.Name(), err)
	}
	if used >= nearlySpent {
		return &budgetError{backend: b.cfg.Backend.Name(), used: used}
	}
	return nil
}

// DailyBudgetUsed returns the share of the service's daily token budget
// spent today: 0 to 1, or more once it is spent.
func (b *Brain) DailyBudgetUsed(ctx context.Context) (float64, error) {
	if b.cfg.Daily == nil {
		return 0, nil
	}
	spent, err := b.cfg.Daily.Get(ctx, totalKey)
	if err != nil {
		return 0, err
	}
	return float64(spent) / float64(b.cfg.DailyTokens), nil
}

// budgetError says the daily budget is nearly spent.
type budgetError struct {
	backend string
	used    float64
}

func (e *budgetError) Error() string {
	return fmt.Sprintf("%s: %.0f %% of the daily token budget spent", e.backend, 100*e.used)
}

// Degraded marks the error as a degradation for readiness checks.
func (e *budgetError) Degraded() bool { return true }

// Interpret asks the model what the message means; when the model cannot
// answer within the bounds (budget spent, breaker open, timeout, errors,
// no interpretation after MaxRounds), the embedded brain answers instead.
func (b *Brain) Interpret(ctx context.Context, in dialogue.Input) (understand.Result, error) {
	if reason := b.closedFor(ctx, in); reason != "" {
		return b.fallback(ctx, in, reason, nil)
	}
	tctx, cancel := context.WithTimeout(ctx, b.cfg.TurnTimeout)
	defer cancel()
	r, err := b.loop(tctx, in)
	if err != nil {
		return b.fallback(ctx, in, reasonOf(err), err)
	}
	return r, nil
}

// closedFor says why the model may not be called for this message, or "".
// The client's budget comes before the service's, so that one address
// spends at most its share and cannot switch the model off for everyone.
func (b *Brain) closedFor(ctx context.Context, in dialogue.Input) string {
	if in.State.ModelTokens >= b.cfg.SessionTokens {
		return "session_budget"
	}
	if b.cfg.Daily != nil {
		for _, budget := range []struct {
			key, reason string
			limit       int64
		}{{clientKey(in.Client), "client_budget", b.cfg.ClientDailyTokens}, {totalKey, "daily_budget", b.cfg.DailyTokens}} {
			spent, err := b.cfg.Daily.Get(ctx, budget.key)
			if err != nil {
				return "daily_budget_unknown" // no counter, no spending
			}
			if spent >= budget.limit {
				return budget.reason
			}
		}
	}
	if b.caller.state() == "open" {
		return "breaker_open"
	}
	return ""
}

func (b *Brain) fallback(ctx context.Context, in dialogue.Input, reason string, err error) (understand.Result, error) {
	attrs := []slog.Attr{slog.String("backend", b.cfg.Backend.Name()), slog.String("reason", reason)}
	if err != nil {
		attrs = append(attrs, errorAttrs(err)...)
	}
	b.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "model brain fell back to the embedded brain", attrs...)
	if b.cfg.Metrics != nil {
		b.cfg.Metrics.Fallback(b.cfg.Backend.Name(), reason)
	}
	return b.cfg.Fallback.Interpret(ctx, in)
}

// Errors that end the loop early.
var (
	errNoInterpretation = errors.New("the model gave no interpretation")
	errRounds           = errors.New("the model used all its round trips")
	errBudget           = errors.New("the token budget is spent")
)

func reasonOf(err error) string {
	switch {
	case errors.Is(err, ErrBreakerOpen):
		return "breaker_open"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, errRounds):
		return "max_rounds"
	case errors.Is(err, errBudget):
		return "budget"
	case errors.Is(err, dialogue.ErrTooManyCalls), errors.Is(err, dialogue.ErrRepeatedCall):
		return "tool_loop"
	case errors.Is(err, errNoInterpretation):
		return "no_interpretation"
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return "api_error"
	}
	return "error"
}

// loop runs the bounded conversation with the model for one message.
func (b *Brain) loop(ctx context.Context, in dialogue.Input) (understand.Result, error) {
	// The model's tool calls run on a copy of the state: whatever it
	// asks, it cannot change the conversation (and the tools refuse
	// changes that the customer did not confirm anyway).
	shadow := *in.State
	shadow.Granted = append([]dialogue.Grant(nil), in.State.Granted...)
	shadow.Confirmed, shadow.Pending = nil, nil
	turn := dialogue.NewTurn(&shadow, in.Now)
	turn.Session, turn.Client = in.Session, in.Client
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	discussedDay, discussedAt := dialogue.Discussed(in.State, loc)

	req := Request{
		Model:       b.cfg.Model,
		System:      system(in.State.Awaiting, in.State.Language, in.Now, in.Location, discussedDay, discussedAt),
		Messages:    b.history(in),
		Tools:       b.tools,
		MaxTokens:   b.cfg.MaxTokens,
		Temperature: b.cfg.Temperature,
	}
	for round := 0; round < b.cfg.MaxRounds; round++ {
		dialogue.Report(ctx, "model")
		resp, err := b.call(ctx, in, req, round)
		if err != nil {
			return understand.Result{}, err
		}
		var calls []Block
		for _, blk := range resp.Content {
			if blk.Type != BlockToolUse {
				continue
			}
			if blk.ToolName == respondTool {
				return interpretation(blk.ToolInput, in.Message)
			}
			calls = append(calls, blk)
		}
		if len(calls) == 0 {
			return understand.Result{}, errNoInterpretation
		}
		if in.State.ModelTokens >= b.cfg.SessionTokens {
			return understand.Result{}, errBudget
		}
		req.Messages = append(req.Messages, Message{Role: RoleAssistant, Content: resp.Content})
		results := make([]Block, 0, len(calls))
		for _, call := range calls {
			out, err := b.cfg.Tools.CallJSON(ctx, turn, call.ToolName, call.ToolInput)
			if errors.Is(err, dialogue.ErrTooManyCalls) || errors.Is(err, dialogue.ErrRepeatedCall) {
				return understand.Result{}, err
			}
			results = append(results, b.toolResult(call, out, err))
		}
		req.Messages = append(req.Messages, Message{Role: RoleUser, Content: results})
	}
	return understand.Result{}, errRounds
}

// call makes one model call (through the breaker and retries), accounts
// for it and draws its span.
func (b *Brain) call(ctx context.Context, in dialogue.Input, req Request, round int) (*Response, error) {
	ctx, span := b.tracer.Start(ctx, "model call", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("gen_ai.system", b.cfg.Backend.Name()), attribute.String("gen_ai.request.model", b.cfg.Model),
			attribute.Int("rendezvous.model.round", round)))
	defer span.End()
	start := time.Now()
	resp, err := b.caller.call(ctx, req)
	took := time.Since(start)
	b.account(ctx, in, resp, took, err)
	span.SetAttributes(attribute.Int64("rendezvous.model.latency_ms", took.Milliseconds()))
	if resp != nil {
		span.SetAttributes(attribute.Int("gen_ai.usage.input_tokens", resp.Usage.InputTokens),
			attribute.Int("gen_ai.usage.output_tokens", resp.Usage.OutputTokens))
	}
	if err != nil {
		span.SetStatus(codes.Error, reasonOf(err))
	}
	return resp, err
}

// toolResult turns a tool's outcome into what the model is shown: JSON
// data, cut to a bounded size; an error as its domain message only.
func (b *Brain) toolResult(call Block, out any, err error) Block {
	res := Block{Type: BlockToolResult, ToolCallID: call.ToolCallID}
	if err != nil {
		res.IsError = true
		res.ToolResult = boundedText(fmt.Sprintf(`{"error":%q,"code":%q}`, rendezvous.ErrorMessageOf(err), rendezvous.ErrorReasonOf(err)), b.cfg.MaxToolResult)
		return res
	}
	raw, mErr := json.Marshal(out)
	if mErr != nil {
		res.IsError, res.ToolResult = true, `{"error":"unreadable result"}`
		return res
	}
	if len(raw) > b.cfg.MaxToolResult {
		// Cut, and say so in valid JSON, rather than send broken JSON.
		raw, _ = json.Marshal(map[string]string{"truncated": string(raw[:b.cfg.MaxToolResult-64])})
	}
	res.ToolResult = string(raw)
	return res
}

// history is what the model is shown of the conversation: its last lines,
// each bounded, then the new message.
func (b *Brain) history(in dialogue.Input) []Message {
	lines := in.History
	if len(lines) > b.cfg.MaxHistory {
		lines = lines[len(lines)-b.cfg.MaxHistory:]
	}
	var msgs []Message
	add := func(role Role, text string) {
		text = boundedText(text, b.cfg.MaxLineRunes)
		if n := len(msgs); n > 0 && msgs[n-1].Role == role {
			// Roles must alternate: merge consecutive lines of one side.
			last := &msgs[n-1].Content[0]
			last.Text += "\n" + text
			return
		}
		msgs = append(msgs, Message{Role: role, Content: []Block{{Type: BlockText, Text: text}}})
	}
	for _, l := range lines {
		role := RoleUser
		if l.Role == "agent" {
			role = RoleAssistant
		}
		if len(msgs) == 0 && role == RoleAssistant {
			continue // a conversation with a model starts with the user
		}
		add(role, l.Text)
	}
	add(RoleUser, in.Message)
	return msgs
}

// account records the tokens and cost of a call: in the conversation,
// and in the client's and the service's daily counts.
func (b *Brain) account(ctx context.Context, in dialogue.Input, resp *Response, d time.Duration, err error) {
	var u Usage
	if resp != nil {
		u = resp.Usage
	}
	n := int64(u.InputTokens + u.OutputTokens)
	in.State.ModelTokens += n
	if b.cfg.Daily != nil && n > 0 {
		for _, key := range []string{clientKey(in.Client), totalKey} {
			if _, derr := b.cfg.Daily.Add(ctx, key, n); derr != nil {
				b.cfg.Logger.Warn("daily token counter unavailable", slog.String("error_kind", string(rendezvous.ErrorCodeOf(derr))))
			}
		}
	}
	if b.cfg.Metrics != nil {
		b.cfg.Metrics.ModelCall(b.cfg.Backend.Name(), d, u, b.cfg.Prices.Cost(u), err)
	}
}

func boundedText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
