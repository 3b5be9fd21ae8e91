package fake

import (
	"fmt"
	"regexp"
)

// toolName is the rule both APIs apply to tool names.
var toolName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// checkConversation applies the rules both APIs enforce on a conversation
// with tools: a tool call is answered in the very next message, by a
// result that names it, and ids are unique.
func checkConversation(msgs []Message, tools []Tool) error {
	if len(msgs) == 0 {
		return fmt.Errorf("no messages")
	}
	seen := map[string]bool{}
	for _, t := range tools {
		if !toolName.MatchString(t.Name) {
			return fmt.Errorf("tool name %q is invalid", t.Name)
		}
		if seen[t.Name] {
			return fmt.Errorf("tool %q offered twice", t.Name)
		}
		seen[t.Name] = true
	}
	callIDs := map[string]bool{}
	for i, m := range msgs {
		if m.Role != "user" && m.Role != "assistant" {
			return fmt.Errorf("message %d: role %q", i, m.Role)
		}
		if len(m.Content) == 0 {
			return fmt.Errorf("message %d: no content", i)
		}
		prev := map[string]bool{}
		if i > 0 && msgs[i-1].Role == "assistant" {
			for _, b := range msgs[i-1].Content {
				if b.Type == "tool_use" {
					prev[b.ToolCallID] = true
				}
			}
		}
		answered := map[string]bool{}
		for _, b := range m.Content {
			switch b.Type {
			case "tool_use":
				if m.Role != "assistant" {
					return fmt.Errorf("message %d: tool_use in a %s message", i, m.Role)
				}
				if b.ToolCallID == "" || b.ToolName == "" {
					return fmt.Errorf("message %d: tool_use without id or name", i)
				}
				if callIDs[b.ToolCallID] {
					return fmt.Errorf("message %d: tool_use id %q used twice", i, b.ToolCallID)
				}
				callIDs[b.ToolCallID] = true
			case "tool_result":
				if m.Role != "user" {
					return fmt.Errorf("message %d: tool_result in a %s message", i, m.Role)
				}
				if !prev[b.ToolCallID] {
					return fmt.Errorf("message %d: tool_result for %q answers no tool_use of the previous message", i, b.ToolCallID)
				}
				if answered[b.ToolCallID] {
					return fmt.Errorf("message %d: tool_use %q answered twice", i, b.ToolCallID)
				}
				answered[b.ToolCallID] = true
			}
		}
		if i > 0 && msgs[i-1].Role == "assistant" {
			for id := range prev {
				if !answered[id] {
					return fmt.Errorf("message %d: tool_use %q of the previous message has no tool_result", i, id)
				}
			}
		}
	}
	return nil
}
