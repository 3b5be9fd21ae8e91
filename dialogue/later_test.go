package dialogue_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestLaterSlotsSaidAsSuch: slots after those shown are offered as the
// next ones, not as the first, and start after the first shown.
func TestLaterSlotsSaidAsSuch(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, tt := range []struct{ first, later, says string }{
		{"a dentist in Lyon on Wednesday morning", "anything later?", "next free slots"},
		{"a dentist in Lyon on Wednesday morning", "that's a bit early for me", "next free slots"},
		{"un dentiste à Lyon mercredi matin", "c'est un peu tôt", "créneaux libres suivants"},
		{"un dentiste à Lyon mercredi matin", "vous avez plus tard ?", "créneaux libres suivants"},
	} {
		t.Run(tt.later, func(t *testing.T) {
			st, _ := say(t, m, tt.first)
			if len(st.Proposals) == 0 {
				t.Fatal("no slots offered")
			}
			first := st.Proposals[0].Start
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: tt.later})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(reply.Text, tt.says) || len(st.Proposals) == 0 || !st.Proposals[0].Start.After(first) {
				t.Errorf("after %q: %q", tt.later, reply.Text)
			}
		})
	}
}
