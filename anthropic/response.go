package anthropic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// messageOut is the answer's message: only the fields this backend reads.
type messageOut struct {
	Model      string         `json:"model"`
	Content    []contentBlock `json:"content"`
	StopReason string         `json:"stop_reason"`
	Usage      usage          `json:"usage"`
}

type contentBlock struct {
	Type  string          `json:"type"`
	Text  string          `json:"text"`
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
}

type usage struct {
	InputTokens              int `json:"input_tokens"`
	OutputTokens             int `json:"output_tokens"`
	CacheCreationInputTokens int `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int `json:"cache_read_input_tokens"`
}

// whole reads a message.
func (b *Backend) whole(ctx context.Context, body io.Reader) (*llm.Response, error) {
	var m messageOut
	if malformed, err := llm.DecodeAnswer(body, maxAnswerBytes, &m); malformed {
		return nil, b.malformed(err)
	} else if err != nil {
		return nil, b.fail(ctx, err)
	}
	out, err := response(&m)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}

// response maps a message to our Response: its text and tool_use blocks in
// order (other block types, such as thinking, are dropped), the stop
// reason, the usage (input tokens including those read from or written to
// the prompt cache) and the model.
func response(m *messageOut) (*llm.Response, error) {
	out := &llm.Response{
		StopReason: stopReason(m.StopReason),
		Model:      m.Model,
		Usage: llm.Usage{
			InputTokens:  m.Usage.InputTokens + m.Usage.CacheCreationInputTokens + m.Usage.CacheReadInputTokens,
			OutputTokens: m.Usage.OutputTokens,
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
func toolCall(c contentBlock) (llm.Block, error) {
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

func stopReason(r string) string {
	switch r {
	case "end_turn":
		return llm.StopEndTurn
	case "tool_use":
		return llm.StopToolUse
	case "max_tokens":
		return llm.StopMaxTokens
	}
	return llm.StopOther
}
