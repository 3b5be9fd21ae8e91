package dialogue_test

import (
	"context"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// A move never turns into a cancellation: not coming at the booked time
// but wanting another one is a move, and "no, move it" at a cancellation's
// summary switches to moving.
func TestMoveIsNeverACancellation(t *testing.T) {
	for name, m := range brains(t) {
		t.Run(name, func(t *testing.T) {
			first := []string{
				"I can't come tomorrow, can we change it?",
				"I can't make it on Wednesday, could we move it?",
				"I won't be able to make it, can we do another time?",
				"something came up, can I come another day?",
				"I cannot make it, can we pick a different day",
				"je ne peux pas venir mercredi, on peut décaler ?",
				"je peux pas venir demain, on peut le changer",
				"j'ai un empêchement, est-ce qu'on peut le déplacer",
				"je ne pourrai pas venir, une autre date serait possible ?",
				"je ne pourrai pas venir, vous pouvez le reporter ?",
			}
			for _, msg := range first {
				t.Run(msg, func(t *testing.T) {
					st := atSummary(t, m, "cancel")
					// A fresh conversation about the same booking.
					st = &dialogue.State{Granted: st.Granted}
					reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
					if err != nil {
						t.Fatal(err)
					}
					if st.Task != dialogue.TaskReschedule || (st.Pending != nil && st.Pending.Kind == "cancel") || acted(reply.Actions) {
						t.Fatalf("%q: task %q, pending %+v: %q", msg, st.Task, st.Pending, reply.Text)
					}
				})
			}
			atCancel := []string{
				"no, I want to move it",
				"no, move it instead",
				"actually can we reschedule instead",
				"no, change the date",
				"no, another day please",
				"non, je veux le déplacer",
				"non, plutôt le décaler",
				"non, on peut le reporter ?",
				"non, changer la date",
			}
			for _, msg := range atCancel {
				t.Run("AtCancelSummary/"+msg, func(t *testing.T) {
					st := atSummary(t, m, "cancel")
					reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
					if err != nil {
						t.Fatal(err)
					}
					if acted(reply.Actions) {
						t.Fatalf("%q acted: %q", msg, reply.Text)
					}
					if name != "Embedded" {
						return // a brain that reads every answer as a yes cannot switch; it must only not act
					}
					if st.Task != dialogue.TaskReschedule {
						t.Fatalf("%q: task %q: %q", msg, st.Task, reply.Text)
					}
					// And the booking is still there to be moved.
					reply, err = m.Turn(context.Background(), st, dialogue.Message{Text: "Friday"})
					if err != nil {
						t.Fatal(err)
					}
					if acted(reply.Actions) || st.Task != dialogue.TaskReschedule {
						t.Fatalf("after the day: task %q: %q", st.Task, reply.Text)
					}
				})
			}
		})
	}
}
