package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestMonthParts: parts of a month are spans of days, from today on.
func TestMonthParts(t *testing.T) {
	wantAllDays(t, []daysSaid{
		{"a dentist in Lyon in early January", date(2027, 1, 1), date(2027, 1, 10)},
		{"un dentiste à Lyon début janvier", date(2027, 1, 1), date(2027, 1, 10)},
		{"the first week of January", date(2027, 1, 1), date(2027, 1, 7)},
		{"la première semaine de janvier", date(2027, 1, 1), date(2027, 1, 7)},
		{"mid-January", date(2027, 1, 11), date(2027, 1, 20)},
		{"à la mi-janvier", date(2027, 1, 11), date(2027, 1, 20)},
		{"late January please", date(2027, 1, 21), date(2027, 1, 31)},
		{"fin janvier", date(2027, 1, 21), date(2027, 1, 31)},
		{"the last week of February", date(2027, 2, 22), date(2027, 2, 28)},
		{"a dentist at the end of the month", date(2026, 12, 21), date(2026, 12, 31)},
		{"à la fin du mois", date(2026, 12, 21), date(2026, 12, 31)},
		{"in the middle of the month", date(2026, 12, 11), date(2026, 12, 20)},
		{"next month", date(2027, 1, 1), date(2027, 1, 31)},
		{"le mois prochain", date(2027, 1, 1), date(2027, 1, 31)},
		{"début du mois prochain", date(2027, 1, 1), date(2027, 1, 10)},
		{"at the end of next month", date(2027, 1, 21), date(2027, 1, 31)},
		{"this month", date(2026, 12, 6), date(2026, 12, 31)},
		{"ce mois-ci", date(2026, 12, 6), date(2026, 12, 31)},
		// Begun: from today. Passed: next year's, or none for this month's.
		{"early December", date(2026, 12, 6), date(2026, 12, 10)},
		{"early November", date(2027, 11, 1), date(2027, 11, 10)},
		{"at the beginning of the month", date(2026, 12, 6), date(2026, 12, 10)},
	})
}

// TestAnyDayBut: "any day but Monday" rules Monday out; "but" alone does
// not ("yes but Monday" is Monday).
func TestAnyDayBut(t *testing.T) {
	u := newUnderstander()
	monday := date(2026, 12, 7)
	for _, msg := range []string{"a dentist in Lyon any day but monday", "anything but Monday please", "any time but monday",
		"apart from Monday", "n'importe quel jour sauf lundi", "tous les jours hors lundi", "excluding Monday"} {
		r := u.Understand(understand.Context{Now: sunday}, msg)
		if r.NotDate == nil || *r.NotDate != *monday || r.Date != nil {
			t.Errorf("Understand(%q): date %v, not %v; want not Monday", msg, r.Date, r.NotDate)
		}
	}
	for _, msg := range []string{"yes but Monday", "ok but monday would be better"} {
		if r := u.Understand(understand.Context{Now: sunday}, msg); r.Date == nil || *r.Date != *monday {
			t.Errorf("Understand(%q): date %v, want Monday", msg, r.Date)
		}
	}
}

// TestMonthPartIsNoWindow: "early" in "early January" is no early morning.
func TestMonthPartIsNoWindow(t *testing.T) {
	u := newUnderstander()
	for _, msg := range []string{"early January", "a dentist in early January in the afternoon", "late January"} {
		r := u.Understand(understand.Context{Now: sunday}, msg)
		if r.Date == nil || r.Window != nil && r.Window.From < 10*60 && r.Window.To <= 10*60 {
			t.Errorf("Understand(%q): date %v, window %v", msg, r.Date, r.Window)
		}
	}
}
