package dialogue_test

import (
	"testing"
)

// TestHolidaySearch: a day named by its holiday is the day searched, and
// the slots offered are that day's.
func TestHolidaySearch(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, tt := range []struct{ msg, date string }{
		{"I need a dentist in Lyon on Christmas Eve", "2026-12-24"},
		{"un dentiste à Lyon la veille de Noël", "2026-12-24"},
		{"dentist lyon christmas eve morning", "2026-12-24"},
		{"a dentist in Lyon on New Year's Eve", "2026-12-31"},
		{"un dentiste à Lyon pour la Saint-Sylvestre", "2026-12-31"},
	} {
		t.Run(tt.msg, func(t *testing.T) {
			st, reply := say(t, m, tt.msg)
			if st.Date != tt.date {
				t.Fatalf("date %q, want %s: %q", st.Date, tt.date, reply.Text)
			}
			for _, p := range st.Proposals {
				if d := p.Start.In(now.Location()).Format("2006-01-02"); d != tt.date {
					t.Errorf("a slot on %s offered for %s: %q", d, tt.date, reply.Text)
				}
			}
		})
	}
}

// TestHolidayWeekSearch: the week after a holiday is searched as a span
// of days, and the slots offered are in it.
func TestHolidayWeekSearch(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{"a dentist in Lyon the week after Christmas", "un dentiste à Lyon la semaine après Noël"} {
		t.Run(msg, func(t *testing.T) { searchesSpan(t, m, msg, "2026-12-28", "2027-01-03") })
	}
}
