package anthropic

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// messagesRequest is the body of POST /v1/messages: only the fields this
// backend sends.
type messagesRequest struct {
	Model       string    `json:"model"`
	MaxTokens   int       `json:"max_tokens"`
	Temperature float64   `json:"temperature"`
	System      string    `json:"system,omitempty"`
	Messages    []message `json:"messages"`
	Tools       []tool    `json:"tools,omitempty"`
	Stream      bool      `json:"stream,omitempty"`
}

type message struct {
	Role    string  `json:"role"`
	Content []block `json:"content"`
}

// block is a content block we send: text, tool_use or tool_result.
type block struct {
	Type string `json:"type"`
	// text
	Text string `json:"text,omitempty"`
	// tool_use
	ID    string          `json:"id,omitempty"`
	Name  string          `json:"name,omitempty"`
	Input json.RawMessage `json:"input,omitempty"`
	// tool_result
	ToolUseID string `json:"tool_use_id,omitempty"`
	Content   string `json:"content,omitempty"`
	IsError   bool   `json:"is_error,omitempty"`
}

type tool struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	InputSchema map[string]any `json:"input_schema"`
}

// body maps a request to the Messages API: the system prompt, the messages
// as text, tool_use and tool_result blocks (tool results first in their
// message, as the API requires; empty texts dropped, as it refuses them),
// the tools with their input_schema, max_tokens and temperature.
func (b *Backend) body(req llm.Request) (*messagesRequest, error) {
	p := &messagesRequest{Model: b.cfg.Model, MaxTokens: b.cfg.MaxTokens, Temperature: b.cfg.Temperature, System: req.System}
	if req.Model != "" {
		p.Model = req.Model
	}
	if req.MaxTokens > 0 {
		p.MaxTokens = req.MaxTokens
	}
	if req.Temperature != 0 {
		p.Temperature = req.Temperature
	}
	for i, m := range req.Messages {
		msg, err := toMessage(m)
		if err != nil {
			return nil, fmt.Errorf("anthropic: message %d: %w", i, err)
		}
		p.Messages = append(p.Messages, msg)
	}
	for _, t := range req.Tools {
		// An input_schema is a JSON Schema of an object: every keyword
		// ($defs, additionalProperties …) as the tool declares it.
		schema := maps.Clone(t.Parameters)
		if schema == nil {
			schema = map[string]any{}
		}
		schema["type"] = "object"
		p.Tools = append(p.Tools, tool{Name: t.Name, Description: t.Description, InputSchema: schema})
	}
	return p, nil
}

func toMessage(m llm.Message) (message, error) {
	switch m.Role {
	case llm.RoleUser, llm.RoleAssistant:
	default:
		return message{}, fmt.Errorf("role %q", m.Role)
	}
	var results, others []block
	for _, bl := range m.Content {
		switch bl.Type {
		case llm.BlockText:
			if bl.Text != "" {
				others = append(others, block{Type: "text", Text: bl.Text})
			}
		case llm.BlockToolUse:
			input := bl.ToolInput
			if len(input) == 0 {
				input = json.RawMessage("{}")
			}
			if !json.Valid(input) {
				return message{}, fmt.Errorf("tool call %s: input is not JSON", bl.ToolCallID)
			}
			others = append(others, block{Type: "tool_use", ID: bl.ToolCallID, Name: bl.ToolName, Input: input})
		case llm.BlockToolResult:
			results = append(results, block{Type: "tool_result", ToolUseID: bl.ToolCallID, Content: bl.ToolResult, IsError: bl.IsError})
		default:
			return message{}, fmt.Errorf("block type %q", bl.Type)
		}
	}
	content := append(results, others...)
	if len(content) == 0 {
		return message{}, fmt.Errorf("no content")
	}
	return message{Role: string(m.Role), Content: content}, nil
}
