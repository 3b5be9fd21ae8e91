package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// chunk is one event of a stream: only the fields this backend reads. An
// error reported inside a stream that began with 200 comes as an event
// with an error object instead.
type chunk struct {
	Model   string        `json:"model"`
	Choices []chunkChoice `json:"choices"`
	Usage   *usage        `json:"usage"`
	Error   *streamError  `json:"error"`
}

type chunkChoice struct {
	Index        int    `json:"index"`
	Delta        delta  `json:"delta"`
	FinishReason string `json:"finish_reason"`
}

type delta struct {
	Content   string      `json:"content"`
	Refusal   string      `json:"refusal"`
	ToolCalls []callDelta `json:"tool_calls"`
}

// callDelta is a piece of a tool call: the first names its id and
// function, the next ones add to its arguments.
type callDelta struct {
	Index    int      `json:"index"`
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Function function `json:"function"`
}

type streamError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
	Code    any    `json:"code"`
}

// stream reads server-sent events ("data: {chunk}" … "data: [DONE]"),
// accumulates the first choice, and emits text deltas as they come and the
// tool calls when the finish_reason arrives: only then are they complete,
// as a server may interleave the argument pieces of parallel calls. A
// stream that ends without a finish_reason was cut: an *llm.APIError with
// Status 0. The usage is the last one sent (some servers send a running
// total in every chunk).
func (b *Backend) stream(ctx context.Context, body io.Reader, emit func(llm.Event)) (*llm.Response, error) {
	var (
		model    string
		msg      answer
		finish   string
		u        *usage
		finished bool
	)
	events := llm.NewEventReader(body, maxAnswerBytes)
	for {
		data, err := events.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, b.fail(ctx, err)
		}
		if bytes.Equal(data, []byte("[DONE]")) {
			break
		}
		var c chunk
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, b.malformed(err)
		}
		if c.Error != nil {
			ae := &llm.APIError{Message: b.key.Redact(c.Error.Message), Type: c.Error.Type}
			if code, ok := c.Error.Code.(string); ok && code != "" {
				ae.Type = code
			}
			if ae.Message == "" {
				ae.Message = "error in the stream"
			}
			return nil, ae
		}
		if c.Model != "" {
			model = c.Model
		}
		if c.Usage != nil {
			u = c.Usage
		}
		for _, ch := range c.Choices {
			if ch.Index != 0 {
				continue
			}
			if ch.Delta.Content != "" {
				msg.Content += ch.Delta.Content
				emit(llm.Event{Type: llm.EventTextDelta, Text: ch.Delta.Content})
			}
			if ch.Delta.Refusal != "" {
				msg.Refusal += ch.Delta.Refusal
				emit(llm.Event{Type: llm.EventTextDelta, Text: ch.Delta.Refusal})
			}
			for _, d := range ch.Delta.ToolCalls {
				switch {
				case d.Index == len(msg.ToolCalls):
					msg.ToolCalls = append(msg.ToolCalls, toolCall{})
				case d.Index < 0 || d.Index > len(msg.ToolCalls):
					return nil, b.malformed(fmt.Errorf("tool call %d follows %d calls", d.Index, len(msg.ToolCalls)))
				}
				tc := &msg.ToolCalls[d.Index]
				if d.ID != "" {
					tc.ID = d.ID
				}
				if d.Type != "" {
					tc.Type = d.Type
				}
				if d.Function.Name != "" {
					tc.Function.Name = d.Function.Name
				}
				tc.Function.Arguments += d.Function.Arguments
			}
			if ch.FinishReason != "" && !finished {
				finished, finish = true, ch.FinishReason
				for i, tc := range msg.ToolCalls {
					call := toolBlock(i, tc.ID, tc.Function.Name, tc.Function.Arguments)
					emit(llm.Event{Type: llm.EventToolCall, Tool: &call})
				}
			}
		}
	}
	if !finished {
		if ctx.Err() != nil {
			return nil, b.fail(ctx, ctx.Err())
		}
		return nil, b.malformed(errors.New("the stream ended before a finish_reason"))
	}
	return response(model, &msg, finish, u), nil
}
