package rendezvous_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
)

func TestHoursAdded(t *testing.T) {
	iv := func(d time.Weekday, from, to rendezvous.ClockTime) rendezvous.OpeningInterval {
		return rendezvous.OpeningInterval{Weekday: d, Start: from, End: to}
	}
	old := rendezvous.WeeklyHours{iv(time.Monday, 9*60, 12*60), iv(time.Monday, 14*60, 18*60)}
	for _, tc := range []struct {
		name string
		new  rendezvous.WeeklyHours
		want rendezvous.WeeklyHours
	}{
		{"Same", old, nil},
		{"Narrower", rendezvous.WeeklyHours{iv(time.Monday, 10*60, 12*60)}, nil},
		{"LunchOpened", rendezvous.WeeklyHours{iv(time.Monday, 9*60, 18*60)}, rendezvous.WeeklyHours{iv(time.Monday, 12*60, 14*60)}},
		{"EarlierAndLater", rendezvous.WeeklyHours{iv(time.Monday, 8*60, 12*60), iv(time.Monday, 14*60, 19*60)},
			rendezvous.WeeklyHours{iv(time.Monday, 8*60, 9*60), iv(time.Monday, 18*60, 19*60)}},
		{"NewDay", append(rendezvous.WeeklyHours{iv(time.Saturday, 9*60, 12*60)}, old...), rendezvous.WeeklyHours{iv(time.Saturday, 9*60, 12*60)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.new.Added(old)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Added (-want +got):\n%s", diff)
			}
			if tc.new.Opens(old) != (len(tc.want) > 0) {
				t.Errorf("Opens = %v", tc.new.Opens(old))
			}
		})
	}
}

func TestHoursSpans(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	w := rendezvous.WeeklyHours{{Weekday: time.Sunday, Start: 1 * 60, End: 4 * 60}}
	// 2026-03-29 is the Sunday clocks go forward at 02:00 in Paris.
	from := time.Date(2026, 3, 28, 12, 0, 0, 0, paris)
	got := w.Spans(paris, from, from.AddDate(0, 0, 8))
	want := []rendezvous.Span{
		{Start: time.Date(2026, 3, 29, 1, 0, 0, 0, paris), End: time.Date(2026, 3, 29, 4, 0, 0, 0, paris)},
		{Start: time.Date(2026, 4, 5, 1, 0, 0, 0, paris), End: time.Date(2026, 4, 5, 4, 0, 0, 0, paris)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Spans (-want +got):\n%s", diff)
	}
	if d := got[0].End.Sub(got[0].Start); d != 2*time.Hour {
		t.Errorf("the night of the change lasts %s, want 2h", d)
	}
}

func TestValidateWaitlistEntry(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	e := rendezvous.WaitlistEntry{Kind: rendezvous.KindDentist, City: "Lyon", From: now.Add(-time.Hour), To: now.AddDate(0, 0, 30)}
	if err := rendezvous.ValidateWaitlistEntry(&e, now); err != nil {
		t.Fatal(err)
	}
	if !e.From.Equal(now) || !e.ExpiresAt.Equal(e.To) || e.DayTo != 24*60 {
		t.Errorf("normalised entry: %+v", e)
	}
	e.ExpiresAt = now.AddDate(0, 0, 3)
	if err := rendezvous.ValidateWaitlistEntry(&e, now); err != nil || !e.ExpiresAt.Equal(now.AddDate(0, 0, 3)) {
		t.Errorf("until: %v, %s", err, e.ExpiresAt)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	e.DayFrom, e.DayTo = 9*60, 12*60
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 24, 9, 0, 0, 0, paris), true},
		{time.Date(2026, 11, 24, 11, 59, 0, 0, paris), true},
		{time.Date(2026, 11, 24, 12, 0, 0, 0, paris), false},
		{time.Date(2026, 11, 24, 8, 30, 0, 0, paris), false},
		{e.To.Add(time.Hour), false},
	} {
		if got := e.Fits(tc.at, paris); got != tc.want {
			t.Errorf("Fits(%s) = %v", tc.at, got)
		}
	}
}
