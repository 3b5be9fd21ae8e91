package dialogue_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestSameRequestSameAnswer: asking for one's bookings again gets them
// again — the agent rewords questions that went nowhere, never answers.
func TestSameRequestSameAnswer(t *testing.T) {
	m := brains(t)["Embedded"]
	st := atSummary(t, m, "cancel")
	st = &dialogue.State{Granted: st.Granted}
	for _, msg := range []string{"show my bookings", "show my bookings", "mes rendez-vous"} {
		r, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Text, st.Granted[0].BookingID) {
			t.Fatalf("%q → %q: the booking is not listed", msg, r.Text)
		}
	}
}
