package dialogue_test

import "testing"

// TestDayRangeSearch: a range of days is searched as a span, and the slots
// offered are in it.
func TestDayRangeSearch(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{"a dentist in Lyon between Tuesday and Thursday", "un dentiste à Lyon du mardi au jeudi",
		"dentist in Lyon, tuesday to thursday afternoon"} {
		t.Run(msg, func(t *testing.T) {
			st, reply := say(t, m, msg)
			if st.Date != "2026-11-24" || st.DateEnd != "2026-11-26" {
				t.Fatalf("days %q–%q, want 2026-11-24–2026-11-26: %q", st.Date, st.DateEnd, reply.Text)
			}
			for _, p := range st.Proposals {
				if d := p.Start.In(now.Location()).Format("2006-01-02"); d < st.Date || d > st.DateEnd {
					t.Errorf("a slot on %s offered: %q", d, reply.Text)
				}
			}
		})
	}
}
