package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// completion is the answer of a call that does not stream: only the
// fields this backend reads.
type completion struct {
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   *usage   `json:"usage"`
}

type choice struct {
	Message      answer `json:"message"`
	FinishReason string `json:"finish_reason"`
}

// answer is an assistant message, whole or accumulated from a stream.
type answer struct {
	Content   string     `json:"content"`
	Refusal   string     `json:"refusal"`
	ToolCalls []toolCall `json:"tool_calls"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// whole reads a completion.
func (b *Backend) whole(ctx context.Context, body io.Reader) (*llm.Response, error) {
	var cc completion
	if malformed, err := llm.DecodeAnswer(body, maxAnswerBytes, &cc); malformed {
		return nil, b.malformed(err)
	} else if err != nil {
		return nil, b.fail(ctx, err)
	}
	if len(cc.Choices) == 0 {
		return nil, b.malformed(errors.New("no choice in the answer"))
	}
	c := cc.Choices[0]
	return response(cc.Model, &c.Message, c.FinishReason, cc.Usage), nil
}

// response maps the first choice of a completion to our Response: its
// text (or refusal), then its tool calls, the stop reason, the usage and
// the model.
func response(model string, msg *answer, finish string, u *usage) *llm.Response {
	out := &llm.Response{Model: model}
	if u != nil {
		out.Usage = llm.Usage{InputTokens: u.PromptTokens, OutputTokens: u.CompletionTokens}
	}
	text := msg.Content
	if text == "" {
		text = msg.Refusal
	}
	if text != "" {
		out.Content = append(out.Content, llm.Block{Type: llm.BlockText, Text: text})
	}
	calls := 0
	for i, tc := range msg.ToolCalls {
		if tc.Type != "" && tc.Type != "function" {
			continue
		}
		out.Content = append(out.Content, toolBlock(i, tc.ID, tc.Function.Name, tc.Function.Arguments))
		calls++
	}
	out.StopReason = stopReason(finish, calls > 0)
	return out
}

// toolBlock maps a function call. Arguments that are JSON are compacted,
// so that a streamed and a whole answer give the same bytes; others are
// kept as the model wrote them, for the caller to refuse.
func toolBlock(index int, id, name, arguments string) llm.Block {
	if id == "" {
		id = "call_" + strconv.Itoa(index)
	}
	input := []byte(arguments)
	if len(input) == 0 {
		input = []byte("{}")
	}
	var buf bytes.Buffer
	if json.Compact(&buf, input) == nil {
		input = buf.Bytes()
	}
	return llm.Block{Type: llm.BlockToolUse, ToolCallID: id, ToolName: name, ToolInput: input}
}

func stopReason(finish string, toolCalls bool) string {
	switch finish {
	case "tool_calls", "function_call":
		return llm.StopToolUse
	case "length":
		return llm.StopMaxTokens
	case "stop", "":
		if toolCalls {
			// Some local servers finish a tool call with "stop".
			return llm.StopToolUse
		}
		return llm.StopEndTurn
	}
	return llm.StopOther
}
