package llm_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/demo"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/understand"
)

var (
	paris, _ = time.LoadLocation("Europe/Paris")
	now      = time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
)

type env struct {
	desk     *booking.Desk
	store    *sqlite.Store
	tools    *dialogue.Registry
	embedded *dialogue.EmbeddedBrain
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "llm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Import(ctx, demo.Generate(demo.Options{Seed: 3, Providers: 120, Now: now})); err != nil {
		t.Fatal(err)
	}
	tokens, _ := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("l"), 32)})
	desk := booking.NewDesk(st, tokens, booking.Options{Now: func() time.Time { return now }})
	return &env{desk: desk, store: st, tools: dialogue.NewRegistry(desk, dialogue.Limits{}, nil), embedded: dialogue.NewEmbeddedBrain(desk.Names, 0)}
}

// counting records fallbacks and breaker states.
type counting struct {
	mu        sync.Mutex
	fallbacks []string
	states    []string
	calls     int
	cost      float64
}

func (c *counting) ModelCall(_ string, _ time.Duration, _ llm.Usage, cost float64, _ error) {
	c.mu.Lock()
	c.calls++
	c.cost += cost
	c.mu.Unlock()
}
func (c *counting) Fallback(_, reason string) {
	c.mu.Lock()
	c.fallbacks = append(c.fallbacks, reason)
	c.mu.Unlock()
}
func (c *counting) BreakerState(_, state string) {
	c.mu.Lock()
	c.states = append(c.states, state)
	c.mu.Unlock()
}

func (e *env) brain(t testing.TB, b llm.Backend, m llm.Metrics, tune func(*llm.Config)) *llm.Brain {
	t.Helper()
	cfg := llm.Config{Backend: b, Fallback: e.embedded, Tools: e.tools, Metrics: m,
		Resilience: llm.Resilience{BackoffInitial: time.Millisecond, BackoffMax: 5 * time.Millisecond},
		Prices:     llm.Prices{InputPerMTok: 3, OutputPerMTok: 15}}
	if tune != nil {
		tune(&cfg)
	}
	br, err := llm.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return br
}

func input(msg string, st *dialogue.State) dialogue.Input {
	return dialogue.Input{Message: msg, State: st, Now: now, Location: paris}
}

func TestInterpretation(t *testing.T) {
	e := newEnv(t)
	msg := "Book me a dentist in Lyon tomorrow at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{
		"intent": "book", "kind": "dentist", "city": "Lyon", "date": "2026-11-24", "time": "10:00", "language": "en",
		"name": "Marie Curie", "email": "marie@example.com", "phone": "06 12 34 56 78"})}}
	m := &counting{}
	st := &dialogue.State{}
	r, err := e.brain(t, be, m, nil).Interpret(context.Background(), input(msg, st))
	if err != nil {
		t.Fatal(err)
	}
	if r.Intent != understand.IntentBook || r.Kind != rendezvous.KindDentist || r.City != "Lyon" || r.Date.String() != "2026-11-24" ||
		*r.Time != 10*60 || r.Name != "Marie Curie" || r.Email != "marie@example.com" || r.Phone != "06 12 34 56 78" {
		t.Fatalf("interpretation = %+v", r)
	}
	if st.ModelTokens != 120 || m.calls != 1 || m.cost <= 0 {
		t.Errorf("accounting: %d tokens, %d calls, cost %f", st.ModelTokens, m.calls, m.cost)
	}
	req := be.calls[0]
	if !strings.HasPrefix(req.System, "Awaiting: nothing; Language: unknown; Now: 2026-11-23T08:00:00+01:00; TimeZone: Europe/Paris") {
		t.Errorf("system prompt header: %q", req.System[:120])
	}
	names := map[string]bool{}
	for _, tl := range req.Tools {
		names[tl.Name] = true
	}
	for _, want := range []string{"search_providers", "get_availability", "create_booking", "cancel_booking", "reschedule_booking", "list_my_bookings", "respond"} {
		if !names[want] {
			t.Errorf("tool %s not offered", want)
		}
	}
}

// TestNothingIsMadeUp: customer details the message does not hold, and
// malformed values, are dropped whatever the model says.
func TestNothingIsMadeUp(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{
		"intent": "inform", "name": "John Doe", "email": "attacker@example.com", "phone": "+1 555 0100", "date": "2026-13-45",
		"time": "25:00", "kind": "plumber", "unoffered": "astrologer", "choice": 99, "booking_reference": "RDV-0000000000"})}}
	r, err := e.brain(t, be, nil, nil).Interpret(context.Background(), input("I'd like an appointment please", &dialogue.State{}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "" || r.Email != "" || r.Phone != "" || r.Date != nil || r.Time != nil || r.Kind != "" || r.Unoffered != "" || r.Choice != 0 || r.BookingRef != "" {
		t.Fatalf("made-up or malformed values kept: %+v", r)
	}
}

// TestUnofferedTrade: a trade the model reads is kept when the
// understanding knows it, for the agent to say it is not booked.
func TestUnofferedTrade(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{
		"intent": "find_provider", "unoffered": "osteopath", "city": "Lyon"})}}
	r, err := e.brain(t, be, nil, nil).Interpret(context.Background(), input("an osteopath in Lyon", &dialogue.State{}))
	if err != nil || r.Unoffered != "osteopath" || r.Kind != "" {
		t.Fatalf("Interpret = %+v, %v", r, err)
	}
}

