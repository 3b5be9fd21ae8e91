package openai_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
)

var findSlots = llm.Tool{
	Name:        "find_slots",
	Description: "Finds free slots.",
	Parameters: map[string]any{
		"type":                 "object",
		"properties":           map[string]any{"date": map[string]any{"type": "string"}},
		"required":             []string{"date"},
		"additionalProperties": false,
	},
}

func TestCompleteText(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(map[bool]string{false: "JSON", true: "Stream"}[stream], func(t *testing.T) {
			srv := fake.NewOpenAI(t, fake.Always(fake.Reply{Text: "Bonjour !", InputTokens: 12, OutputTokens: 3}))
			b := newBackend(t, srv)
			resp, _, err := complete(t, b, llm.Request{
				System:      "You book appointments.",
				Messages:    []llm.Message{userText("Salut")},
				Tools:       []llm.Tool{findSlots},
				MaxTokens:   300,
				Temperature: 0.5,
			}, stream)
			if err != nil {
				t.Fatal(err)
			}
			want := &llm.Response{
				Content:    []llm.Block{{Type: llm.BlockText, Text: "Bonjour !"}},
				StopReason: llm.StopEndTurn,
				Usage:      llm.Usage{InputTokens: 12, OutputTokens: 3},
				Model:      testModel,
			}
			if d := cmp.Diff(want, resp); d != "" {
				t.Errorf("response (-want +got):\n%s", d)
			}
			temp := 0.5
			wantReq := fake.Request{
				Vendor:         "openai",
				Model:          testModel,
				System:         "You book appointments.",
				Messages:       []fake.Message{{Role: "user", Content: []fake.Block{{Type: "text", Text: "Salut"}}}},
				Tools:          []fake.Tool{{Name: "find_slots", Description: "Finds free slots.", Parameters: jsonMap(t, findSlots.Parameters)}},
				MaxTokens:      300,
				MaxTokensField: "max_tokens",
				Temperature:    &temp,
				Stream:         stream,
				IncludeUsage:   stream,
				APIKey:         testKey,
			}
			if d := cmp.Diff([]fake.Request{wantReq}, srv.Requests()); d != "" {
				t.Errorf("request (-want +got):\n%s", d)
			}
		})
	}
}

func TestCompleteDefaults(t *testing.T) {
	srv := fake.NewOpenAI(t, fake.Always(fake.Text("ok")))
	b := newBackend(t, srv, func(c *openai.Config) { c.Temperature = 0.2; c.APIKey = "" })
	if _, _, err := complete(t, b, llm.Request{Messages: []llm.Message{userText("hi")}}, false); err != nil {
		t.Fatal(err)
	}
	got := srv.Requests()[0]
	if got.Model != testModel || got.MaxTokens != openai.DefaultMaxTokens || got.Temperature == nil || *got.Temperature != 0.2 {
		t.Errorf("model %q, max tokens %d, temperature %v: want the config's", got.Model, got.MaxTokens, got.Temperature)
	}
	if got.System != "" || got.Tools != nil || got.APIKey != "" {
		t.Errorf("system %q, tools %v, key %q: want none", got.System, got.Tools, got.APIKey)
	}
}

// OpenAI's own API gets max_completion_tokens.
func TestMaxCompletionTokens(t *testing.T) {
	srv := fake.NewOpenAI(t, fake.Always(fake.Text("ok")))
	addr := strings.TrimPrefix(srv.URL, "http://")
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	t.Cleanup(client.CloseIdleConnections)
	b := newBackend(t, srv, func(c *openai.Config) {
		c.BaseURL = "http://api.openai.com/v1"
		c.HTTPClient = client
	})
	if _, _, err := complete(t, b, llm.Request{Messages: []llm.Message{userText("hi")}, MaxTokens: 77}, false); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0]; got.MaxTokensField != "max_completion_tokens" || got.MaxTokens != 77 {
		t.Errorf("sent %s = %d, want max_completion_tokens = 77", got.MaxTokensField, got.MaxTokens)
	}
}

