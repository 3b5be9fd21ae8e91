package fake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// NewOpenAI starts a fake OpenAI Chat Completions API (POST
// /v1/chat/completions; give the backend Server.BaseURL, which ends in /v1),
// as OpenAI, Ollama, vLLM and llama.cpp serve it: JSON, or server-sent
// "data: {chunk}" lines ending with "data: [DONE]", where a tool call comes
// as a chunk with its id and name, a chunk with only its index, then its
// arguments in pieces; the usage chunk is sent when
// stream_options.include_usage is set. A request the real API would refuse
// — unknown fields, a tool message that answers no call of the assistant
// message before it, a tool call left unanswered, arguments that are not a
// JSON object, stream_options without stream, both max_tokens and
// max_completion_tokens — fails the test.
func NewOpenAI(t testing.TB, script Script) *Server {
	t.Helper()
	return newServer(t, script, openaiWire{}, "/v1")
}

type openaiWire struct{}

func (openaiWire) vendor() string               { return "openai" }
func (openaiWire) path() string                 { return "/v1/chat/completions" }
func (openaiWire) idPrefixes() (string, string) { return "chatcmpl-fake-", "call_fake_" }

func (openaiWire) defaultStop(toolCalls bool) string {
	if toolCalls {
		return "tool_calls"
	}
	return "stop"
}

// created is the fixed creation time of every answer, for stable output.
const created = 1700000000

type openaiBody struct {
	Model               string          `json:"model"`
	Messages            []openaiMessage `json:"messages"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Temperature         *float64        `json:"temperature"`
	TopP                *float64        `json:"top_p"`
	N                   *int            `json:"n"`
	Stream              *bool           `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage       bool  `json:"include_usage"`
		IncludeObfuscation *bool `json:"include_obfuscation"`
	} `json:"stream_options"`
	Stop              json.RawMessage `json:"stop"`
	Tools             []openaiTool    `json:"tools"`
	ToolChoice        json.RawMessage `json:"tool_choice"`
	ParallelToolCalls *bool           `json:"parallel_tool_calls"`
	ResponseFormat    json.RawMessage `json:"response_format"`
	Seed              *int            `json:"seed"`
	User              string          `json:"user"`
	FrequencyPenalty  *float64        `json:"frequency_penalty"`
	PresencePenalty   *float64        `json:"presence_penalty"`
	ReasoningEffort   string          `json:"reasoning_effort"`
	Metadata          json.RawMessage `json:"metadata"`
	Store             *bool           `json:"store"`
}

type openaiMessage struct {
	Role       string           `json:"role"`
	Content    json.RawMessage  `json:"content"`
	Name       string           `json:"name"`
	ToolCalls  []openaiToolCall `json:"tool_calls"`
	ToolCallID string           `json:"tool_call_id"`
	Refusal    json.RawMessage  `json:"refusal"`
}

type openaiToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

type openaiTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string         `json:"name"`
		Description string         `json:"description"`
		Parameters  map[string]any `json:"parameters"`
		Strict      *bool          `json:"strict"`
	} `json:"function"`
}

