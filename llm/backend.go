package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Role is who wrote a message.
type Role string

// Roles.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// BlockType is the kind of a content block.
type BlockType string

// Content blocks: text, a tool call the model makes, and the result of a
// tool call sent back to it.
const (
	BlockText       BlockType = "text"
	BlockToolUse    BlockType = "tool_use"
	BlockToolResult BlockType = "tool_result"
)

// Block is one piece of a message.
type Block struct {
	Type BlockType
	// Text of a text block.
	Text string
	// ToolCallID ties a tool result to its tool call.
	ToolCallID string
	// ToolName and ToolInput (a JSON object) of a tool call.
	ToolName  string
	ToolInput json.RawMessage
	// ToolResult is the JSON text of a tool result; IsError marks a
	// failure.
	ToolResult string
	IsError    bool
}

// Message is one turn of the conversation with the model.
type Message struct {
	Role    Role
	Content []Block
}

// Tool is a tool offered to the model, with the JSON Schema of its input.
type Tool struct {
	Name        string
	Description string
	Parameters  map[string]any
}

// Request is one call to a model.
type Request struct {
	Model       string
	System      string
	Messages    []Message
	Tools       []Tool
	MaxTokens   int
	Temperature float64
	// OnEvent, when set, receives the response as it streams (text
	// deltas, tool calls); backends then use their streaming API.
	OnEvent func(Event)
}

// EventType is the kind of a streaming event.
type EventType string

// Streaming events.
const (
	EventTextDelta EventType = "text_delta"
	EventToolCall  EventType = "tool_call" // a complete tool call
)

// Event is a piece of a streaming response.
type Event struct {
	Type EventType
	Text string
	Tool *Block
}

// Usage counts the tokens of one call.
type Usage struct {
	InputTokens  int
	OutputTokens int
}

// Stop reasons, normalised across vendors.
const (
	StopEndTurn   = "end_turn"
	StopToolUse   = "tool_use"
	StopMaxTokens = "max_tokens"
	StopOther     = "other"
)

// Response is a model's answer.
type Response struct {
	Content    []Block
	StopReason string
	Usage      Usage
	Model      string
}

// Backend calls one vendor's model. Implementations do not retry (the
// loop does, within its bounds) and return *APIError for failures the
// vendor reported.
type Backend interface {
	// Name identifies the backend ("anthropic", "openai") in metrics and
	// logs.
	Name() string
	// Complete sends one request and returns the whole response (having
	// streamed it through req.OnEvent when set). It honours ctx's
	// deadline.
	Complete(ctx context.Context, req Request) (*Response, error)
}

// APIError is a failure reported by the vendor's API (or the absence of a
// usable answer: a malformed body, a cut stream).
type APIError struct {
	// Status is the HTTP status (0 when the failure was not an HTTP
	// answer, e.g. a malformed stream).
	Status int
	// Type is the vendor's error type ("rate_limit_error",
	// "overloaded_error", …) when it gave one.
	Type string
	// RetryAfter is the wait the vendor asked for, if any.
	RetryAfter time.Duration
	Message    string
	Err        error
}

func (e *APIError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("model API: status %d: %s", e.Status, e.Message)
	}
	return fmt.Sprintf("model API: status %d %s: %s", e.Status, e.Type, e.Message)
}

func (e *APIError) Unwrap() error { return e.Err }

// Retryable reports whether the same request may succeed later: rate
// limits (429), overload (529), server errors (5xx) and answers cut or
// garbled in transit; never a request the API refused as invalid, an
// exhausted account (OpenAI's 429 insufficient_quota does not heal by
// waiting), or a feature the server does not implement (501, 505).
func (e *APIError) Retryable() bool {
	switch {
	case e.Type == "insufficient_quota", e.Type == "invalid_request_error", e.Status == 501, e.Status == 505:
		return false
	case e.Status == 429, e.Status == 529, e.Status >= 500:
		return true
	case e.Status == 0:
		return true
	}
	return e.Type == "overloaded_error" || e.Type == "rate_limit_error"
}

// Retryable reports whether err is worth retrying: a retryable APIError or
// a timeout of one attempt (not of the whole turn, which the caller checks
// with its own context).
func Retryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Retryable()
	}
	return errors.Is(err, context.DeadlineExceeded)
}
