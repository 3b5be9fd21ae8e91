package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// secret is what a model may write about a customer: it must never reach
// a log line, whichever field of the model's answer carries it.
const secret = "Yourcenar-HIV-positive"

// lockedBuffer collects log output from concurrent turns.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// rawRespond answers with the respond tool and raw (possibly broken)
// arguments.
func rawRespond(raw string) func(context.Context, llm.Request) (*llm.Response, error) {
	return func(context.Context, llm.Request) (*llm.Response, error) {
		return &llm.Response{StopReason: llm.StopToolUse, Usage: usage(),
			Content: []llm.Block{{Type: llm.BlockToolUse, ToolCallID: "r1", ToolName: "respond", ToolInput: json.RawMessage(raw)}}}, nil
	}
}

// TestModelTextIsNeverLogged plays a model that puts a customer's health
// data in every field it can write — the intent, every slot, an unknown
// field's name, broken JSON, tool arguments, its text, a vendor error's
// message and type, an error of its own — with the brain logging at debug
// level, and scans every line: the fallbacks are logged, by reason, kind,
// status and size, and the text is not.
func TestModelTextIsNeverLogged(t *testing.T) {
	e := newEnv(t)
	slots := map[string]any{"intent": "book", "language": "en", "city": secret, "provider_name": secret, "date": secret, "time": secret,
		"part_of_day": secret, "name": secret, "email": secret + "@example.com", "phone": secret, "booking_reference": secret}
	unknownIntent := map[string]any{"intent": secret}
	tests := []struct {
		name string
		step func(context.Context, llm.Request) (*llm.Response, error)
	}{
		{"SlotsOfAValidAnswer", respond(slots)},
		{"UnknownIntent", respond(unknownIntent)},
		{"UnknownField", rawRespond(`{"intent":"book","` + secret + `":"yes"}`)},
		{"WrongType", rawRespond(`{"intent":"book","choice":"` + secret + `"}`)},
		{"BrokenJSON", rawRespond(`{"intent":"` + secret)},
		{"NotAnObject", rawRespond(`"` + secret + `"`)},
		{"ToolArguments", callTool("search_providers", map[string]any{"city": secret, "kind": secret})},
		{"UnknownTool", callTool(secret, map[string]any{"q": secret})},
		{"TextOnly", func(context.Context, llm.Request) (*llm.Response, error) {
			return &llm.Response{Content: []llm.Block{{Type: llm.BlockText, Text: secret}}, StopReason: llm.StopEndTurn, Usage: usage()}, nil
		}},
		{"VendorErrorMessage", fail(&llm.APIError{Status: 400, Type: "invalid_request_error", Message: "messages.0: " + secret})},
		{"VendorErrorType", fail(&llm.APIError{Status: 500, Type: secret, Message: secret})},
		{"WrappedVendorError", fail(fmt.Errorf("call: %w", &llm.APIError{Status: 429, Message: secret, Err: errors.New(secret)}))},
		{"OtherError", fail(errors.New("backend: " + secret))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &lockedBuffer{}
			br := e.brain(t, &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){tt.step}}, nil, func(c *llm.Config) {
				c.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				c.Resilience.MaxAttempts = 1
			})
			msg := "I'm " + secret + ", a dentist in Lyon please"
			if _, err := br.Interpret(context.Background(), input(msg, &dialogue.State{})); err != nil {
				t.Fatal(err)
			}
			out := logs.String()
			if tt.name != "SlotsOfAValidAnswer" && !strings.Contains(out, "fell back") {
				t.Errorf("the fallback was not logged:\n%s", out)
			}
			for _, piece := range []string{secret, "Yourcenar", "HIV"} {
				if strings.Contains(out, piece) {
					t.Errorf("a log line holds %q:\n%s", piece, out)
				}
			}
		})
	}
}
