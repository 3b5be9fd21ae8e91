package openai

import (
	"fmt"
	"strings"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// params maps a request to Chat Completions: a system message, then each
// of our messages — a user message becomes a tool message per tool result
// (first, as they must follow the assistant's tool calls), then a user
// message with its text; an assistant message carries its text and its
// tool_calls — the tools as function tools, the token limit and the
// temperature.
func (b *Backend) params(req llm.Request) (sdk.ChatCompletionNewParams, error) {
	p := sdk.ChatCompletionNewParams{
		Model:       shared.ChatModel(b.cfg.Model),
		Temperature: sdk.Float(b.cfg.Temperature),
	}
	if req.Model != "" {
		p.Model = shared.ChatModel(req.Model)
	}
	if req.Temperature != 0 {
		p.Temperature = sdk.Float(req.Temperature)
	}
	maxTokens := int64(b.cfg.MaxTokens)
	if req.MaxTokens > 0 {
		maxTokens = int64(req.MaxTokens)
	}
	if b.official {
		p.MaxCompletionTokens = sdk.Int(maxTokens)
	} else {
		p.MaxTokens = sdk.Int(maxTokens)
	}
	if req.System != "" {
		p.Messages = append(p.Messages, sdk.SystemMessage(req.System))
	}
	for i, m := range req.Messages {
		msgs, err := messages(m)
		if err != nil {
			return p, fmt.Errorf("openai: message %d: %w", i, err)
		}
		p.Messages = append(p.Messages, msgs...)
	}
	for _, t := range req.Tools {
		fn := shared.FunctionDefinitionParam{Name: t.Name, Parameters: shared.FunctionParameters(t.Parameters)}
		if t.Description != "" {
			fn.Description = sdk.String(t.Description)
		}
		p.Tools = append(p.Tools, sdk.ChatCompletionFunctionTool(fn))
	}
	return p, nil
}

func messages(m llm.Message) ([]sdk.ChatCompletionMessageParamUnion, error) {
	var texts []string
	var results []sdk.ChatCompletionMessageParamUnion
	var calls []sdk.ChatCompletionMessageToolCallUnionParam
	for _, bl := range m.Content {
		switch bl.Type {
		case llm.BlockText:
			if bl.Text != "" {
				texts = append(texts, bl.Text)
			}
		case llm.BlockToolUse:
			if m.Role != llm.RoleAssistant {
				return nil, fmt.Errorf("a tool call in a %s message", m.Role)
			}
			input := string(bl.ToolInput)
			if input == "" {
				input = "{}"
			}
			calls = append(calls, sdk.ChatCompletionMessageToolCallUnionParam{
				OfFunction: &sdk.ChatCompletionMessageFunctionToolCallParam{
					ID:       bl.ToolCallID,
					Function: sdk.ChatCompletionMessageFunctionToolCallFunctionParam{Name: bl.ToolName, Arguments: input},
				},
			})
		case llm.BlockToolResult:
			if m.Role != llm.RoleUser {
				return nil, fmt.Errorf("a tool result in a %s message", m.Role)
			}
			results = append(results, sdk.ToolMessage(bl.ToolResult, bl.ToolCallID))
		default:
			return nil, fmt.Errorf("block type %q", bl.Type)
		}
	}
	text := strings.Join(texts, "\n\n")
	switch m.Role {
	case llm.RoleUser:
		out := results
		if text != "" {
			out = append(out, sdk.UserMessage(text))
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no content")
		}
		return out, nil
	case llm.RoleAssistant:
		if text == "" && len(calls) == 0 {
			return nil, fmt.Errorf("no content")
		}
		msg := sdk.ChatCompletionAssistantMessageParam{ToolCalls: calls}
		if text != "" {
			msg.Content.OfString = sdk.String(text)
		}
		return []sdk.ChatCompletionMessageParamUnion{{OfAssistant: &msg}}, nil
	}
	return nil, fmt.Errorf("role %q", m.Role)
}
