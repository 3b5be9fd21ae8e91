package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// NewAnthropic starts a fake Anthropic Messages API (POST /v1/messages)
// answering by script, as JSON or, when the request asks to stream, as
// server-sent events (message_start, content_block_start, text_delta and
// input_json_delta content_block_deltas, content_block_stop, message_delta,
// message_stop, with pings interleaved). A request the real API would
// refuse — unknown fields, empty text blocks, a tool_result that answers no
// tool_use of the previous message, a tool_use left unanswered, a schema
// that is not an object, a temperature above 1 — fails the test.
func NewAnthropic(t testing.TB, script Script) *Server {
	t.Helper()
	return newServer(t, script, anthropicWire{}, "")
}

type anthropicWire struct{}

func (anthropicWire) vendor() string               { return "anthropic" }
func (anthropicWire) path() string                 { return "/v1/messages" }
func (anthropicWire) idPrefixes() (string, string) { return "msg_fake_", "toolu_fake_" }

func (anthropicWire) defaultStop(toolCalls bool) string {
	if toolCalls {
		return "tool_use"
	}
	return "end_turn"
}

// The request, field by field: decoding refuses any other field.
type anthropicBody struct {
	Model         string             `json:"model"`
	Messages      []anthropicMessage `json:"messages"`
	MaxTokens     *int               `json:"max_tokens"`
	System        json.RawMessage    `json:"system"`
	Temperature   *float64           `json:"temperature"`
	TopP          *float64           `json:"top_p"`
	TopK          *int               `json:"top_k"`
	Stream        bool               `json:"stream"`
	StopSequences []string           `json:"stop_sequences"`
	Tools         []anthropicTool    `json:"tools"`
	ToolChoice    json.RawMessage    `json:"tool_choice"`
	Metadata      json.RawMessage    `json:"metadata"`
	Thinking      json.RawMessage    `json:"thinking"`
	ServiceTier   json.RawMessage    `json:"service_tier"`
}

type anthropicMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

type anthropicTool struct {
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	InputSchema  map[string]any  `json:"input_schema"`
	Type         string          `json:"type"`
	CacheControl json.RawMessage `json:"cache_control"`
}

type anthropicText struct {
	Type         string          `json:"type"`
	Text         string          `json:"text"`
	CacheControl json.RawMessage `json:"cache_control"`
	Citations    json.RawMessage `json:"citations"`
}

type anthropicToolUse struct {
	Type         string          `json:"type"`
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Input        json.RawMessage `json:"input"`
	CacheControl json.RawMessage `json:"cache_control"`
}

type anthropicToolResult struct {
	Type         string          `json:"type"`
	ToolUseID    string          `json:"tool_use_id"`
	Content      json.RawMessage `json:"content"`
	IsError      *bool           `json:"is_error"`
	CacheControl json.RawMessage `json:"cache_control"`
}

func (anthropicWire) parse(h http.Header, body []byte) (Request, error) {
	req := Request{Vendor: "anthropic", APIKey: h.Get("X-Api-Key")}
	if h.Get("Anthropic-Version") == "" {
		return req, errors.New("no anthropic-version header")
	}
	var b anthropicBody
	if err := strictJSON(body, &b); err != nil {
		return req, err
	}
	if b.Model == "" {
		return req, errors.New("model: field required")
	}
	if b.MaxTokens == nil || *b.MaxTokens < 1 {
		return req, errors.New("max_tokens: must be at least 1")
	}
	if b.Temperature != nil && (*b.Temperature < 0 || *b.Temperature > 1) {
		return req, fmt.Errorf("temperature: %v is not in [0, 1]", *b.Temperature)
	}
	req.Model, req.MaxTokens, req.MaxTokensField = b.Model, *b.MaxTokens, "max_tokens"
	req.Temperature, req.Stream = b.Temperature, b.Stream
	system, err := anthropicSystem(b.System)
	if err != nil {
		return req, fmt.Errorf("system: %w", err)
	}
	req.System = system
	for i, t := range b.Tools {
		if t.Type != "" && t.Type != "custom" {
			return req, fmt.Errorf("tools.%d: type %q", i, t.Type)
		}
		if t.InputSchema == nil || t.InputSchema["type"] != "object" {
			return req, fmt.Errorf("tools.%d.input_schema: type must be \"object\"", i)
		}
		req.Tools = append(req.Tools, Tool{Name: t.Name, Description: t.Description, Parameters: t.InputSchema})
	}
	for i, m := range b.Messages {
		msg, err := anthropicContent(m)
		if err != nil {
			return req, fmt.Errorf("messages.%d: %w", i, err)
		}
		req.Messages = append(req.Messages, msg)
	}
	if err := checkConversation(req.Messages, req.Tools); err != nil {
		return req, err
	}
	return req, nil
}

