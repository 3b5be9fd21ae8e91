package llm_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// TestModelCallSpan: a model call is a span with the backend, the model,
// the tokens and the latency, and nothing of the conversation.
func TestModelCallSpan(t *testing.T) {
	e := newEnv(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	msg := "Book me a dentist in Lyon tomorrow at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(map[string]any{
		"intent": "book", "kind": "dentist", "city": "Lyon", "name": "Marie Curie", "email": "marie@example.com"})}}
	b := e.brain(t, be, nil, func(c *llm.Config) { c.Tracer = tp; c.Model = "claude-test" })
	if _, err := b.Interpret(context.Background(), input(msg, &dialogue.State{})); err != nil {
		t.Fatal(err)
	}
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].Name() != "model call" {
		t.Fatalf("spans: %v", spans)
	}
	attrs := map[attribute.Key]string{}
	for _, kv := range spans[0].Attributes() {
		attrs[kv.Key] = kv.Value.String()
		for _, p := range []string{"Marie", "marie@", "12 34", "Book me"} {
			if strings.Contains(kv.Value.String(), p) {
				t.Errorf("attribute %s carries %q", kv.Key, p)
			}
		}
	}
	for k, want := range map[attribute.Key]string{"gen_ai.request.model": "claude-test", "gen_ai.usage.input_tokens": "100", "gen_ai.usage.output_tokens": "20"} {
		if attrs[k] != want {
			t.Errorf("%s = %q, want %q (all: %v)", k, attrs[k], want, attrs)
		}
	}
	if _, ok := attrs["rendezvous.model.latency_ms"]; !ok || attrs["gen_ai.system"] == "" {
		t.Errorf("no latency or backend: %v", attrs)
	}
}
