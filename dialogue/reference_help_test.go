package dialogue_test

import (
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestNoReferenceAtHand: a customer asked for a booking's reference who
// has not got it is told where it is and what to do without it, in their
// language, once; the reference is still what the agent waits for, and
// nothing is changed.
func TestNoReferenceAtHand(t *testing.T) {
	tests := []struct {
		name  string
		msgs  []string
		where string // what the last reply must say
	}{
		{"DontHaveIt", []string{"I need to cancel my appointment", "I don't have the reference"}, "confirmation email"},
		{"LostIt", []string{"I want to move my booking", "I lost my booking number"}, "confirmation email"},
		{"WhereToFind", []string{"please cancel my appointment", "where do I find the ref?"}, "show all my bookings"},
		{"JeNaiPas", []string{"je veux annuler mon rdv", "je n'ai pas la référence"}, "e-mail de confirmation"},
		{"CQuoi", []string{"je dois décaler mon rendez-vous", "c quoi la ref ?"}, "tous mes rendez-vous"},
		{"PerdueSansAccents", []string{"annuler mon rdv svp", "j'ai perdu ma reference"}, "e-mail de confirmation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &dialogue.State{}
			rs := talk(t, st, tt.msgs...)
			last := rs[len(rs)-1]
			if !strings.Contains(last.Text, tt.where) {
				t.Errorf("reply to %q does not say %q: %q", tt.msgs[len(tt.msgs)-1], tt.where, last.Text)
			}
			if strings.Count(last.Text, "RDV-7K3M9QXW2A") != 1 {
				t.Errorf("reply to %q asks for the reference again: %q", tt.msgs[len(tt.msgs)-1], last.Text)
			}
			if st.Awaiting != dialogue.AwaitReference || len(last.Actions) > 0 {
				t.Errorf("awaiting %q, actions %v, want the reference still awaited and nothing done", st.Awaiting, last.Actions)
			}
		})
	}
}
