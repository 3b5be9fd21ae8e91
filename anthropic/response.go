package anthropic

import (
	"bytes"
	"encoding/json"
	"fmt"

	sdk "github.com/anthropics/anthropic-sdk-go"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// response maps a message to our Response: its text and tool_use blocks in
// order (other block types, such as thinking, are dropped), the stop
// reason, the usage (input tokens including those read from or written to
// the prompt cache) and the model.
func response(m *sdk.Message) (*llm.Response, error) {
	out := &llm.Response{
		StopReason: stopReason(m.StopReason),
		Model:      string(m.Model),
		Usage: llm.Usage{
			InputTokens:  int(m.Usage.InputTokens + m.Usage.CacheCreationInputTokens + m.Usage.CacheReadInputTokens),
			OutputTokens: int(m.Usage.OutputTokens),
		},
	}
	for _, c := range m.Content {
		switch c.Type {
		case "text":
			if c.Text != "" {
				out.Content = append(out.Content, llm.Block{Type: llm.BlockText, Text: c.Text})
			}
		case "tool_use":
			b, err := toolCall(c)
			if err != nil {
				return nil, err
			}
			out.Content = append(out.Content, b)
		}
	}
	return out, nil
}

// toolCall maps a tool_use block, its input compacted so that a streamed
// and a whole answer give the same bytes.
func toolCall(c sdk.ContentBlockUnion) (llm.Block, error) {
	input := []byte(c.Input)
	if len(input) == 0 {
		input = []byte("{}")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, input); err != nil {
		return llm.Block{}, fmt.Errorf("tool call %s: input is not JSON: %w", c.ID, err)
	}
	return llm.Block{Type: llm.BlockToolUse, ToolCallID: c.ID, ToolName: c.Name, ToolInput: buf.Bytes()}, nil
}

func stopReason(r sdk.StopReason) string {
	switch r {
	case sdk.StopReasonEndTurn:
		return llm.StopEndTurn
	case sdk.StopReasonToolUse:
		return llm.StopToolUse
	case sdk.StopReasonMaxTokens:
		return llm.StopMaxTokens
	}
	return llm.StopOther
}