func (openaiWire) parse(h http.Header, body []byte) (Request, error) {
	req := Request{Vendor: "openai", APIKey: strings.TrimPrefix(h.Get("Authorization"), "Bearer ")}
	var b openaiBody
	if err := strictJSON(body, &b); err != nil {
		return req, err
	}
	if b.Model == "" {
		return req, errors.New("model: field required")
	}
	if len(b.Messages) == 0 {
		return req, errors.New("messages: must not be empty")
	}
	switch {
	case b.MaxTokens != nil && b.MaxCompletionTokens != nil:
		return req, errors.New("max_tokens and max_completion_tokens are both set")
	case b.MaxTokens != nil:
		req.MaxTokens, req.MaxTokensField = *b.MaxTokens, "max_tokens"
	case b.MaxCompletionTokens != nil:
		req.MaxTokens, req.MaxTokensField = *b.MaxCompletionTokens, "max_completion_tokens"
	}
	if b.Temperature != nil && (*b.Temperature < 0 || *b.Temperature > 2) {
		return req, fmt.Errorf("temperature: %v is not in [0, 2]", *b.Temperature)
	}
	req.Model, req.Temperature = b.Model, b.Temperature
	req.Stream = b.Stream != nil && *b.Stream
	if b.StreamOptions != nil {
		if !req.Stream {
			return req, errors.New("stream_options is only allowed when stream is enabled")
		}
		req.IncludeUsage = b.StreamOptions.IncludeUsage
	}
	for i, t := range b.Tools {
		if t.Type != "function" {
			return req, fmt.Errorf("tools.%d.type: %q", i, t.Type)
		}
		if t.Function.Parameters != nil && t.Function.Parameters["type"] != "object" {
			return req, fmt.Errorf("tools.%d.function.parameters: type must be \"object\"", i)
		}
		req.Tools = append(req.Tools, Tool{Name: t.Function.Name, Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	system, msgs, err := openaiMessages(b.Messages)
	if err != nil {
		return req, err
	}
	req.System, req.Messages = system, msgs
	if err := checkConversation(req.Messages, req.Tools); err != nil {
		return req, err
	}
	return req, nil
}

// openaiMessages folds the chat messages into the shared form: system
// and developer messages into the system prompt, tool messages (and a user
// message right after them) into one user message.
func openaiMessages(in []openaiMessage) (string, []Message, error) {
	var system []string
	var out []Message
	folding := false // the last of out is a user message made of tool messages
	for i, m := range in {
		text, err := openaiText(m.Content)
		if err != nil {
			return "", nil, fmt.Errorf("messages.%d.content: %w", i, err)
		}
		if m.Role != "assistant" && len(m.ToolCalls) > 0 {
			return "", nil, fmt.Errorf("messages.%d: tool_calls in a %s message", i, m.Role)
		}
		if m.Role != "tool" && m.ToolCallID != "" {
			return "", nil, fmt.Errorf("messages.%d: tool_call_id in a %s message", i, m.Role)
		}
		switch m.Role {
		case "system", "developer":
			system = append(system, text)
			folding = false
		case "user":
			if text == "" {
				return "", nil, fmt.Errorf("messages.%d: empty user message", i)
			}
			if folding {
				last := &out[len(out)-1]
				last.Content = append(last.Content, Block{Type: "text", Text: text})
			} else {
				out = append(out, Message{Role: "user", Content: []Block{{Type: "text", Text: text}}})
			}
			folding = false
		case "assistant":
			msg := Message{Role: "assistant"}
			if text != "" {
				msg.Content = append(msg.Content, Block{Type: "text", Text: text})
			}
			for j, tc := range m.ToolCalls {
				if tc.Type != "function" || tc.ID == "" || tc.Function.Name == "" {
					return "", nil, fmt.Errorf("messages.%d.tool_calls.%d: want a function call with an id and a name", i, j)
				}
				input, err := objectJSON(json.RawMessage(tc.Function.Arguments))
				if err != nil {
					return "", nil, fmt.Errorf("messages.%d.tool_calls.%d.function.arguments: %w", i, j, err)
				}
				msg.Content = append(msg.Content, Block{Type: "tool_use", ToolCallID: tc.ID, ToolName: tc.Function.Name, ToolInput: input})
			}
			if len(msg.Content) == 0 {
				return "", nil, fmt.Errorf("messages.%d: assistant message without content or tool_calls", i)
			}
			out = append(out, msg)
			folding = false
		case "tool":
			if m.ToolCallID == "" {
				return "", nil, fmt.Errorf("messages.%d: tool message without tool_call_id", i)
			}
			result := Block{Type: "tool_result", ToolCallID: m.ToolCallID, ToolResult: text}
			if folding {
				last := &out[len(out)-1]
				last.Content = append(last.Content, result)
			} else {
				out = append(out, Message{Role: "user", Content: []Block{result}})
				folding = true
			}
		default:
			return "", nil, fmt.Errorf("messages.%d: role %q", i, m.Role)
		}
	}
	return strings.Join(system, "\n\n"), out, nil
}

// openaiText reads content that is a string, null, or an array of text
// parts.
func openaiText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := strictJSON(raw, &parts); err != nil {
		return "", err
	}
	var texts []string
	for _, p := range parts {
		if p.Type != "text" {
			return "", fmt.Errorf("content part type %q", p.Type)
		}
		texts = append(texts, p.Text)
	}
	return strings.Join(texts, ""), nil
}

// The answer.

type openaiFunction struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments"`
}

type openaiCallOut struct {
	Index    *int            `json:"index,omitempty"`
	ID       string          `json:"id,omitempty"`
	Type     string          `json:"type,omitempty"`
	Function *openaiFunction `json:"function,omitempty"`
}

type openaiUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

func (openaiWire) body(_ Request, a *answer) []byte {
	msg := map[string]any{"role": "assistant", "content": nil, "refusal": nil}
	if a.text != "" {
		msg["content"] = a.text
	}
	if len(a.calls) > 0 {
		var calls []openaiCallOut
		for _, c := range a.calls {
			calls = append(calls, openaiCallOut{ID: c.id, Type: "function", Function: &openaiFunction{Name: c.name, Arguments: string(c.input)}})
		}
		msg["tool_calls"] = calls
	}
	return mustJSON(map[string]any{
		"id":      a.id,
		"object":  "chat.completion",
		"created": created,
		"model":   a.model,
		"choices": []map[string]any{{"index": 0, "message": msg, "logprobs": nil, "finish_reason": a.stop}},
		"usage":   openaiUsage{a.in, a.out, a.in + a.out},
	})
}

func (openaiWire) events(req Request, a *answer) []event {
	var evs []event
	chunk := func(delta map[string]any, finish any) {
		c := map[string]any{
			"id":      a.id,
			"object":  "chat.completion.chunk",
			"created": created,
			"model":   a.model,
			"choices": []map[string]any{{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}},
		}
		if req.IncludeUsage {
			c["usage"] = nil
		}
		evs = append(evs, event{data: mustJSON(c)})
	}
	chunk(map[string]any{"role": "assistant", "content": ""}, nil)
	for _, piece := range split(a.text, a.pieces) {
		chunk(map[string]any{"content": piece}, nil)
	}
	for i, c := range a.calls {
		index := i
		calls := func(call openaiCallOut) { chunk(map[string]any{"tool_calls": []openaiCallOut{call}}, nil) }
		calls(openaiCallOut{Index: &index, ID: c.id, Type: "function", Function: &openaiFunction{Name: c.name}})
		calls(openaiCallOut{Index: &index})
		for _, piece := range split(string(c.input), a.pieces) {
			calls(openaiCallOut{Index: &index, Function: &openaiFunction{Arguments: piece}})
		}
	}
	chunk(map[string]any{}, a.stop)
	if req.IncludeUsage {
		evs = append(evs, event{data: mustJSON(map[string]any{
			"id": a.id, "object": "chat.completion.chunk", "created": created, "model": a.model,
			"choices": []any{}, "usage": openaiUsage{a.in, a.out, a.in + a.out},
		})})
	}
	return append(evs, event{data: []byte("[DONE]")})
}

func (openaiWire) failure(f Failure, message, _ string) (int, []byte) {
	status, typ, code := http.StatusBadRequest, "invalid_request_error", any(nil)
	switch f {
	case FailRateLimit:
		status, typ, code = http.StatusTooManyRequests, "requests", "rate_limit_exceeded"
	case FailOverloaded:
		status, typ = http.StatusServiceUnavailable, "server_error"
	case FailServer:
		status, typ = http.StatusInternalServerError, "server_error"
	}
	return status, mustJSON(map[string]any{
		"error": map[string]any{"message": message, "type": typ, "param": nil, "code": code},
	})
}

func (openaiWire) streamError(message string) event {
	return event{data: mustJSON(map[string]any{
		"error": map[string]any{"message": message, "type": "server_error", "param": nil, "code": nil},
	})}
}
