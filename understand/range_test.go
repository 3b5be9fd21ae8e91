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
// sunday is the clock of the tests of days said in December: Sunday 6
// December 2026, 10:00 UTC.
var sunday = time.Date(2026, time.December, 6, 10, 0, 0, 0, time.UTC)

// daysSaid is a message and the first and last days it is read as on
// sunday (last nil: one day).
type daysSaid struct {
	msg         string
	first, last *understand.Date
}

// wantAllDays checks each message's days, on sunday.
func wantAllDays(t *testing.T, tests []daysSaid) {
	u := newUnderstander()
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) { wantDays(t, u, sunday, tt.msg, tt.first, tt.last) })
	}
}

func TestDayRanges(t *testing.T) {
	wantAllDays(t, []daysSaid{
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
		// A month said once, at the end or at the start, is both days'.
		{"un dentiste à Lyon du 24 au 31 décembre", date(2026, 12, 24), date(2026, 12, 31)},
		{"from the 24th to the 31st of December", date(2026, 12, 24), date(2026, 12, 31)},
		{"entre le 24 et le 31 décembre", date(2026, 12, 24), date(2026, 12, 31)},
		{"between the 4th and the 8th of January", date(2027, 1, 4), date(2027, 1, 8)},
		{"du 2 au 5 janvier", date(2027, 1, 2), date(2027, 1, 5)},
		{"from 2 to 5 January", date(2027, 1, 2), date(2027, 1, 5)},
		{"from the 28th of December to the 3rd of January", date(2026, 12, 28), date(2027, 1, 3)},
		{"du 28 décembre au 3", date(2026, 12, 28), date(2027, 1, 3)},
		{"from January 28th to the 3rd", date(2027, 1, 28), date(2027, 2, 3)},
		{"from December 24th to the 31st", date(2026, 12, 24), date(2026, 12, 31)},
		{"du 28 au 3 janvier", date(2026, 12, 28), date(2027, 1, 3)},
		{"from the 2nd to the 28th of March", date(2027, 3, 2), date(2027, 3, 28)},
		// A range begun before today: from today.
		{"du 1er au 10 décembre", date(2026, 12, 6), date(2026, 12, 10)},
		// Not ranges.
		{"monday and wednesday", date(2026, 12, 9), nil},
		// A bare number is a day only in a range: hours stay hours.
		{"le 28 décembre à 3", date(2026, 12, 28), nil},
		{"on December 28th from 2 to 5 pm", date(2026, 12, 28), nil},
		{"a dentist on the 3rd of January, 2 to 3 pm", date(2027, 1, 3), nil},
		{"de 9 à 12 le 5 janvier", date(2027, 1, 5), nil},
		{"book me on 28 December to 4 pm", date(2026, 12, 28), nil},
		{"le 28 décembre jusqu'au 3h", date(2026, 12, 28), nil},
		{"je voudrais déplacer mon rendez-vous du 24 au 31 décembre", date(2026, 12, 31), nil},
		{"du 31 au 5 mars", date(2027, 3, 5), nil}, // no 31st of February
		{"a dentist on December 10th until 5", date(2026, 12, 10), nil},
		{"the 10th of December till 5", date(2026, 12, 10), nil},
		{"le 10 décembre - 2 enfants", date(2026, 12, 10), nil},
		{"from December 24th until 31st", date(2026, 12, 24), date(2026, 12, 31)},
		{"le 10 décembre jusqu'au 15", date(2026, 12, 10), date(2026, 12, 15)},
		{"can you move it from Monday to Wednesday?", date(2026, 12, 9), nil},
		{"je voudrais décaler du lundi au mercredi", date(2026, 12, 9), nil},
		{"not monday, wednesday", date(2026, 12, 9), nil},
		{"from the 2nd of January to the 28th of March", date(2027, 3, 28), nil}, // past two months: the last day said
	})
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

// TestDaysCountedFromADate: a day counted from a date said with it.
func TestDaysCountedFromADate(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		msg  string
		want *understand.Date
	}{
		{"the day after December 25th", date(2026, 12, 26)},
		{"a dentist in Lyon the day after the 25th", date(2026, 12, 26)},
		{"the day before the 3rd of January", date(2027, 1, 2)},
		{"un coiffeur le lendemain du 25 décembre", date(2026, 12, 26)},
		{"la veille du 3 janvier", date(2027, 1, 2)},
		{"two days after the 24th", date(2026, 12, 26)},
		{"le surlendemain du 24 décembre", date(2026, 12, 26)},
		{"the day after Christmas", date(2026, 12, 26)},
		{"the day before the 7th", date(2026, 12, 6)},
		{"la veille du 1er janvier", date(2026, 12, 31)},
		// Not counted: another expression between them.
		{"the day after, or else December 25th", date(2026, 12, 25)},
		{"not the day after, the 25th", date(2026, 12, 25)},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) { wantDays(t, u, sunday, tt.msg, tt.want, nil) })
	}
}

// TestRangeDayIsNoHour: the bare day that closes a range is no hour: "le
// 10 décembre jusqu'au 15" is no "until 15:00"; an English bare number
// after "until" stays an hour.
func TestRangeDayIsNoHour(t *testing.T) {
	u := newUnderstander()
	for _, msg := range []string{"le 10 décembre jusqu'au 15", "du 28 décembre au 3"} {
		if r := u.Understand(understand.Context{Now: sunday}, msg); r.Window != nil || r.Time != nil {
			t.Errorf("Understand(%q): window %v, time %v; want none", msg, r.Window, r.Time)
		}
	}
	if r := u.Understand(understand.Context{Now: sunday}, "a dentist on December 10th until 5"); r.Window == nil || r.DateEnd != nil {
		t.Errorf("until 5: window %v, days to %v; want a window, one day", r.Window, r.DateEnd)
	}
}

// TestRangeBegun: a range said on a day it has begun runs from today, not
// next year.
func TestRangeBegun(t *testing.T) {
	u := newUnderstander()
	dec30 := time.Date(2026, time.December, 30, 10, 0, 0, 0, time.UTC)
	for msg, want := range map[string][2]*understand.Date{
		"du 28 décembre au 3":            {date(2026, 12, 30), date(2027, 1, 3)},
		"from December 28th to the 3rd":  {date(2026, 12, 30), date(2027, 1, 3)},
		"du 28 décembre au 3 janvier":    {date(2026, 12, 30), date(2027, 1, 3)},
		"du 28 au 3 janvier":             {date(2026, 12, 30), date(2027, 1, 3)},
		"from December 20th to the 24th": {date(2027, 12, 20), date(2027, 12, 24)}, // ended: next year's
	} {
		t.Run(msg, func(t *testing.T) { wantDays(t, u, dec30, msg, want[0], want[1]) })
	}
}
