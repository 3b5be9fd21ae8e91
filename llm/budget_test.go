package llm_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/understand"
)

func clientInput(msg, client string) dialogue.Input {
	in := input(msg, &dialogue.State{})
	in.Client = client
	return in
}

// TestClientBudget: one client address that spends its daily budget,
// whatever number of sessions it opens, hands its messages to the embedded
// brain; the model goes on answering the others, because the service's
// budget is still far from spent.
func TestClientBudget(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{"intent": "greet"})}}
	m := &counting{}
	daily := inmem.NewDailyCounter(nil)
	br := e.brain(t, be, m, func(c *llm.Config) {
		c.Daily, c.ClientDailyTokens, c.DailyTokens = daily, 500, 1000 // each call costs 120
	})
	ctx := context.Background()
	for range 20 { // a new session each time: the session budget never bites
		br.Interpret(ctx, clientInput("hello", "203.0.113.7"))
	}
	if be.count() != 5 {
		t.Errorf("the spending client reached the model %d times, want 5 (600 tokens ≥ 500)", be.count())
	}
	if n := len(m.fallbacks); n != 15 || m.fallbacks[0] != "client_budget" {
		t.Errorf("fallbacks %v, want 15 × client_budget", m.fallbacks)
	}
	calls := be.count()
	r, err := br.Interpret(ctx, clientInput("I need a dentist in Lyon tomorrow", "198.51.100.2"))
	if err != nil || r.Intent != understand.IntentGreet || be.count() != calls+1 {
		t.Fatalf("another client: %+v, %v, %d model calls; want the model's answer", r, err, be.count()-calls)
	}
	if spent, _ := daily.Get(ctx, ""); spent != 720 {
		t.Errorf("the service's count is %d, want 720", spent)
	}
}

// TestDailyBudgetNearlySpent: at 90 % of the service's daily budget the
// brain's readiness check says degraded (not down: the model still
// answers), and the ratio is exported; below it the check passes.
func TestDailyBudgetNearlySpent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	daily := inmem.NewDailyCounter(nil)
	br := e.brain(t, &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{"intent": "greet"})}}, nil,
		func(c *llm.Config) { c.Daily, c.DailyTokens = daily, 2000 })
	daily.Add(ctx, "", 1799)
	if err := br.Check(ctx); err != nil {
		t.Fatalf("Check at 89.95 %%: %v", err)
	}
	daily.Add(ctx, "", 1)
	used, err := br.DailyBudgetUsed(ctx)
	if err != nil || used != 0.9 {
		t.Fatalf("DailyBudgetUsed = %v, %v; want 0.9", used, err)
	}
	err = br.Check(ctx)
	var d interface{ Degraded() bool }
	if err == nil || !errors.As(err, &d) || !d.Degraded() {
		t.Fatalf("Check at 90 %% = %v, want a degraded error", err)
	}
	if r, err := br.Interpret(ctx, input("hello", &dialogue.State{})); err != nil || r.Intent != understand.IntentGreet {
		t.Fatalf("at 90 %% the model still answers: %+v, %v", r, err)
	}
}

// failingCounter is a daily counter that cannot be read.
type failingCounter struct{}

func (failingCounter) Add(context.Context, string, int64) (int64, error) {
	return 0, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "counter down")
}
func (failingCounter) Get(context.Context, string) (int64, error) {
	return 0, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "counter down")
}

// TestUnreadableBudget: without a counter the model is not called, and the
// readiness check says so (down, not degraded).
func TestUnreadableBudget(t *testing.T) {
	e := newEnv(t)
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{"intent": "greet"})}}
	m := &counting{}
	br := e.brain(t, be, m, func(c *llm.Config) { c.Daily = failingCounter{} })
	br.Interpret(context.Background(), clientInput("hello", "203.0.113.7"))
	if be.count() != 0 || len(m.fallbacks) != 1 || m.fallbacks[0] != "daily_budget_unknown" {
		t.Errorf("%d model calls, fallbacks %v", be.count(), m.fallbacks)
	}
	err := br.Check(context.Background())
	var d interface{ Degraded() bool }
	if err == nil || errors.As(err, &d) {
		t.Errorf("Check with no counter = %v, want down", err)
	}
}