// The vendors' environment variables must not leak into requests.
func TestEnvironmentIgnored(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-from-env")
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
	t.Setenv("OPENAI_ORG_ID", "org-env")
	t.Setenv("OPENAI_PROJECT_ID", "proj-env")
	srv := fake.NewOpenAI(t, fake.Always(fake.Text("ok")))
	b := newBackend(t, srv, func(c *openai.Config) { c.APIKey = "" })
	if _, _, err := complete(t, b, llm.Request{Messages: []llm.Message{userText("hi")}}, false); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].APIKey; got != "" {
		t.Errorf("sent key %q, want none", got)
	}
}

// The tool call comes back as a tool_use block; its result, sent back
// with the history, reaches the server as a tool message that names it.
func TestToolRoundTrip(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(map[bool]string{false: "JSON", true: "Stream"}[stream], func(t *testing.T) {
			srv := fake.NewOpenAI(t, fake.Sequence(
				fake.Reply{Text: "Let me look.", ToolCalls: []fake.ToolCall{{Name: "find_slots", Input: map[string]string{"date": "2030-05-06"}}}},
				fake.Text("Tuesday at 10:00 is free."),
			))
			b := newBackend(t, srv)
			history := []llm.Message{userText("Anything on May 6?")}
			first, _, err := complete(t, b, llm.Request{Messages: history, Tools: []llm.Tool{findSlots}}, stream)
			if err != nil {
				t.Fatal(err)
			}
			if first.StopReason != llm.StopToolUse || len(first.Content) != 2 {
				t.Fatalf("got %+v, want text and a tool call", first)
			}
			call := first.Content[1]
			if call.Type != llm.BlockToolUse || call.ToolName != "find_slots" || string(call.ToolInput) != `{"date":"2030-05-06"}` || call.ToolCallID == "" {
				t.Fatalf("tool call %+v", call)
			}
			history = append(history,
				llm.Message{Role: llm.RoleAssistant, Content: first.Content},
				llm.Message{Role: llm.RoleUser, Content: []llm.Block{
					// Text before the result: the tool message must come first.
					{Type: llm.BlockText, Text: "(the customer waits)"},
					{Type: llm.BlockToolResult, ToolCallID: call.ToolCallID, ToolResult: `{"slots":["10:00"]}`},
				}},
				llm.Message{Role: llm.RoleAssistant, Content: []llm.Block{
					{Type: llm.BlockToolUse, ToolCallID: "call_a", ToolName: "find_slots", ToolInput: json.RawMessage(`{"date": "2030-05-07"}`)},
					{Type: llm.BlockToolUse, ToolCallID: "call_b", ToolName: "find_slots", ToolInput: json.RawMessage(`{"date":"2030-05-08"}`)},
				}},
				llm.Message{Role: llm.RoleUser, Content: []llm.Block{
					{Type: llm.BlockToolResult, ToolCallID: "call_a", ToolResult: `{"error":"closed"}`, IsError: true},
					{Type: llm.BlockToolResult, ToolCallID: "call_b", ToolResult: `{"slots":[]}`},
				}},
			)
			second, _, err := complete(t, b, llm.Request{Messages: history, Tools: []llm.Tool{findSlots}}, stream)
			if err != nil {
				t.Fatal(err)
			}
			if second.StopReason != llm.StopEndTurn || second.Content[0].Text != "Tuesday at 10:00 is free." {
				t.Errorf("second answer %+v", second)
			}
			want := []fake.Message{
				{Role: "user", Content: []fake.Block{{Type: "text", Text: "Anything on May 6?"}}},
				{Role: "assistant", Content: []fake.Block{
					{Type: "text", Text: "Let me look."},
					{Type: "tool_use", ToolCallID: call.ToolCallID, ToolName: "find_slots", ToolInput: json.RawMessage(`{"date":"2030-05-06"}`)},
				}},
				{Role: "user", Content: []fake.Block{
					{Type: "tool_result", ToolCallID: call.ToolCallID, ToolResult: `{"slots":["10:00"]}`},
					{Type: "text", Text: "(the customer waits)"},
				}},
				{Role: "assistant", Content: []fake.Block{
					{Type: "tool_use", ToolCallID: "call_a", ToolName: "find_slots", ToolInput: json.RawMessage(`{"date":"2030-05-07"}`)},
					{Type: "tool_use", ToolCallID: "call_b", ToolName: "find_slots", ToolInput: json.RawMessage(`{"date":"2030-05-08"}`)},
				}},
				{Role: "user", Content: []fake.Block{
					// OpenAI has no error flag: the text says it.
					{Type: "tool_result", ToolCallID: "call_a", ToolResult: `{"error":"closed"}`},
					{Type: "tool_result", ToolCallID: "call_b", ToolResult: `{"slots":[]}`},
				}},
			}
			if d := cmp.Diff(want, srv.Requests()[1].Messages); d != "" {
				t.Errorf("messages sent (-want +got):\n%s", d)
			}
		})
	}
}

