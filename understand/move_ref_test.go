package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestMoveWithReference: a verb of moving said of a booking reference is
// a move, whatever the verb; a cancellation stays one.
func TestMoveWithReference(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name string
		msg  string
		want understand.Intent
	}{
		{"MoveRefTo", "can you move RDV-7K3M9QXW2A to Thursday morning?", understand.IntentReschedule},
		{"PushRef", "could you push RDV-7K3M9QXW2A to the day after?", understand.IntentReschedule},
		{"ShiftRef", "shift RDV-7K3M9QXW2A to friday pls", understand.IntentReschedule},
		{"PutRefOn", "please put RDV-7K3M9QXW2A on thursday afternoon", understand.IntentReschedule},
		{"MettreRef", "je ne peux pas mercredi, on peut mettre RDV-7K3M9QXW2A jeudi à la place ?", understand.IntentReschedule},
		{"PasserRef", "vous pouvez passer RDV-7K3M9QXW2A à vendredi ?", understand.IntentReschedule},
		{"BougezRef", "bougez RDV-7K3M9QXW2A au lendemain", understand.IntentReschedule},
		{"CancelRefStaysACancel", "cancel RDV-7K3M9QXW2A please", understand.IntentCancel},
		{"MoveWithoutRefIsNoMove", "move to Lyon", understand.IntentInform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := u.Understand(understand.Context{Now: friday}, tt.msg).Intent; got != tt.want {
				t.Errorf("Understand(%q).Intent = %q, want %q", tt.msg, got, tt.want)
			}
		})
	}
}

// TestYesToTheSummaryHoweverWritten: at a summary, a clear yes to the
// task's action is a yes, with its verb or emoji; another action's verb is
// not. (Whether a yes acts is ClearYes's to say: see TestClearYes.)
func TestYesToTheSummaryHoweverWritten(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name, task, msg string
		want            bool
	}{
		{"OuiAnnulezLe", "cancel", "oui, annulez-le", true},
		{"YesCancelIt", "cancel", "yes cancel it please", true},
		{"OuiJeConfirmeLAnnulation", "cancel", "oui je confirme l'annulation 👌", true},
		{"YesssThumbs", "book", "yesss 👍", true},
		{"OuiDeplacezLe", "reschedule", "oui, déplacez-le", true},
		{"CancelVerbAtABookingSummary", "book", "yes cancel it", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: "confirmation", Task: tt.task}, tt.msg)
			if got := r.Intent == understand.IntentAffirm; got != tt.want {
				t.Errorf("Understand(%q) at the %s summary: intent %q, want affirm %v", tt.msg, tt.task, r.Intent, tt.want)
			}
		})
	}
}

// TestDayAfterWithoutAReference: "the day after" with no day under
// discussion is tomorrow, and says it counts one day from it.
func TestDayAfterWithoutAReference(t *testing.T) {
	u := newUnderstander()
	for _, msg := range []string{"the day after", "le lendemain", "could you push RDV-7K3M9QXW2A to the day after?"} {
		r := u.Understand(understand.Context{Now: friday}, msg)
		if r.Date == nil || *r.Date != *date(2019, 3, 2) || r.RefDays == nil || *r.RefDays != 1 {
			t.Errorf("Understand(%q): date %v, ref days %v; want tomorrow, 1", msg, r.Date, r.RefDays)
		}
	}
	ref := date(2019, 3, 7)
	if r := u.Understand(understand.Context{Now: friday, RefDate: ref}, "the day after"); r.RefDays != nil || *r.Date != *date(2019, 3, 8) {
		t.Errorf("with a reference: date %v, ref days %v; want 8 March, none", r.Date, r.RefDays)
	}
	if r := u.Understand(understand.Context{Now: friday}, "tomorrow"); r.RefDays != nil {
		t.Errorf("tomorrow: ref days %v, want none", *r.RefDays)
	}
}

// TestDaysAhead: a day counted from today says how many days ahead it is;
// a weekday, a date or a span does not.
func TestDaysAhead(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		msg  string
		want int // -1: none
	}{
		{"je voudrais un dentiste demain", 1}, {"today", 0}, {"dans 3 jours", 3},
		{"jeudi", -1}, {"le 24", -1}, {"next week", -1}, {"the 3rd", -1},
	}
	for _, tt := range tests {
		r := u.Understand(understand.Context{Now: friday}, tt.msg)
		switch {
		case tt.want < 0 && r.DaysAhead != nil:
			t.Errorf("Understand(%q).DaysAhead = %d, want none", tt.msg, *r.DaysAhead)
		case tt.want >= 0 && (r.DaysAhead == nil || *r.DaysAhead != tt.want):
			t.Errorf("Understand(%q).DaysAhead = %v, want %d", tt.msg, r.DaysAhead, tt.want)
		}
	}
}
