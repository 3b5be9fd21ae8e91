package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestNamedDayIsNoChoice: at the slots offered, a day with its month, or
// counted from another, is a day, not the slot of its number; a day of the
// month alone, an ordinal or a number still chooses.
func TestNamedDayIsNoChoice(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		msg    string
		choice int
		day    *understand.Date
	}{
		{"the 3rd of January", 0, date(2027, 1, 3)},
		{"January 3rd", 0, date(2027, 1, 3)},
		{"le 3 janvier", 0, date(2027, 1, 3)},
		{"plutôt le 2 janvier", 0, date(2027, 1, 2)},
		{"the day before the 3rd of January", 0, date(2027, 1, 2)},
		{"the day after the 3rd", 0, date(2027, 1, 4)},
		{"le lendemain du 2 janvier", 0, date(2027, 1, 3)},
		{"do you have anything from the 2nd to the 4th of January?", 0, date(2027, 1, 2)},
		// Choices.
		{"the 3rd", 3, nil},
		{"le 2", 2, nil},
		{"the second one", 2, nil},
		{"le premier", 1, nil},
		{"3", 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: sunday, Awaiting: "slot_choice"}, tt.msg)
			if r.Choice != tt.choice || (r.Date == nil) != (tt.day == nil) || r.Date != nil && *r.Date != *tt.day {
				t.Errorf("Understand(%q) at the slots: choice %d, day %v; want choice %d, day %v", tt.msg, r.Choice, r.Date, tt.choice, tt.day)
			}
		})
	}
}

// TestOrdinalOneIsNoHour: "one" after an ordinal is the slot, not an hour
// ("the 2nd one in the morning" is no 1 am).
func TestOrdinalOneIsNoHour(t *testing.T) {
	u := newUnderstander()
	for _, msg := range []string{"the 2nd one in the morning is fine", "the first one in the afternoon please", "the third one at 9 is good"} {
		r := u.Understand(understand.Context{Now: sunday, Awaiting: "slot_choice"}, msg)
		if r.Choice == 0 || r.Time != nil && *r.Time < 6*60 {
			t.Errorf("Understand(%q): choice %d, time %v", msg, r.Choice, r.Time)
		}
	}
}
