package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/fake"
)

// TestSessionBudgetSetting: the in-memory store's byte budget is read in
// bytes or binary units, and a bad value stops the start naming it.
func TestSessionBudgetSetting(t *testing.T) {
	for v, want := range map[string]int64{"": 256 << 20, "64MiB": 64 << 20, "2GiB": 2 << 30, "1048576": 1 << 20} {
		cfg, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_SESSIONS_MAX_BYTES": v}))
		if err != nil {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %v", v, err)
		} else if cfg.Sessions.MaxBytes != want {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %d, want %d", v, cfg.Sessions.MaxBytes, want)
		}
	}
	for _, v := range []string{"lots", "-1", "1KiB", "2TiB", "9223372036854775807GiB"} {
		_, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_SESSIONS_MAX_BYTES": v}))
		if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_SESSIONS_MAX_BYTES") {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %v", v, err)
		}
	}
}

func TestClientTokensSetting(t *testing.T) {
	cfg, err := loadConfig(envOf(nil))
	if err != nil || cfg.LLM.ClientTokens != 100_000 {
		t.Fatalf("default: %v, %v", cfg, err)
	}
	cfg, err = loadConfig(envOf(map[string]string{"RENDEZVOUS_BRAIN": "openai", "RENDEZVOUS_OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
		"RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS": "5000"}))
	if err != nil || cfg.LLM.ClientTokens != 5000 {
		t.Fatalf("RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS=5000: %v", err)
	}
	_, err = loadConfig(envOf(map[string]string{"RENDEZVOUS_BRAIN": "openai", "RENDEZVOUS_OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
		"RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS": "0"}))
	if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS") {
		t.Fatalf("RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS=0: %v", err)
	}
}

type readyOut struct {
	Status string `json:"status"`
	Checks []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
		Error  string `json:"error"`
	} `json:"checks"`
}

func (r readyOut) check(name string) string {
	for _, c := range r.Checks {
		if c.Name == name {
			return c.Status
		}
	}
	return "(missing)"
}

// TestModelBudgetsOverHTTP: a client address that spends its daily budget
// over several sessions falls back to the embedded brain while the model
// goes on answering another address; a daily budget nearly spent shows
// as a degraded model in /readyz (the instance stays ready) and in the
// budget gauge.
func TestModelBudgetsOverHTTP(t *testing.T) {
	env, u := seededEnv(t, 100, map[string]string{
		"RENDEZVOUS_TRUSTED_PROXIES":         "127.0.0.1",
		"RENDEZVOUS_LLM_CLIENT_DAILY_TOKENS": "1", // one model call, and the address's budget is spent
		"RENDEZVOUS_LLM_DAILY_TOKENS":        "1000000",
	})
	srv := newFake(t, "anthropic", fake.Understanding(u))
	for k, v := range modelEnv("anthropic", srv) {
		env[k] = v
	}
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	open := func(addr, message string) {
		t.Helper()
		var out chatOut
		if st := s.call(t, "POST", "/v1/chat", fmt.Sprintf(`{"message":%q}`, message), &out, "X-Forwarded-For", addr); st != 200 {
			t.Fatalf("chat from %s: %d", addr, st)
		}
	}
	open("203.0.113.7", "hello")
	spender := srv.Calls()
	if spender == 0 {
		t.Fatal("the model was not called")
	}
	for range 3 { // new sessions: the session budget does not bite
		open("203.0.113.7", "I need a dentist in Lyon")
	}
	if srv.Calls() != spender {
		t.Errorf("the address past its budget reached the model %d more times", srv.Calls()-spender)
	}
	open("198.51.100.2", "hello")
	if srv.Calls() == spender {
		t.Error("another address did not reach the model")
	}
	m := scrape(t, s, strings.TrimSpace(key))
	if got := m[`rendezvous_model_fallbacks_total{backend="anthropic",reason="client_budget"}`]; got != 3 {
		t.Errorf("client_budget fallbacks %v, want 3", got)
	}
	if got := m["rendezvous_model_daily_budget_used_ratio"]; got <= 0 || got >= 0.9 {
		t.Errorf("budget gauge %v, want a little above 0", got)
	}
	var ready readyOut
	if st := s.call(t, "GET", "/readyz", "", &ready); st != 200 || ready.Status != "ready" || ready.check("llm:anthropic") != "up" {
		t.Errorf("readyz %d %+v", st, ready)
	}
}

func TestModelBudgetNearlySpentOverHTTP(t *testing.T) {
	env, u := seededEnv(t, 100, map[string]string{"RENDEZVOUS_LLM_DAILY_TOKENS": "100"})
	srv := newFake(t, "anthropic", fake.Understanding(u))
	for k, v := range modelEnv("anthropic", srv) {
		env[k] = v
	}
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	var ready readyOut
	if st := s.call(t, "GET", "/readyz", "", &ready); st != 200 || ready.Status != "ready" || ready.check("llm:anthropic") != "up" {
		t.Fatalf("readyz before any spending: %d %+v", st, ready)
	}
	if got := scrape(t, s, strings.TrimSpace(key))["rendezvous_model_daily_budget_used_ratio"]; got != 0 {
		t.Errorf("budget gauge %v before any spending", got)
	}
	if st := s.call(t, "POST", "/v1/chat", `{"message":"hello"}`, nil); st != 200 {
		t.Fatalf("chat: %d", st)
	}
	// Readiness is reused for a second: ask until it is fresh.
	var st int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if st = s.call(t, "GET", "/readyz", "", &ready); ready.Status == "degraded" {
			break
		}
	}
	if st != 200 || ready.Status != "degraded" || ready.check("llm:anthropic") != "degraded" {
		t.Errorf("readyz with the budget spent: %d %+v, want 200, degraded", st, ready)
	}
	m := scrape(t, s, strings.TrimSpace(key))
	if got := m["rendezvous_model_daily_budget_used_ratio"]; got < 0.9 {
		t.Errorf("budget gauge %v, want at least 0.9", got)
	}
	if got := m[`rendezvous_dependency_up{name="llm:anthropic"}`]; got != 1 {
		t.Errorf("a degraded model is reported down in rendezvous_dependency_up: %v", got)
	}
}
