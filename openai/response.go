package openai

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	sdk "github.com/openai/openai-go/v3"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// response maps the first choice of a completion to our Response: its
// text (or refusal), then its tool calls, the stop reason, the usage and
// the model.
func response(cc *sdk.ChatCompletion) (*llm.Response, error) {
	if len(cc.Choices) == 0 {
		return nil, errors.New("no choice in the answer")
	}
	c := cc.Choices[0]
	out := &llm.Response{
		Model: cc.Model,
		Usage: llm.Usage{InputTokens: int(cc.Usage.PromptTokens), OutputTokens: int(cc.Usage.CompletionTokens)},
	}
	text := c.Message.Content
	if text == "" {
		text = c.Message.Refusal
	}
	if text != "" {
		out.Content = append(out.Content, llm.Block{Type: llm.BlockText, Text: text})
	}
	calls := 0
	for i, tc := range c.Message.ToolCalls {
		if tc.Type != "" && tc.Type != "function" {
			continue
		}
		out.Content = append(out.Content, toolCall(i, tc.ID, tc.Function.Name, tc.Function.Arguments))
		calls++
	}
	out.StopReason = stopReason(c.FinishReason, calls > 0)
	return out, nil
}

// toolCall maps a function call. Arguments that are JSON are compacted,
// so that a streamed and a whole answer give the same bytes; others are
// kept as the model wrote them, for the caller to refuse.
func toolCall(index int, id, name, arguments string) llm.Block {
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
