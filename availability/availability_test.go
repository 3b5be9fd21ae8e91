package availability_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func clock(s string) rendezvous.ClockTime {
	c, err := rendezvous.ParseClockTime(s)
	if err != nil {
		panic(err)
	}
	return c
}

// weekdays returns the same intervals on Monday to Friday.
func weekdays(ranges ...string) rendezvous.WeeklyHours {
	var w rendezvous.WeeklyHours
	for d := time.Monday; d <= time.Friday; d++ {
		for i := 0; i+1 < len(ranges); i += 2 {
			w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: clock(ranges[i]), End: clock(ranges[i+1])})
		}
	}
	return w
}

func policy(step, buffer, notice time.Duration) rendezvous.BookingPolicy {
	return rendezvous.BookingPolicy{SlotStep: step, Buffer: buffer, MinNotice: notice, Horizon: 60 * 24 * time.Hour}
}

func formatAll(ts []time.Time, loc *time.Location) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(loc).Format("Mon 2006-01-02 15:04 -07:00")
	}
	return out
}

func TestSlots(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	toronto := mustLoc(t, "America/Toronto")
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name  string
		sch   rendezvous.Schedule
		dur   time.Duration
		q     func() availability.Query
		busy  []rendezvous.Span
		limit int
		want  []string
	}{
		{
			name: "LunchBreak",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "10:00", "14:00", "15:00"), Policy: policy(30*time.Minute, 0, 0)},
			dur:  30 * time.Minute,
			q: func() availability.Query {
				return availability.Query{Duration: 30 * time.Minute, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-11-24 00:00"), Now: at(paris, "2026-11-20 12:00")}
			},
			want: []string{"Mon 2026-11-23 09:00 +01:00", "Mon 2026-11-23 09:30 +01:00", "Mon 2026-11-23 14:00 +01:00", "Mon 2026-11-23 14:30 +01:00"},
		},
		{
			name: "ClosedWeekend",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "09:30"), Policy: policy(30*time.Minute, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: 30 * time.Minute, From: at(paris, "2026-11-21 00:00"), To: at(paris, "2026-11-24 00:00"), Now: at(paris, "2026-11-20 12:00")}
			},
			want: []string{"Mon 2026-11-23 09:00 +01:00"},
		},
		{
			name: "MinimumNoticeCountsFromNow",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "12:00"), Policy: policy(time.Hour, 0, 2*time.Hour)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-11-24 00:00"), Now: at(paris, "2026-11-23 08:30")}
			},
			// 10:30 is the notice boundary; the grid from 09:00 puts the first slot at 11:00.
			want: []string{"Mon 2026-11-23 11:00 +01:00"},
		},
		{
			name: "BusyWithBuffer",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "11:00"), Policy: policy(15*time.Minute, 15*time.Minute, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: 30 * time.Minute, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-11-24 00:00"), Now: at(paris, "2026-11-20 12:00")}
			},
			// Booked 09:45–10:15 with a 15-minute buffer: busy until 10:30.
			busy: []rendezvous.Span{{Start: at(paris, "2026-11-23 09:45"), End: at(paris, "2026-11-23 10:30")}},
			// A slot needs 30 min + 15 min buffer before 09:45: only 09:00 fits.
			want: []string{"Mon 2026-11-23 09:00 +01:00", "Mon 2026-11-23 10:30 +01:00"},
		},
		{
			name: "TimeOff",
			sch: rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "11:00"), Policy: policy(time.Hour, 0, 0),
				TimeOff: []rendezvous.TimeOff{{Start: at(paris, "2026-11-23 00:00"), End: at(paris, "2026-11-24 10:00")}}},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-11-25 00:00"), Now: at(paris, "2026-11-20 12:00")}
			},
			want: []string{"Tue 2026-11-24 10:00 +01:00"},
		},
		{
			name: "HorizonCutsOff",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "11:00"), Policy: rendezvous.BookingPolicy{SlotStep: time.Hour, Horizon: 3 * 24 * time.Hour}},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-11-30 00:00"), Now: at(paris, "2026-11-23 09:30")}
			},
			want: []string{"Mon 2026-11-23 10:00 +01:00", "Tue 2026-11-24 09:00 +01:00", "Tue 2026-11-24 10:00 +01:00", "Wed 2026-11-25 09:00 +01:00", "Wed 2026-11-25 10:00 +01:00", "Thu 2026-11-26 09:00 +01:00"},
		},
		{
			name: "LimitStopsEarly",
			sch:  rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "17:00"), Policy: policy(15*time.Minute, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: 30 * time.Minute, From: at(paris, "2026-11-23 00:00"), To: at(paris, "2026-12-23 00:00"), Now: at(paris, "2026-11-20 12:00")}
			},
			limit: 2,
			want:  []string{"Mon 2026-11-23 09:00 +01:00", "Mon 2026-11-23 09:15 +01:00"},
		},
		{
			name: "ParisSpringForward",
			// Sunday 2026-03-29 at 02:00 the clocks jump to 03:00: 01:00–04:00 local is two hours long.
			sch: rendezvous.Schedule{Location: paris, Hours: rendezvous.WeeklyHours{{Weekday: time.Sunday, Start: clock("01:00"), End: clock("04:00")}}, Policy: policy(time.Hour, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-03-29 00:00"), To: at(paris, "2026-03-30 00:00"), Now: at(paris, "2026-03-20 12:00")}
			},
			want: []string{"Sun 2026-03-29 01:00 +01:00", "Sun 2026-03-29 03:00 +02:00"},
		},
		{
			name: "ParisFallBack",
			// Sunday 2026-10-25 at 03:00 the clocks go back to 02:00: 01:00–04:00 local is four hours long.
			sch: rendezvous.Schedule{Location: paris, Hours: rendezvous.WeeklyHours{{Weekday: time.Sunday, Start: clock("01:00"), End: clock("04:00")}}, Policy: policy(time.Hour, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-10-25 00:00"), To: at(paris, "2026-10-26 00:00"), Now: at(paris, "2026-10-20 12:00")}
			},
			want: []string{"Sun 2026-10-25 01:00 +02:00", "Sun 2026-10-25 02:00 +02:00", "Sun 2026-10-25 02:00 +01:00", "Sun 2026-10-25 03:00 +01:00"},
		},
		{
			name: "ParisWeekAcrossDSTKeepsWallClock",
			// The Friday before and the Monday after the March change both open at 09:00 local.
			sch: rendezvous.Schedule{Location: paris, Hours: weekdays("09:00", "10:00"), Policy: policy(time.Hour, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(paris, "2026-03-27 00:00"), To: at(paris, "2026-03-31 00:00"), Now: at(paris, "2026-03-20 12:00")}
			},
			want: []string{"Fri 2026-03-27 09:00 +01:00", "Mon 2026-03-30 09:00 +02:00"},
		},
		{
			name: "TorontoAcrossNovemberChange",
			// America/Toronto falls back on Sunday 2026-11-01.
			sch: rendezvous.Schedule{Location: toronto, Hours: weekdays("09:00", "10:00"), Policy: policy(time.Hour, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(toronto, "2026-10-30 00:00"), To: at(toronto, "2026-11-03 00:00"), Now: at(toronto, "2026-10-20 12:00")}
			},
			want: []string{"Fri 2026-10-30 09:00 -04:00", "Mon 2026-11-02 09:00 -05:00"},
		},
		{
			name: "PastNowJudgedAsInstantNotServerTime",
			// "Now" is 08:30 in Toronto; a Paris clock would say 14:30. Only Toronto's matters.
			sch: rendezvous.Schedule{Location: toronto, Hours: weekdays("09:00", "11:00"), Policy: policy(time.Hour, 0, 0)},
			q: func() availability.Query {
				return availability.Query{Duration: time.Hour, From: at(toronto, "2026-11-23 00:00"), To: at(toronto, "2026-11-24 00:00"), Now: at(paris, "2026-11-23 14:30")}
			},
			want: []string{"Mon 2026-11-23 09:00 -05:00", "Mon 2026-11-23 10:00 -05:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q()
			got := formatAll(availability.Slots(&tt.sch, q, tt.busy, tt.limit), tt.sch.Location)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("slots mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	sch := rendezvous.Schedule{
		Location: paris,
		Hours:    weekdays("09:00", "11:50"),
		Policy:   rendezvous.BookingPolicy{SlotStep: 30 * time.Minute, Buffer: 10 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 30 * 24 * time.Hour},
		TimeOff:  []rendezvous.TimeOff{{Start: at("2026-11-25 00:00"), End: at("2026-11-26 00:00")}},
	}
	now := at("2026-11-23 08:00")
	busy := []rendezvous.Span{{Start: at("2026-11-24 10:00"), End: at("2026-11-24 10:40")}}
	tests := []struct {
		name       string
		start      time.Time
		wantReason string
	}{
		{"OK", at("2026-11-24 09:00"), ""},
		{"ErrPast", at("2026-11-20 09:00"), rendezvous.ReasonSlotUnavailable},
		{"ErrMinimumNotice", at("2026-11-23 09:30"), rendezvous.ReasonSlotUnavailable},
		{"OKJustAfterNotice", at("2026-11-23 10:00"), ""},
		{"ErrBeyondHorizon", at("2027-01-04 09:00"), rendezvous.ReasonSlotUnavailable},
		{"ErrClosed", at("2026-11-28 09:00"), rendezvous.ReasonSlotUnavailable},
		{"ErrRunsPastClosing", at("2026-11-24 11:30"), rendezvous.ReasonSlotUnavailable},
		{"ErrOffGrid", at("2026-11-24 09:10"), rendezvous.ReasonSlotUnavailable},
		{"ErrTimeOff", at("2026-11-25 09:00"), rendezvous.ReasonSlotUnavailable},
		{"ErrSlotTakenOverlap", at("2026-11-24 10:00"), rendezvous.ReasonSlotTaken},
		{"ErrSlotTakenBuffer", at("2026-11-24 09:30"), rendezvous.ReasonSlotTaken}, // 09:30–10:00 + 10 min buffer reaches into 10:00
		{"ErrSlotTakenAfterBooking", at("2026-11-24 10:30"), rendezvous.ReasonSlotTaken},
		{"OKAfterBookingBuffer", at("2026-11-24 11:00"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := availability.Check(&sch, 30*time.Minute, tt.start, now, busy)
			if got := rendezvous.ErrorReasonOf(err); got != tt.wantReason {
				t.Fatalf("Check(%s) = %v, want reason %q", tt.start, err, tt.wantReason)
			}
		})
	}
}
