package openai

import (
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// chatRequest is the body of POST /chat/completions: only the fields this
// backend sends.
type chatRequest struct {
	Model    string        `json:"model"`
	Messages []chatMessage `json:"messages"`
	// Exactly one of the two token limits is sent.
	MaxTokens           int            `json:"max_tokens,omitempty"`
	MaxCompletionTokens int            `json:"max_completion_tokens,omitempty"`
	Temperature         float64        `json:"temperature"`
	Tools               []chatTool     `json:"tools,omitempty"`
	Stream              bool           `json:"stream,omitempty"`
	StreamOptions       *streamOptions `json:"stream_options,omitempty"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type chatMessage struct {
	Role string `json:"role"`
	// Content is absent from an assistant message made of tool calls only.
	Content    *string    `json:"content,omitempty"`
	ToolCalls  []toolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

type toolCall struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Function function `json:"function"`
}

type function struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type chatTool struct {
	Type     string       `json:"type"` // "function"
	Function toolFunction `json:"function"`
}

type toolFunction struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Parameters  map[string]any `json:"parameters,omitempty"`
}

// body maps a request to Chat Completions: a system message, then each
// of our messages — a user message becomes a tool message per tool result
// (first, as they must follow the assistant's tool calls), then a user
// message with its text; an assistant message carries its text and its
// tool_calls — the tools as function tools, the token limit and the
// temperature.
func (b *Backend) body(req llm.Request) (*chatRequest, error) {
	p := &chatRequest{Model: b.cfg.Model, Temperature: b.cfg.Temperature}
	if req.Model != "" {
		p.Model = req.Model
	}
	if req.Temperature != 0 {
		p.Temperature = req.Temperature
	}
	maxTokens := b.cfg.MaxTokens
	if req.MaxTokens > 0 {
		maxTokens = req.MaxTokens
	}
	if b.official {
		p.MaxCompletionTokens = maxTokens
	} else {
		p.MaxTokens = maxTokens
	}
	if req.System != "" {
		p.Messages = append(p.Messages, chatMessage{Role: "system", Content: &req.System})
	}
	for i, m := range req.Messages {
		msgs, err := messages(m)
		if err != nil {
			return nil, fmt.Errorf("openai: message %d: %w", i, err)
		}
		p.Messages = append(p.Messages, msgs...)
	}
	for _, t := range req.Tools {
		p.Tools = append(p.Tools, chatTool{Type: "function", Function: toolFunction{
			Name: t.Name, Description: t.Description, Parameters: t.Parameters,
		}})
	}
	return p, nil
}

func messages(m llm.Message) ([]chatMessage, error) {
	var texts []string
	var results []chatMessage
	var calls []toolCall
	for _, bl := range m.Content {
		switch bl.Type {
		case llm.BlockText:
			if bl.Text != "" {
				texts = append(texts, bl.Text)
			}
		case llm.BlockToolUse:
			if m.Role != llm.RoleAssistant {
				return nil, fmt.Errorf("a tool call in a %s message", m.Role)
			}
			input := string(bl.ToolInput)
			if input == "" {
				input = "{}"
			}
			calls = append(calls, toolCall{ID: bl.ToolCallID, Type: "function", Function: function{Name: bl.ToolName, Arguments: input}})
		case llm.BlockToolResult:
			if m.Role != llm.RoleUser {
				return nil, fmt.Errorf("a tool result in a %s message", m.Role)
			}
			result := bl.ToolResult
			results = append(results, chatMessage{Role: "tool", Content: &result, ToolCallID: bl.ToolCallID})
		default:
			return nil, fmt.Errorf("block type %q", bl.Type)
		}
	}
	text := strings.Join(texts, "\n\n")
	switch m.Role {
	case llm.RoleUser:
		out := results
		if text != "" {
			out = append(out, chatMessage{Role: "user", Content: &text})
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no content")
		}
		return out, nil
	case llm.RoleAssistant:
		if text == "" && len(calls) == 0 {
			return nil, fmt.Errorf("no content")
		}
		msg := chatMessage{Role: "assistant", ToolCalls: calls}
		if text != "" {
			msg.Content = &text
		}
		return []chatMessage{msg}, nil
	}
	return nil, fmt.Errorf("role %q", m.Role)
}
