package llm

import (
	_ "embed"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// PromptVersion names the system prompt in use; it is logged with every
// model call so that a change of behaviour can be traced to a prompt.
const PromptVersion = "system-v2"

//go:embed prompts/system-v2.md
var systemPrompt string

// system renders the system prompt for one message: the first line tells
// the model (and the fake models of the tests) what the agent awaits, the
// conversation's language, the current time and the time zone dates are
// read in.
func system(awaiting, language string, now time.Time, loc *time.Location, discussedDay *understand.Date, discussedAt *rendezvous.ClockTime) string {
	if awaiting == "" {
		awaiting = "nothing"
	}
	if language == "" {
		language = "unknown"
	}
	if loc == nil {
		loc = time.UTC
	}
	discussed := ""
	if discussedDay != nil {
		discussed = "; Discussed: " + discussedDay.String()
		if discussedAt != nil {
			discussed += " " + discussedAt.String()
		}
	}
	return strings.NewReplacer(
		"{{awaiting}}", awaiting,
		"{{language}}", language,
		"{{now}}", now.In(loc).Format(time.RFC3339),
		"{{timezone}}", loc.String(),
		"{{discussed}}", discussed,
	).Replace(systemPrompt)
}
