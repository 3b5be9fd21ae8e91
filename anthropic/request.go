package anthropic

import (
	"encoding/json"
	"fmt"

	sdk "github.com/anthropics/anthropic-sdk-go"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// params maps a request to the Messages API: the system prompt, the
// messages as text, tool_use and tool_result blocks (tool results first in
// their message, as the API requires; empty texts dropped, as it refuses
// them), the tools with their input_schema, max_tokens and temperature.
func (b *Backend) params(req llm.Request) (sdk.MessageNewParams, error) {
	p := sdk.MessageNewParams{
		Model:       sdk.Model(b.cfg.Model),
		MaxTokens:   int64(b.cfg.MaxTokens),
		Temperature: sdk.Float(b.cfg.Temperature),
	}
	if req.Model != "" {
		p.Model = sdk.Model(req.Model)
	}
	if req.MaxTokens > 0 {
		p.MaxTokens = int64(req.MaxTokens)
	}
	if req.Temperature != 0 {
		p.Temperature = sdk.Float(req.Temperature)
	}
	if req.System != "" {
		p.System = []sdk.TextBlockParam{{Text: req.System}}
	}
	for i, m := range req.Messages {
		msg, err := message(m)
		if err != nil {
			return p, fmt.Errorf("anthropic: message %d: %w", i, err)
		}
		p.Messages = append(p.Messages, msg)
	}
	for _, t := range req.Tools {
		p.Tools = append(p.Tools, tool(t))
	}
	return p, nil
}

func message(m llm.Message) (sdk.MessageParam, error) {
	var role sdk.MessageParamRole
	switch m.Role {
	case llm.RoleUser:
		role = sdk.MessageParamRoleUser
	case llm.RoleAssistant:
		role = sdk.MessageParamRoleAssistant
	default:
		return sdk.MessageParam{}, fmt.Errorf("role %q", m.Role)
	}
	var results, others []sdk.ContentBlockParamUnion
	for _, bl := range m.Content {
		switch bl.Type {
		case llm.BlockText:
			if bl.Text != "" {
				others = append(others, sdk.NewTextBlock(bl.Text))
			}
		case llm.BlockToolUse:
			input := bl.ToolInput
			if len(input) == 0 {
				input = json.RawMessage("{}")
			}
			if !json.Valid(input) {
				return sdk.MessageParam{}, fmt.Errorf("tool call %s: input is not JSON", bl.ToolCallID)
			}
			others = append(others, sdk.NewToolUseBlock(bl.ToolCallID, input, bl.ToolName))
		case llm.BlockToolResult:
			r := sdk.ToolResultBlockParam{ToolUseID: bl.ToolCallID}
			if bl.ToolResult != "" {
				r.Content = []sdk.ToolResultBlockParamContentUnion{{OfText: &sdk.TextBlockParam{Text: bl.ToolResult}}}
			}
			if bl.IsError {
				r.IsError = sdk.Bool(true)
			}
			results = append(results, sdk.ContentBlockParamUnion{OfToolResult: &r})
		default:
			return sdk.MessageParam{}, fmt.Errorf("block type %q", bl.Type)
		}
	}
	content := append(results, others...)
	if len(content) == 0 {
		return sdk.MessageParam{}, fmt.Errorf("no content")
	}
	return sdk.MessageParam{Role: role, Content: content}, nil
}

// tool maps a JSON Schema to an input_schema: properties and required in
// their fields, every other keyword ($defs, additionalProperties …) as is.
func tool(t llm.Tool) sdk.ToolUnionParam {
	schema := sdk.ToolInputSchemaParam{}
	for k, v := range t.Parameters {
		switch k {
		case "type":
		case "properties":
			schema.Properties = v
		case "required":
			schema.Required = stringList(v)
		default:
			if schema.ExtraFields == nil {
				schema.ExtraFields = map[string]any{}
			}
			schema.ExtraFields[k] = v
		}
	}
	p := sdk.ToolParam{Name: t.Name, InputSchema: schema}
	if t.Description != "" {
		p.Description = sdk.String(t.Description)
	}
	return sdk.ToolUnionParam{OfTool: &p}
}

// stringList reads a JSON Schema's "required", as []string or []any.
func stringList(v any) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, s := range v {
			if s, ok := s.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
