package dialogue_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestQuestionAboutTheBookingAtTheSummary: "is my appointment confirmed?"
// in answer to the summary asks about the booking summed up: it is still
// waiting for its yes, not dropped for a search of the bookings made.
func TestQuestionAboutTheBookingAtTheSummary(t *testing.T) {
	for name, m := range brains(t) {
		for _, msg := range []string{"is my appointment confirmed?", "what time is my appointment?", "c'est à quelle heure mon rdv ?",
			"mon rdv est-il bien confirmé ?"} {
			t.Run(name+"/"+msg, func(t *testing.T) {
				st := &dialogue.State{}
				for _, m2 := range []string{"a dentist in Lyon tomorrow at 10", "Ada Lovelace", "ada@example.com", "06 12 34 56 78"} {
					turn(t, m, st, m2)
				}
				if st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil {
					t.Fatalf("no summary: awaiting %q", st.Awaiting)
				}
				reply := turn(t, m, st, msg)
				if st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil || acted(reply.Actions) {
					t.Errorf("awaiting %q, pending %v, actions %v: %q; want the summary still waiting", st.Awaiting, st.Pending, reply.Actions, reply.Text)
				}
			})
		}
	}
}
