package fake

import (
	"encoding/json"
	"strings"
)

// Request is one request a fake model server received, parsed from the
// vendor's wire format into a form shared by both fakes. The OpenAI fake
// gathers the system and developer messages into System, and folds the
// "tool" messages that answer an assistant's tool calls, with the user
// message that may follow them, into one user message of tool_result
// blocks (then text), as the Anthropic wire format has it.
type Request struct {
	// Vendor is "anthropic" or "openai".
	Vendor      string
	Model       string
	System      string
	Messages    []Message
	Tools       []Tool
	MaxTokens   int
	Temperature *float64
	Stream      bool
	// MaxTokensField is the field that carried MaxTokens: "max_tokens",
	// or "max_completion_tokens" (OpenAI).
	MaxTokensField string
	// IncludeUsage reports stream_options.include_usage (OpenAI).
	IncludeUsage bool
	// APIKey is the credential the client sent (Anthropic's x-api-key, or
	// the bearer token of OpenAI's Authorization header), "" if none.
	APIKey string
}

// Message is one message of a Request. Role is "user" or "assistant".
type Message struct {
	Role    string
	Content []Block
}

// Block is one piece of a Message. Type is "text", "tool_use" or
// "tool_result".
type Block struct {
	Type string
	Text string
	// ToolCallID is the id of a tool call (tool_use), or of the call a
	// result answers (tool_result).
	ToolCallID string
	ToolName   string
	ToolInput  json.RawMessage
	ToolResult string
	// IsError is the is_error flag of an Anthropic tool_result (OpenAI has
	// none).
	IsError bool
}

// Tool is a tool offered to the model.
type Tool struct {
	Name        string
	Description string
	Parameters  map[string]any
}

// Tool returns the offered tool called name.
func (r Request) Tool(name string) (Tool, bool) {
	for _, t := range r.Tools {
		if t.Name == name {
			return t, true
		}
	}
	return Tool{}, false
}

// Last returns the last message, or a zero Message when there is none.
func (r Request) Last() Message {
	if len(r.Messages) == 0 {
		return Message{}
	}
	return r.Messages[len(r.Messages)-1]
}

// Text returns the text blocks of m joined by blank lines.
func (m Message) Text() string {
	var parts []string
	for _, b := range m.Content {
		if b.Type == "text" {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// ToolResults returns the tool_result blocks of m.
func (m Message) ToolResults() []Block {
	var out []Block
	for _, b := range m.Content {
		if b.Type == "tool_result" {
			out = append(out, b)
		}
	}
	return out
}
