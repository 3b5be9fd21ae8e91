package conversations_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/anthropic"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/conversations"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestConversationsThroughModels plays the whole scripted suite through
// the language-model brain, over each vendor's backend, against a fake server
// speaking the vendor's wire format and reading messages with the
// embedded understanding. Every conversation must end as with the
// embedded brain, with the model — not the fallback — reading every
// message: this is the end-to-end test of the loop, the backends, the
// respond tool's schema and the system prompt's context line. Anthropic
// runs streamed and OpenAI whole, so both paths of both clients are covered
// (the backends' own tests check that streamed and whole answers agree).
func TestConversationsThroughModels(t *testing.T) {
	for _, tc := range []struct {
		vendor string
		stream bool
	}{{"anthropic", true}, {"openai", false}} {
		t.Run(tc.vendor, func(t *testing.T) {
			t.Parallel()
			m := &countingMetrics{}
			var srv *fake.Server
			w, err := conversations.NewWorld(t.Context(), func(desk *booking.Desk, tools *dialogue.Registry, embedded dialogue.Brain) (dialogue.Brain, error) {
				cities, providers, err := desk.Names(context.Background())
				if err != nil {
					return nil, err
				}
				u := understand.New(understand.Gazetteer{Cities: cities, ProviderNames: providers})
				var be llm.Backend
				switch tc.vendor {
				case "anthropic":
					srv = fake.NewAnthropic(t, fake.Understanding(u))
					be, err = anthropic.New(anthropic.Config{APIKey: "test-key", Model: "claude-test", BaseURL: srv.BaseURL, HTTPClient: srv.Client()})
				default:
					srv = fake.NewOpenAI(t, fake.Understanding(u))
					be, err = openai.New(openai.Config{Model: "local-test", BaseURL: srv.BaseURL, HTTPClient: srv.Client()})
				}
				if err != nil {
					return nil, err
				}
				if tc.stream {
					be = streamed{be}
				}
				return llm.New(llm.Config{Backend: be, Fallback: embedded, Tools: tools, TurnTimeout: 20 * time.Second, Metrics: m,
					Prices: llm.Prices{InputPerMTok: 3, OutputPerMTok: 15}})
			})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			played := 0
			for _, c := range conversations.All() {
				if !c.Checked() || c.EmbeddedOnly() {
					continue
				}
				played++
				if out := c.Evaluate(w); !out.OK {
					t.Errorf("%s: %s", out.Name, out.Failure)
				}
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			t.Logf("%s: %d conversations, %d model calls, %d in / %d out tokens", tc.vendor, played, m.calls, m.input, m.output)
			if m.errors > 0 || len(m.fallbacks) > 0 {
				t.Errorf("model errors %d, fallbacks %v: the model should have read every message", m.errors, m.fallbacks)
			}
			if m.calls < played*3 || srv.Calls() != m.calls {
				t.Errorf("%d model calls recorded, %d reached the server, for %d conversations", m.calls, srv.Calls(), played)
			}
			if tc.stream {
				for _, r := range srv.Requests() {
					if !r.Stream {
						t.Fatal("a request of the streamed run was not streamed")
					}
				}
			}
		})
	}
}

// streamed asks the backend for a streamed answer, which it accumulates.
type streamed struct{ llm.Backend }

func (s streamed) Complete(ctx context.Context, req llm.Request) (*llm.Response, error) {
	req.OnEvent = func(llm.Event) {}
	return s.Backend.Complete(ctx, req)
}

type countingMetrics struct {
	mu            sync.Mutex
	calls, errors int
	input, output int
	fallbacks     []string
}

func (m *countingMetrics) ModelCall(_ string, _ time.Duration, u llm.Usage, _ float64, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if err != nil {
		m.errors++
	}
	m.input += u.InputTokens
	m.output += u.OutputTokens
}

func (m *countingMetrics) Fallback(_, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fallbacks = append(m.fallbacks, reason)
}

func (m *countingMetrics) BreakerState(string, string) {}
