package understand_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestDayRanges: "between Monday and Wednesday", "du lundi au mercredi",
// "from the 24th to the 31st" are the days from one to the other; two
// days said as options ("Monday and Wednesday"), a move from one day to
// another and a correction are not.
func TestDayRanges(t *testing.T) {
	u := newUnderstander()
	sunday := time.Date(2026, time.December, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		msg        string
		start, end *understand.Date
	}{
		{"between monday and wednesday", date(2026, 12, 7), date(2026, 12, 9)},
		{"a dentist in Lyon between Tuesday and Thursday afternoon", date(2026, 12, 8), date(2026, 12, 10)},
		{"entre lundi et mercredi", date(2026, 12, 7), date(2026, 12, 9)},
		{"un kiné à Paris du lundi au mercredi", date(2026, 12, 7), date(2026, 12, 9)},
		{"monday to wednesday", date(2026, 12, 7), date(2026, 12, 9)},
		{"from friday to monday", date(2026, 12, 11), date(2026, 12, 14)},
		{"from the 24th to the 31st", date(2026, 12, 24), date(2026, 12, 31)},
		{"from December 28th until January 3rd", date(2026, 12, 28), date(2027, 1, 3)},
		{"between christmas and new year's day", date(2026, 12, 25), date(2027, 1, 1)},
		{"un dentiste à Lyon entre Noël et le jour de l'an", date(2026, 12, 25), date(2027, 1, 1)},
		// Not ranges.
		{"monday and wednesday", date(2026, 12, 9), nil},
		{"can you move it from Monday to Wednesday?", date(2026, 12, 9), nil},
		{"je voudrais décaler du lundi au mercredi", date(2026, 12, 9), nil},
		{"not monday, wednesday", date(2026, 12, 9), nil},
		{"from the 2nd to the 28th of March", date(2027, 3, 28), nil}, // past two months: the last day said
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) { wantDays(t, u, sunday, tt.msg, tt.start, tt.end) })
	}
}

// wantDays checks the first and last days msg is read as on now's day
// (last nil: one day).
func wantDays(t *testing.T, u *understand.Understander, now time.Time, msg string, first, last *understand.Date) {
	t.Helper()
	r := u.Understand(understand.Context{Now: now}, msg)
	if diff := cmp.Diff([2]*understand.Date{first, last}, [2]*understand.Date{r.Date, r.DateEnd}); diff != "" {
		t.Errorf("Understand(%q) on %s: days (-want +got):\n%s", msg, now.Format("2006-01-02"), diff)
	}
}
