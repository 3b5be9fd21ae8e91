package dialogue_test

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// talk sends the messages in turn on the embedded brain's manager of the
// conversation world and returns the replies.
func talk(t *testing.T, st *dialogue.State, msgs ...string) []*dialogue.Reply {
	t.Helper()
	m := brains(t)["Embedded"]
	var out []*dialogue.Reply
	for _, msg := range msgs {
		r, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
		if err != nil {
			t.Fatalf("Turn(%q): %v", msg, err)
		}
		out = append(out, r)
	}
	return out
}

// searched reports whether a reply looked for slots or providers.
func searched(r *dialogue.Reply) bool {
	for _, a := range r.Actions {
		if a == "checked_availability" || a == "searched_providers" {
			return true
		}
	}
	return false
}
