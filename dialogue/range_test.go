package dialogue_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestDayRangeSearch: a range of days is searched as a span, and the slots
// offered are in it.
func TestDayRangeSearch(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{"a dentist in Lyon between Tuesday and Thursday", "un dentiste à Lyon du mardi au jeudi",
		"dentist in Lyon, tuesday to thursday afternoon", "un dentiste à Lyon du 24 au 26 novembre",
		"a dentist in Lyon from the 24th to the 26th of November", "dentist in Lyon from 24 to 26 November",
		"un dentiste à Lyon entre le 24 et le 26 novembre", "a dentist in Lyon, November 24th to the 26th"} {
		t.Run(msg, func(t *testing.T) { searchesSpan(t, m, msg, "2026-11-24", "2026-11-26") })
	}
}

// TestMonthPartSearch: a part of a month searches its days.
func TestMonthPartSearch(t *testing.T) {
	m := brains(t)["Embedded"]
	for msg, days := range map[string][2]string{
		"un dentiste à Lyon début décembre":           {"2026-12-01", "2026-12-10"},
		"a dentist in Lyon in the middle of December": {"2026-12-11", "2026-12-20"},
		"a dentist in Lyon, first week of December":   {"2026-12-01", "2026-12-07"},
	} {
		t.Run(msg, func(t *testing.T) { searchesSpan(t, m, msg, days[0], days[1]) })
	}
}

// searchesSpan checks that msg searches the days from first to last and
// offers slots in them only.
func searchesSpan(t *testing.T, m *dialogue.Manager, msg, first, last string) {
	t.Helper()
	st, reply := say(t, m, msg)
	if st.Date != first || st.DateEnd != last {
		t.Fatalf("days %q–%q, want %s–%s: %q", st.Date, st.DateEnd, first, last, reply.Text)
	}
	for _, p := range st.Proposals {
		if d := p.Start.In(now.Location()).Format("2006-01-02"); d < first || d > last {
			t.Errorf("a slot on %s offered: %q", d, reply.Text)
		}
	}
}
