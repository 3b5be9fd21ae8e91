package llm_test

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// scripted is a Backend that answers from a list of steps, one per call
// (the last step repeats), and records the requests it got.
type scripted struct {
	mu    sync.Mutex
	steps []func(ctx context.Context, req llm.Request) (*llm.Response, error)
	calls []llm.Request
}

func (s *scripted) Name() string { return "scripted" }

func (s *scripted) Complete(ctx context.Context, req llm.Request) (*llm.Response, error) {
	s.mu.Lock()
	i := len(s.calls)
	s.calls = append(s.calls, req)
	step := s.steps[min(i, len(s.steps)-1)]
	s.mu.Unlock()
	return step(ctx, req)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func usage() llm.Usage { return llm.Usage{InputTokens: 100, OutputTokens: 20} }

// respond answers with the respond tool.
func respond(args map[string]any) func(context.Context, llm.Request) (*llm.Response, error) {
	raw, _ := json.Marshal(args)
	return func(context.Context, llm.Request) (*llm.Response, error) {
		return &llm.Response{StopReason: llm.StopToolUse, Usage: usage(),
			Content: []llm.Block{{Type: llm.BlockToolUse, ToolCallID: "r1", ToolName: "respond", ToolInput: raw}}}, nil
	}
}

// callTool answers with one tool call.
func callTool(name string, args map[string]any) func(context.Context, llm.Request) (*llm.Response, error) {
	raw, _ := json.Marshal(args)
	return func(_ context.Context, req llm.Request) (*llm.Response, error) {
		return &llm.Response{StopReason: llm.StopToolUse, Usage: usage(),
			Content: []llm.Block{{Type: llm.BlockText, Text: "Let me check."}, {Type: llm.BlockToolUse, ToolCallID: "t" + name, ToolName: name, ToolInput: raw}}}, nil
	}
}

func fail(err error) func(context.Context, llm.Request) (*llm.Response, error) {
	return func(context.Context, llm.Request) (*llm.Response, error) { return nil, err }
}

// hang waits for the context to end.
func hang(ctx context.Context, _ llm.Request) (*llm.Response, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
