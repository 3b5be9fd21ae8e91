package rendezvous_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
)

// TestWeeklyHoursValidate: an overlap names the later interval, by its
// index in the list, including one inside an earlier long interval that
// its neighbour does not overlap.
func TestWeeklyHoursValidate(t *testing.T) {
	iv := func(d time.Weekday, start, end int) rendezvous.OpeningInterval {
		return rendezvous.OpeningInterval{Weekday: d, Start: rendezvous.ClockTime(start * 60), End: rendezvous.ClockTime(end * 60)}
	}
	mon, tue := time.Monday, time.Tuesday
	tests := []struct {
		name  string
		hours rendezvous.WeeklyHours
		want  []rendezvous.FieldError
	}{
		{"OK", rendezvous.WeeklyHours{iv(mon, 9, 12), iv(mon, 14, 18), iv(tue, 9, 18)}, nil},
		{"OKTouching", rendezvous.WeeklyHours{iv(mon, 9, 12), iv(mon, 12, 18)}, nil},
		{"Overlap", rendezvous.WeeklyHours{iv(tue, 9, 18), iv(mon, 9, 12), iv(mon, 11, 13)},
			[]rendezvous.FieldError{{Field: "hours[2]", Message: "intervals overlap on Monday"}}},
		{"OverlapListedFirst", rendezvous.WeeklyHours{iv(mon, 11, 13), iv(mon, 9, 12)},
			[]rendezvous.FieldError{{Field: "hours[0]", Message: "intervals overlap on Monday"}}},
		{"InsideALongOne", rendezvous.WeeklyHours{iv(mon, 8, 18), iv(mon, 9, 10), iv(mon, 11, 12)},
			[]rendezvous.FieldError{{Field: "hours[1]", Message: "intervals overlap on Monday"}, {Field: "hours[2]", Message: "intervals overlap on Monday"}}},
		{"EndBeforeStart", rendezvous.WeeklyHours{iv(mon, 12, 9)},
			[]rendezvous.FieldError{{Field: "hours[0]", Message: "must end after it starts"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.hours.Validate()
			var de *rendezvous.Error
			var got []rendezvous.FieldError
			if errors.As(err, &de) {
				got = de.Fields
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
