package fake

import (
	"strconv"
	"time"
)

// Reply is what a fake model server answers to one request: text, tool
// calls (or both), or a failure.
type Reply struct {
	Text      string
	ToolCalls []ToolCall
	// StopReason is the vendor's own stop reason ("end_turn", "max_tokens"
	// … for Anthropic; "stop", "length" … for OpenAI). Empty means the
	// usual one: tool_use / tool_calls when there are tool calls, else
	// end_turn / stop.
	StopReason string
	// InputTokens and OutputTokens are the usage reported; zero means an
	// estimate of about four characters a token.
	InputTokens, OutputTokens int
	// Pieces is how many deltas a streamed text, and each streamed tool
	// input, is cut into (3 when zero).
	Pieces int

	// Failure, when set, replaces the answer.
	Failure Failure
	// Message is the error message of a failure (HTTP or mid-stream).
	Message string
	// RetryAfter and RetryAfterMs are the raw values of the retry-after
	// and retry-after-ms headers sent with an HTTP failure ("" = none).
	RetryAfter, RetryAfterMs string
}

// ToolCall is a tool call of a Reply.
type ToolCall struct {
	// ID is the call's id; empty means one the server makes up
	// ("toolu_fake_1", "call_fake_1").
	ID   string
	Name string
	// Input is marshalled to JSON; a json.RawMessage is sent as is.
	Input any
}

// Failure is a way for a fake server to fail a request.
type Failure string

// Failures.
const (
	// FailRateLimit answers 429 (Anthropic's rate_limit_error, OpenAI's
	// rate_limit_exceeded).
	FailRateLimit Failure = "rate_limit"
	// FailOverloaded answers 529 overloaded_error (Anthropic), or 503
	// (OpenAI).
	FailOverloaded Failure = "overloaded"
	// FailServer answers 500.
	FailServer Failure = "server_error"
	// FailBadRequest answers 400 invalid_request_error.
	FailBadRequest Failure = "bad_request"
	// FailMalformed answers 200 with a body that is not valid JSON (a
	// streamed answer has one event whose data is cut).
	FailMalformed Failure = "malformed"
	// FailCut closes the connection in the middle of the answer's body,
	// after the first half of a stream's events.
	FailCut Failure = "cut"
	// FailMidStream streams the first half of the answer, then an error
	// event (Anthropic's "event: error" with overloaded_error, OpenAI's
	// "data: {"error": …}"). A request that does not stream gets
	// FailOverloaded.
	FailMidStream Failure = "mid_stream"
	// FailHang sends nothing, not even headers, until the client gives up
	// (its context ends) or the test ends.
	FailHang Failure = "hang"
)

// Text replies with text and stops (end_turn / stop).
func Text(s string) Reply { return Reply{Text: s} }

// Call replies with one tool call.
func Call(name string, input any) Reply {
	return Reply{ToolCalls: []ToolCall{{Name: name, Input: input}}}
}

// Calls replies with tool calls.
func Calls(calls ...ToolCall) Reply { return Reply{ToolCalls: calls} }

// RateLimited answers 429 with a retry-after header of after, in whole
// seconds (none when after is zero).
func RateLimited(after time.Duration) Reply {
	r := Reply{Failure: FailRateLimit, Message: "rate limit reached"}
	if after > 0 {
		r.RetryAfter = strconv.Itoa(int((after + time.Second - 1) / time.Second))
	}
	return r
}

// Overloaded answers 529 overloaded_error (Anthropic) or 503 (OpenAI).
func Overloaded() Reply { return Reply{Failure: FailOverloaded, Message: "overloaded"} }

// OverloadedMidStream fails a streamed answer half-way with an error
// event.
func OverloadedMidStream() Reply {
	return Reply{Failure: FailMidStream, Message: "overloaded"}
}

// ServerError answers 500.
func ServerError() Reply { return Reply{Failure: FailServer, Message: "internal server error"} }

// BadRequest answers 400 with message.
func BadRequest(message string) Reply { return Reply{Failure: FailBadRequest, Message: message} }

// Malformed answers 200 with a body that is not JSON.
func Malformed() Reply { return Reply{Failure: FailMalformed} }

// Cut closes the connection in the middle of the answer.
func Cut() Reply { return Reply{Failure: FailCut} }

// Hang never answers: the request ends when the client's context does.
func Hang() Reply { return Reply{Failure: FailHang} }
