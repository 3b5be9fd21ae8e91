package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/conversations"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// evalMetrics counts what the evaluated brain does.
type evalMetrics struct {
	mu            sync.Mutex
	modelCalls    int
	modelErrors   int
	input, output int64
	cost          float64
	fallbacks     map[string]int
	toolCalls     int
	modelTime     time.Duration
}

func (m *evalMetrics) ModelCall(_ string, d time.Duration, u llm.Usage, cost float64, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.modelCalls++
	if err != nil {
		m.modelErrors++
	}
	m.input += int64(u.InputTokens)
	m.output += int64(u.OutputTokens)
	m.cost += cost
	m.modelTime += d
}

func (m *evalMetrics) Fallback(_, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fallbacks == nil {
		m.fallbacks = map[string]int{}
	}
	m.fallbacks[reason]++
}

func (m *evalMetrics) BreakerState(string, string) {}

func (m *evalMetrics) ToolCall(string, time.Duration, error) {
	m.mu.Lock()
	m.toolCalls++
	m.mu.Unlock()
}

// conversationReport is the JSON of `rendezvous eval conversations --json`.
type conversationReport struct {
	Brain          string                  `json:"brain"`
	Model          string                  `json:"model,omitempty"`
	Conversations  int                     `json:"conversations"`
	Succeeded      int                     `json:"succeeded"`
	SuccessRate    float64                 `json:"success_rate"`
	Bookings       int                     `json:"bookings"`
	ModelCalls     int                     `json:"model_calls"`
	ModelErrors    int                     `json:"model_errors"`
	InputTokens    int64                   `json:"input_tokens"`
	OutputTokens   int64                   `json:"output_tokens"`
	CostUSD        float64                 `json:"estimated_cost_usd"`
	CostPerBooking float64                 `json:"estimated_cost_per_booking_usd"`
	Fallbacks      map[string]int          `json:"fallbacks,omitempty"`
	Failures       []conversations.Outcome `json:"failures,omitempty"`
	Elapsed        string                  `json:"elapsed"`
}

// evalConversations runs the scripted conversation suite against the
// configured brain (RENDEZVOUS_BRAIN…) in a throw-away demo directory and
// reports success rate, model calls, tokens and cost per booking.
func (a *app) evalConversations(ctx context.Context, args []string) error {
	fs := a.newFlags("eval conversations")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	run := fs.String("run", "", "play only the conversations whose name matches this regular expression (e.g. '^FR/')")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	only, err := regexp.Compile(*run)
	if err != nil {
		return &usageError{fmt.Sprintf("eval conversations --run: %v", err)}
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	var selected []conversations.Conversation
	for _, c := range conversations.All() {
		if c.Checked() && only.MatchString(c.Name) {
			selected = append(selected, c)
		}
	}
	if len(selected) == 0 {
		return &usageError{fmt.Sprintf("eval conversations --run %q: no conversation matches", *run)}
	}
	m := &evalMetrics{}
	logger := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := conversations.NewWorld(ctx, func(_ *booking.Desk, tools *dialogue.Registry, embedded dialogue.Brain) (dialogue.Brain, error) {
		b, _, err := newBrain(cfg, embedded, tools, brainDeps{log: logger, metrics: m, daily: inmem.NewDailyCounter(nil)})
		return b, err
	})
	if err != nil {
		return err
	}
	defer w.Close()
	start := time.Now()
	rep := conversationReport{Brain: cfg.LLM.Brain, Model: cfg.LLM.Model}
	if rep.Brain == "embedded" {
		rep.Model = ""
	}
	for _, c := range selected {
		out := c.Evaluate(w)
		rep.Conversations++
		rep.Bookings += out.Bookings
		if out.OK {
			rep.Succeeded++
		} else {
			rep.Failures = append(rep.Failures, out)
		}
	}
	rep.Elapsed = time.Since(start).Round(time.Millisecond).String()
	rep.SuccessRate = float64(rep.Succeeded) / float64(max(1, rep.Conversations))
	rep.ModelCalls, rep.ModelErrors, rep.InputTokens, rep.OutputTokens, rep.CostUSD, rep.Fallbacks =
		m.modelCalls, m.modelErrors, m.input, m.output, m.cost, m.fallbacks
	if rep.Bookings > 0 {
		rep.CostPerBooking = rep.CostUSD / float64(rep.Bookings)
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	writeConversationReport(a.stdout, rep)
	return nil
}

func writeConversationReport(w io.Writer, r conversationReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "brain\t%s %s\n", r.Brain, r.Model)
	fmt.Fprintf(tw, "conversations\t%d, %d succeeded (%.1f%%)\n", r.Conversations, r.Succeeded, 100*r.SuccessRate)
	fmt.Fprintf(tw, "bookings made, moved or cancelled\t%d\n", r.Bookings)
	fmt.Fprintf(tw, "model calls\t%d (%d failed)\n", r.ModelCalls, r.ModelErrors)
	fmt.Fprintf(tw, "tokens\t%d in, %d out\n", r.InputTokens, r.OutputTokens)
	fmt.Fprintf(tw, "estimated cost\t$%.4f, $%.5f per booking\n", r.CostUSD, r.CostPerBooking)
	for reason, n := range r.Fallbacks {
		fmt.Fprintf(tw, "fallbacks to the embedded brain (%s)\t%d\n", reason, n)
	}
	fmt.Fprintf(tw, "elapsed\t%s\n", r.Elapsed)
	tw.Flush()
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAILED %s: %s\n", f.Name, f.Failure)
	}
}