func anthropicSystem(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var blocks []anthropicText
	if err := strictJSON(raw, &blocks); err != nil {
		return "", err
	}
	var parts []string
	for _, b := range blocks {
		if b.Type != "text" || b.Text == "" {
			return "", fmt.Errorf("system blocks must be non-empty text, got %q", b.Type)
		}
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n"), nil
}

func anthropicContent(m anthropicMessage) (Message, error) {
	msg := Message{Role: m.Role}
	if m.Role != "user" && m.Role != "assistant" {
		return msg, fmt.Errorf("role %q", m.Role)
	}
	var s string
	if err := json.Unmarshal(m.Content, &s); err == nil {
		if s == "" {
			return msg, errors.New("text content blocks must be non-empty")
		}
		msg.Content = []Block{{Type: "text", Text: s}}
		return msg, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(m.Content, &raws); err != nil {
		return msg, fmt.Errorf("content: %w", err)
	}
	sawOther := false
	for i, raw := range raws {
		var head struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return msg, fmt.Errorf("content.%d: %w", i, err)
		}
		switch head.Type {
		case "text":
			var t anthropicText
			if err := strictJSON(raw, &t); err != nil {
				return msg, fmt.Errorf("content.%d: %w", i, err)
			}
			if t.Text == "" {
				return msg, fmt.Errorf("content.%d: text content blocks must be non-empty", i)
			}
			msg.Content = append(msg.Content, Block{Type: "text", Text: t.Text})
			sawOther = true
		case "tool_use":
			var u anthropicToolUse
			if err := strictJSON(raw, &u); err != nil {
				return msg, fmt.Errorf("content.%d: %w", i, err)
			}
			input, err := objectJSON(u.Input)
			if err != nil {
				return msg, fmt.Errorf("content.%d.input: %w", i, err)
			}
			msg.Content = append(msg.Content, Block{Type: "tool_use", ToolCallID: u.ID, ToolName: u.Name, ToolInput: input})
			sawOther = true
		case "tool_result":
			var r anthropicToolResult
			if err := strictJSON(raw, &r); err != nil {
				return msg, fmt.Errorf("content.%d: %w", i, err)
			}
			if sawOther {
				return msg, fmt.Errorf("content.%d: tool_result blocks must come first in a message", i)
			}
			text, err := anthropicResultText(r.Content)
			if err != nil {
				return msg, fmt.Errorf("content.%d.content: %w", i, err)
			}
			msg.Content = append(msg.Content, Block{Type: "tool_result", ToolCallID: r.ToolUseID, ToolResult: text, IsError: r.IsError != nil && *r.IsError})
		default:
			return msg, fmt.Errorf("content.%d: block type %q", i, head.Type)
		}
	}
	return msg, nil
}

func anthropicResultText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var blocks []anthropicText
	if err := strictJSON(raw, &blocks); err != nil {
		return "", err
	}
	var parts []string
	for _, b := range blocks {
		if b.Type != "text" {
			return "", fmt.Errorf("block type %q", b.Type)
		}
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, ""), nil
}