func TestToolRoundTrip(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){
		callTool("search_providers", map[string]any{"kind": "dentist", "city": "Lyon"}),
		respond(map[string]any{"intent": "find_provider", "kind": "dentist", "city": "Lyon"}),
	}}
	r, err := e.brain(t, be, nil, nil).Interpret(context.Background(), input("any dentists in Lyon?", &dialogue.State{}))
	if err != nil || r.Intent != understand.IntentFindProvider {
		t.Fatalf("Interpret = %+v, %v", r, err)
	}
	second := be.calls[1]
	last := second.Messages[len(second.Messages)-1]
	if last.Role != llm.RoleUser || last.Content[0].Type != llm.BlockToolResult || last.Content[0].ToolCallID != "tsearch_providers" ||
		!strings.Contains(last.Content[0].ToolResult, `"providers"`) {
		t.Fatalf("tool result sent back: %+v", last)
	}
}

// TestFallbacks: every bound that is hit hands the message to the embedded
// brain, which understands it; the conversation goes on.
func TestFallbacks(t *testing.T) {
	e := newEnv(t)
	msg := "I need a dentist in Lyon tomorrow"
	loop := callTool("get_availability", map[string]any{"kind": "dentist", "city": "Lyon"})
	tests := []struct {
		name    string
		steps   []func(context.Context, llm.Request) (*llm.Response, error)
		tune    func(*llm.Config)
		state   dialogue.State
		reason  string
		maxCall int
	}{
		{"RepeatedToolCall", []func(context.Context, llm.Request) (*llm.Response, error){loop}, nil, dialogue.State{}, "tool_loop", 3},
		{"MaxRounds", []func(context.Context, llm.Request) (*llm.Response, error){
			callTool("search_providers", map[string]any{"kind": "dentist", "city": "Lyon"}),
			callTool("search_providers", map[string]any{"kind": "dentist", "city": "Paris"}),
			callTool("search_providers", map[string]any{"kind": "dentist", "city": "Nice"})},
			func(c *llm.Config) { c.MaxRounds = 3 }, dialogue.State{}, "max_rounds", 3},
		{"TextWithoutRespond", []func(context.Context, llm.Request) (*llm.Response, error){func(context.Context, llm.Request) (*llm.Response, error) {
			return &llm.Response{Content: []llm.Block{{Type: llm.BlockText, Text: "Sure!"}}, StopReason: llm.StopEndTurn}, nil
		}}, nil, dialogue.State{}, "no_interpretation", 1},
		{"BadRequestNotRetried", []func(context.Context, llm.Request) (*llm.Response, error){fail(&llm.APIError{Status: 400, Type: "invalid_request_error"})},
			nil, dialogue.State{}, "api_error", 1},
		{"ServerErrorsRetriedThenGivenUp", []func(context.Context, llm.Request) (*llm.Response, error){fail(&llm.APIError{Status: 500})},
			nil, dialogue.State{}, "api_error", 3},
		{"SessionBudgetSpent", []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{"intent": "book"})},
			func(c *llm.Config) { c.SessionTokens = 1000 }, dialogue.State{ModelTokens: 1000}, "session_budget", 0},
		{"MalformedRespond", []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{"intent": "launch_missiles"})},
			nil, dialogue.State{}, "error", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			be := &scripted{steps: tt.steps}
			m := &counting{}
			st := tt.state
			r, err := e.brain(t, be, m, tt.tune).Interpret(context.Background(), input(msg, &st))
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != rendezvous.KindDentist || r.City != "Lyon" || r.Date == nil {
				t.Errorf("the embedded brain did not answer: %+v", r)
			}
			if len(m.fallbacks) != 1 || m.fallbacks[0] != tt.reason {
				t.Errorf("fallbacks %v, want [%s]", m.fallbacks, tt.reason)
			}
			if be.count() != tt.maxCall {
				t.Errorf("%d model calls, want %d", be.count(), tt.maxCall)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){
		fail(&llm.APIError{Status: 429, Type: "rate_limit_error", RetryAfter: 300 * time.Millisecond}),
		fail(&llm.APIError{Status: 529, Type: "overloaded_error"}),
		respond(map[string]any{"intent": "greet"}),
	}}
	start := time.Now()
	r, err := e.brain(t, be, nil, nil).Interpret(context.Background(), input("hello", &dialogue.State{}))
	if err != nil || r.Intent != understand.IntentGreet {
		t.Fatalf("Interpret = %+v, %v", r, err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("retry-after of 300 ms not honoured: answered in %s", d)
	}
	if be.count() != 3 {
		t.Errorf("%d calls, want 3", be.count())
	}
}

