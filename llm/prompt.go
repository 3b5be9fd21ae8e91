package llm

import (
	_ "embed"
	"strings"
	"time"
)

// PromptVersion names the system prompt in use; it is logged with every
// model call so that a change of behaviour can be traced to a prompt.
const PromptVersion = "system-v1"

//go:embed prompts/system-v1.md
var systemPrompt string

// system renders the system prompt for one message: the first line tells
// the model (and the fake models of the tests) what the agent awaits, the
// conversation's language, the current time and the time zone dates are
// read in.
func system(awaiting, language string, now time.Time, loc *time.Location) string {
	if awaiting == "" {
		awaiting = "nothing"
	}
	if language == "" {
		language = "unknown"
	}
	if loc == nil {
		loc = time.UTC
	}
	return strings.NewReplacer(
		"{{awaiting}}", awaiting,
		"{{language}}", language,
		"{{now}}", now.In(loc).Format(time.RFC3339),
		"{{timezone}}", loc.String(),
	).Replace(systemPrompt)
}