func TestStopReasons(t *testing.T) {
	call := []fake.ToolCall{{Name: "find_slots", Input: map[string]string{"date": "2030-05-06"}}}
	tests := []struct {
		name  string
		reply fake.Reply
		want  string
	}{
		{"Stop", fake.Reply{Text: "…", StopReason: "stop"}, llm.StopEndTurn},
		{"ToolCalls", fake.Reply{ToolCalls: call, StopReason: "tool_calls"}, llm.StopToolUse},
		{"ToolCallsWithStop", fake.Reply{ToolCalls: call, StopReason: "stop"}, llm.StopToolUse},
		{"Length", fake.Reply{Text: "…", StopReason: "length"}, llm.StopMaxTokens},
		{"ContentFilter", fake.Reply{Text: "…", StopReason: "content_filter"}, llm.StopOther},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "", true: "Stream"}[stream], func(t *testing.T) {
				srv := fake.NewOpenAI(t, fake.Always(tt.reply))
				resp, _, err := complete(t, newBackend(t, srv), llm.Request{Messages: []llm.Message{userText("hi")}, Tools: []llm.Tool{findSlots}}, stream)
				if err != nil {
					t.Fatal(err)
				}
				if resp.StopReason != tt.want {
					t.Errorf("stop reason %q, want %q", resp.StopReason, tt.want)
				}
			})
		}
	}
}

func TestBadRequestMapping(t *testing.T) {
	tests := []struct {
		name string
		msg  llm.Message
	}{
		{"ErrRole", llm.Message{Role: "system", Content: []llm.Block{{Type: llm.BlockText, Text: "x"}}}},
		{"ErrBlockType", llm.Message{Role: llm.RoleUser, Content: []llm.Block{{Type: "image"}}}},
		{"ErrEmpty", llm.Message{Role: llm.RoleUser, Content: []llm.Block{{Type: llm.BlockText}}}},
		{"ErrToolUseFromUser", llm.Message{Role: llm.RoleUser, Content: []llm.Block{{Type: llm.BlockToolUse, ToolCallID: "a", ToolName: "t"}}}},
		{"ErrToolResultFromAssistant", llm.Message{Role: llm.RoleAssistant, Content: []llm.Block{{Type: llm.BlockToolResult, ToolCallID: "a"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fake.NewOpenAI(t, fake.Sequence())
			_, _, err := complete(t, newBackend(t, srv), llm.Request{Messages: []llm.Message{tt.msg}}, false)
			if err == nil {
				t.Fatal("no error")
			}
			if srv.Calls() != 0 {
				t.Errorf("%d calls to the server, want none", srv.Calls())
			}
		})
	}
}

func TestNew(t *testing.T) {
	ok := openai.Config{Model: testModel}
	tests := []struct {
		name string
		edit func(*openai.Config)
		ok   bool
	}{
		{"OK", func(*openai.Config) {}, true},
		{"OKLocal", func(c *openai.Config) { c.BaseURL = "http://127.0.0.1:11434/v1" }, true},
		{"ErrNoModel", func(c *openai.Config) { c.Model = "" }, false},
		{"ErrTemperature", func(c *openai.Config) { c.Temperature = 2.5 }, false},
		{"ErrMaxTokens", func(c *openai.Config) { c.MaxTokens = -1 }, false},
		{"ErrTimeout", func(c *openai.Config) { c.Timeout = -1 }, false},
		{"ErrBaseURL", func(c *openai.Config) { c.BaseURL = "127.0.0.1:11434" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			b, err := openai.New(cfg)
			if (err == nil) != tt.ok {
				t.Fatalf("error %v, want ok=%v", err, tt.ok)
			}
			if err == nil && b.Name() != "openai" {
				t.Errorf("name %q", b.Name())
			}
		})
	}
}

// jsonMap returns m as it reads once through JSON.
func jsonMap(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
