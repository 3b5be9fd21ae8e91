package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// streamEvent is one server-sent event of a stream: only the fields this
// backend reads, of every event type.
type streamEvent struct {
	Type string `json:"type"`
	// message_start
	Message *messageOut `json:"message"`
	// content_block_start, content_block_delta, content_block_stop
	Index        int           `json:"index"`
	ContentBlock *contentBlock `json:"content_block"`
	// content_block_delta (text_delta, input_json_delta) and message_delta
	// (stop_reason)
	Delta struct {
		Type        string `json:"type"`
		Text        string `json:"text"`
		PartialJSON string `json:"partial_json"`
		StopReason  string `json:"stop_reason"`
	} `json:"delta"`
	// message_delta
	Usage *usage `json:"usage"`
	// error
	Error *apiError `json:"error"`
}

// stream reads the events, accumulates the message, and emits text deltas
// as they come and each tool call at its content_block_stop. A stream that
// ends without message_stop was cut: an *llm.APIError with Status 0, as is
// an error event.
func (b *Backend) stream(ctx context.Context, body io.Reader, emit func(llm.Event)) (*llm.Response, error) {
	var (
		msg     messageOut
		inputs  [][]byte // the input_json_delta pieces of each block
		stopped bool
	)
	events := llm.NewEventReader(body, maxAnswerBytes)
	for !stopped {
		data, err := events.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, b.fail(ctx, err)
		}
		var ev streamEvent
		if err := json.Unmarshal(data, &ev); err != nil {
			return nil, b.malformed(err)
		}
		switch ev.Type {
		case "message_start":
			if ev.Message != nil {
				msg.Model, msg.Usage = ev.Message.Model, ev.Message.Usage
			}
		case "content_block_start":
			if ev.ContentBlock == nil || ev.Index != len(msg.Content) {
				return nil, b.malformed(fmt.Errorf("block %d starts after %d blocks", ev.Index, len(msg.Content)))
			}
			msg.Content = append(msg.Content, *ev.ContentBlock)
			inputs = append(inputs, nil)
		case "content_block_delta":
			if ev.Index < 0 || ev.Index >= len(msg.Content) {
				return nil, b.malformed(fmt.Errorf("a delta of block %d, of %d", ev.Index, len(msg.Content)))
			}
			switch ev.Delta.Type {
			case "text_delta":
				msg.Content[ev.Index].Text += ev.Delta.Text
				if ev.Delta.Text != "" {
					emit(llm.Event{Type: llm.EventTextDelta, Text: ev.Delta.Text})
				}
			case "input_json_delta":
				inputs[ev.Index] = append(inputs[ev.Index], ev.Delta.PartialJSON...)
			}
		case "content_block_stop":
			if ev.Index < 0 || ev.Index >= len(msg.Content) {
				return nil, b.malformed(fmt.Errorf("the end of block %d, of %d", ev.Index, len(msg.Content)))
			}
			c := &msg.Content[ev.Index]
			if c.Type != "tool_use" {
				continue
			}
			if len(inputs[ev.Index]) > 0 {
				// The input comes in pieces; the start's is a placeholder.
				c.Input = inputs[ev.Index]
			}
			call, err := toolCall(*c)
			if err != nil {
				return nil, b.malformed(err)
			}
			emit(llm.Event{Type: llm.EventToolCall, Tool: &call})
		case "message_delta":
			if ev.Delta.StopReason != "" {
				msg.StopReason = ev.Delta.StopReason
			}
			if ev.Usage != nil {
				msg.Usage.OutputTokens = ev.Usage.OutputTokens
				if ev.Usage.InputTokens > 0 {
					// Sent again, cumulative, by newer API versions.
					msg.Usage.InputTokens = ev.Usage.InputTokens
				}
			}
		case "message_stop":
			stopped = true
		case "error":
			ae := &llm.APIError{Message: "error in the stream"}
			if ev.Error != nil {
				ae.Type = ev.Error.Type
				if ev.Error.Message != "" {
					ae.Message = b.key.Redact(ev.Error.Message)
				}
			}
			return nil, ae
		}
	}
	if !stopped {
		if ctx.Err() != nil {
			return nil, b.fail(ctx, ctx.Err())
		}
		return nil, b.malformed(errors.New("the stream ended before message_stop"))
	}
	out, err := response(&msg)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}
