package openai

import (
	"context"
	"errors"
	"net/http"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// stream calls the streaming API (asking for the usage chunk), accumulates
// the chunks with the SDK's ChatCompletionAccumulator, and emits text
// deltas as they come and the tool calls when the finish_reason arrives:
// only then are they complete, as a server may interleave the argument
// pieces of parallel calls. A stream that ends without a finish_reason was
// cut: an *llm.APIError with Status 0. The usage is the last one sent (some
// servers send a running total in every chunk).
func (b *Backend) stream(ctx context.Context, params sdk.ChatCompletionNewParams, emit func(llm.Event), opts []option.RequestOption, res **http.Response) (*llm.Response, error) {
	params.StreamOptions = sdk.ChatCompletionStreamOptionsParam{IncludeUsage: sdk.Bool(true)}
	s := b.client.Chat.Completions.NewStreaming(ctx, params, opts...)
	defer s.Close()
	var acc sdk.ChatCompletionAccumulator
	var usage sdk.CompletionUsage
	finished := false
	for s.Next() {
		chunk := s.Current()
		if !acc.AddChunk(chunk) {
			return nil, b.malformed(errors.New("a chunk does not follow the ones before"))
		}
		if chunk.JSON.Usage.Valid() {
			usage = chunk.Usage
		}
		for _, c := range chunk.Choices {
			if c.Index != 0 {
				continue
			}
			if c.Delta.Content != "" {
				emit(llm.Event{Type: llm.EventTextDelta, Text: c.Delta.Content})
			}
			if c.Delta.Refusal != "" {
				emit(llm.Event{Type: llm.EventTextDelta, Text: c.Delta.Refusal})
			}
			if c.FinishReason != "" && !finished {
				finished = true
				for i, tc := range acc.Choices[0].Message.ToolCalls {
					call := toolCall(i, tc.ID, tc.Function.Name, tc.Function.Arguments)
					emit(llm.Event{Type: llm.EventToolCall, Tool: &call})
				}
			}
		}
	}
	if err := s.Err(); err != nil {
		return nil, b.fail(ctx, err, *res)
	}
	if !finished {
		if ctx.Err() != nil {
			return nil, b.fail(ctx, ctx.Err(), nil)
		}
		return nil, b.malformed(errors.New("the stream ended before a finish_reason"))
	}
	cc := acc.ChatCompletion
	cc.Usage = usage
	out, err := response(&cc)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}