// The answer.

type anthropicUsage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
}

type anthropicMessageOut struct {
	ID           string           `json:"id"`
	Type         string           `json:"type"`
	Role         string           `json:"role"`
	Model        string           `json:"model"`
	Content      []map[string]any `json:"content"`
	StopReason   *string          `json:"stop_reason"`
	StopSequence *string          `json:"stop_sequence"`
	Usage        anthropicUsage   `json:"usage"`
}

func (anthropicWire) body(_ Request, a *answer) []byte {
	m := anthropicMessageOut{ID: a.id, Type: "message", Role: "assistant", Model: a.model,
		Content: []map[string]any{}, StopReason: &a.stop, Usage: anthropicUsage{a.in, a.out}}
	if a.text != "" {
		m.Content = append(m.Content, map[string]any{"type": "text", "text": a.text})
	}
	for _, c := range a.calls {
		m.Content = append(m.Content, map[string]any{"type": "tool_use", "id": c.id, "name": c.name, "input": json.RawMessage(c.input)})
	}
	return mustJSON(m)
}

func (anthropicWire) events(_ Request, a *answer) []event {
	var evs []event
	add := func(name string, v any) { evs = append(evs, event{name: name, data: mustJSON(v)}) }
	ping := func() { add("ping", map[string]string{"type": "ping"}) }

	start := anthropicMessageOut{ID: a.id, Type: "message", Role: "assistant", Model: a.model,
		Content: []map[string]any{}, Usage: anthropicUsage{a.in, 1}}
	add("message_start", map[string]any{"type": "message_start", "message": start})
	ping()
	index := 0
	delta := func(d map[string]any) {
		add("content_block_delta", map[string]any{"type": "content_block_delta", "index": index, "delta": d})
	}
	if a.text != "" {
		add("content_block_start", map[string]any{"type": "content_block_start", "index": index,
			"content_block": map[string]any{"type": "text", "text": ""}})
		for i, piece := range split(a.text, a.pieces) {
			delta(map[string]any{"type": "text_delta", "text": piece})
			if i == 0 {
				ping()
			}
		}
		add("content_block_stop", map[string]any{"type": "content_block_stop", "index": index})
		index++
	}
	for _, c := range a.calls {
		add("content_block_start", map[string]any{"type": "content_block_start", "index": index,
			"content_block": map[string]any{"type": "tool_use", "id": c.id, "name": c.name, "input": map[string]any{}}})
		delta(map[string]any{"type": "input_json_delta", "partial_json": ""})
		for i, piece := range split(string(c.input), a.pieces) {
			delta(map[string]any{"type": "input_json_delta", "partial_json": piece})
			if i == 0 {
				ping()
			}
		}
		add("content_block_stop", map[string]any{"type": "content_block_stop", "index": index})
		index++
	}
	add("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": a.stop, "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": a.out}})
	add("message_stop", map[string]string{"type": "message_stop"})
	return evs
}

func (anthropicWire) failure(f Failure, message, requestID string) (int, []byte) {
	status, typ := http.StatusBadRequest, "invalid_request_error"
	switch f {
	case FailRateLimit:
		status, typ = http.StatusTooManyRequests, "rate_limit_error"
	case FailOverloaded:
		status, typ = 529, "overloaded_error"
	case FailServer:
		status, typ = http.StatusInternalServerError, "api_error"
	}
	return status, mustJSON(map[string]any{
		"type":       "error",
		"error":      map[string]string{"type": typ, "message": message},
		"request_id": requestID,
	})
}

func (anthropicWire) streamError(message string) event {
	return event{name: "error", data: mustJSON(map[string]any{
		"type":  "error",
		"error": map[string]string{"type": "overloaded_error", "message": message},
	})}
}

// strictJSON decodes one JSON value into v, refusing unknown fields.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after JSON value")
	}
	return nil
}
