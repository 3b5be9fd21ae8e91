package anthropic

import (
	"context"
	"errors"
	"net/http"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// stream calls the streaming API, accumulates the events into a message
// with the SDK's Message.Accumulate, and emits text deltas as they come and
// each tool call at its content_block_stop. A stream that ends without
// message_stop was cut: an *llm.APIError with Status 0.
func (b *Backend) stream(ctx context.Context, params sdk.MessageNewParams, emit func(llm.Event), opts []option.RequestOption, res **http.Response) (*llm.Response, error) {
	s := b.client.Messages.NewStreaming(ctx, params, opts...)
	defer s.Close()
	var msg sdk.Message
	stopped := false
	for s.Next() {
		ev := s.Current()
		if err := msg.Accumulate(ev); err != nil {
			return nil, b.malformed(err)
		}
		switch ev.Type {
		case "content_block_delta":
			if ev.Delta.Type == "text_delta" && ev.Delta.Text != "" {
				emit(llm.Event{Type: llm.EventTextDelta, Text: ev.Delta.Text})
			}
		case "content_block_stop":
			// Accumulate has checked the index.
			if c := msg.Content[ev.Index]; c.Type == "tool_use" {
				call, err := toolCall(c)
				if err != nil {
					return nil, b.malformed(err)
				}
				emit(llm.Event{Type: llm.EventToolCall, Tool: &call})
			}
		case "message_stop":
			stopped = true
		}
	}
	if err := s.Err(); err != nil {
		return nil, b.fail(ctx, err, *res)
	}
	if !stopped {
		if ctx.Err() != nil {
			return nil, b.fail(ctx, ctx.Err(), nil)
		}
		return nil, b.malformed(errors.New("the stream ended before message_stop"))
	}
	out, err := response(&msg)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}