// TestHangingBackend: a backend that never answers costs the turn its
// timeout; the embedded brain then answers. The bound checked here leaves
// room for a loaded machine and the race detector: the figure the target
// (timeout + 100 ms) is about is measured by BenchmarkTurnPastDeadline.
func TestHangingBackend(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){hang}}
	m := &counting{}
	br := e.brain(t, be, m, func(c *llm.Config) { c.TurnTimeout = 400 * time.Millisecond })
	start := time.Now()
	r, err := br.Interpret(context.Background(), input("a dentist in Lyon", &dialogue.State{}))
	d := time.Since(start)
	if err != nil || r.Kind != rendezvous.KindDentist {
		t.Fatalf("Interpret = %+v, %v", r, err)
	}
	if d < 400*time.Millisecond || d > 400*time.Millisecond+time.Second {
		t.Errorf("answered after %s; want just after the turn timeout (400 ms)", d)
	}
	if len(m.fallbacks) != 1 || m.fallbacks[0] != "timeout" {
		t.Errorf("fallbacks %v", m.fallbacks)
	}
}

// TestCircuitBreaker opens after consecutive failures, stops calling the
// backend, probes again after its open period and closes on success.
func TestCircuitBreaker(t *testing.T) {
	e := newEnv(t)
	var failing sync.Mutex
	down := true
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){func(ctx context.Context, req llm.Request) (*llm.Response, error) {
		failing.Lock()
		defer failing.Unlock()
		if down {
			return nil, &llm.APIError{Status: 503}
		}
		return respond(map[string]any{"intent": "thanks"})(ctx, req)
	}}}
	m := &counting{}
	br := e.brain(t, be, m, func(c *llm.Config) {
		c.Resilience.MaxAttempts, c.Resilience.BreakerFailures, c.Resilience.BreakerOpen = 1, 3, 300*time.Millisecond
	})
	for range 3 {
		br.Interpret(context.Background(), input("thanks", &dialogue.State{}))
	}
	if br.BreakerState() != "open" || br.Check(context.Background()) == nil {
		t.Fatalf("breaker %s after 3 failures", br.BreakerState())
	}
	calls := be.count()
	for range 5 {
		br.Interpret(context.Background(), input("thanks", &dialogue.State{}))
	}
	if be.count() != calls {
		t.Fatalf("the backend was called %d times while the breaker was open", be.count()-calls)
	}
	failing.Lock()
	down = false
	failing.Unlock()
	time.Sleep(350 * time.Millisecond)
	r, _ := br.Interpret(context.Background(), input("thanks", &dialogue.State{}))
	if r.Intent != understand.IntentThanks || br.BreakerState() != "closed" {
		t.Fatalf("after the open period: %+v, breaker %s", r, br.BreakerState())
	}
}

// TestModelCannotActOnItsOwn: a model that calls the tools that change
// bookings gets refusals, and the conversation's state is untouched.
func TestModelCannotActOnItsOwn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	slots, err := e.desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.KindDentist, City: "Lyon", Limit: 1})
	if err != nil || len(slots) == 0 {
		t.Fatal("no slot", err)
	}
	s := slots[0]
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){
		callTool("create_booking", map[string]any{"provider_id": s.ProviderID, "service_id": s.ServiceID, "start": s.Start.Format(time.RFC3339),
			"customer": map[string]any{"name": "Eve", "email": "eve@example.com", "phone": "+33612345678"}}),
		callTool("cancel_booking", map[string]any{"booking_id": "RDV-0000000000"}),
		respond(map[string]any{"intent": "affirm"}),
	}}
	st := &dialogue.State{Awaiting: dialogue.AwaitConfirmation}
	r, err := e.brain(t, be, nil, nil).Interpret(ctx, input("yes", st))
	if err != nil || r.Intent != understand.IntentAffirm {
		t.Fatalf("Interpret = %+v, %v", r, err)
	}
	for i, req := range be.calls[1:] {
		res := req.Messages[len(req.Messages)-1].Content[0]
		if !res.IsError || !strings.Contains(res.ToolResult, "forbidden") && !strings.Contains(res.ToolResult, "confirmation") && !strings.Contains(res.ToolResult, "may not") {
			t.Errorf("call %d: the tool did not refuse: %+v", i, res)
		}
	}
	if bs, _ := e.store.Bookings(ctx, rendezvous.BookingFilter{Email: "eve@example.com"}); len(bs) != 0 {
		t.Fatalf("the model booked on its own")
	}
	if len(st.Granted) != 0 || st.Confirmed != nil {
		t.Fatalf("the model changed the conversation's state: %+v", st)
	}
}
