package rendezvous

import (
	"fmt"
	"sort"
	"time"
)

// ClockTime is a wall-clock time of day, in minutes after midnight
// (0 ≤ m ≤ 1440; 1440 means the end of the day).
type ClockTime int

// ParseClockTime parses "HH:MM" (24-hour; "24:00" is the end of the day).
func ParseClockTime(s string) (ClockTime, error) {
	digit := func(i int) (int, bool) { return int(s[i] - '0'), s[i] >= '0' && s[i] <= '9' }
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("clock time %q: want HH:MM", s)
	}
	h1, ok1 := digit(0)
	h2, ok2 := digit(1)
	m1, ok3 := digit(3)
	m2, ok4 := digit(4)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return 0, fmt.Errorf("clock time %q: want HH:MM", s)
	}
	h, m := h1*10+h2, m1*10+m2
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("clock time %q: out of range", s)
	}
	return ClockTime(h*60 + m), nil
}

// String formats c as "HH:MM".
func (c ClockTime) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// OpeningInterval is one stretch of opening hours on a weekday, in the
// provider's local wall-clock time. End is after Start.
type OpeningInterval struct {
	Weekday time.Weekday
	Start   ClockTime
	End     ClockTime
}

// WeeklyHours is a provider's weekly opening hours: any number of
// intervals a day (a lunch break is two intervals).
type WeeklyHours []OpeningInterval

// Validate checks that every interval is well formed and that no two
// intervals of a day overlap.
func (w WeeklyHours) Validate() error {
	var fields []FieldError
	// The indexes of each day's intervals in w, so that an overlap names
	// the later of the two.
	byDay := map[time.Weekday][]int{}
	for i, iv := range w {
		field := fmt.Sprintf("hours[%d]", i)
		switch {
		case iv.Weekday < time.Sunday || iv.Weekday > time.Saturday:
			fields = append(fields, FieldError{Field: field + ".weekday", Message: "must be a day of the week"})
		case iv.Start < 0 || iv.End > 24*60:
			fields = append(fields, FieldError{Field: field, Message: "times must lie within the day"})
		case iv.End <= iv.Start:
			fields = append(fields, FieldError{Field: field, Message: "must end after it starts"})
		default:
			byDay[iv.Weekday] = append(byDay[iv.Weekday], i)
		}
	}
	for day := time.Sunday; day <= time.Saturday; day++ {
		idx := byDay[day]
		sort.SliceStable(idx, func(i, j int) bool { return w[idx[i]].Start < w[idx[j]].Start })
		end := ClockTime(-1)
		for _, i := range idx {
			if w[i].Start < end {
				fields = append(fields, FieldError{Field: fmt.Sprintf("hours[%d]", i), Message: fmt.Sprintf("intervals overlap on %s", day)})
			}
			end = max(end, w[i].End)
		}
	}
	return ValidationError(fields)
}

// Day returns the intervals of one weekday, sorted by start.
func (w WeeklyHours) Day(d time.Weekday) []OpeningInterval {
	var out []OpeningInterval
	for _, iv := range w {
		if iv.Weekday == d {
			out = append(out, iv)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// TimeOff is a period during which a provider takes no appointments
// (holidays, absences), as instants.
type TimeOff struct {
	ID         int64
	ProviderID int64
	Start      time.Time
	End        time.Time
	Reason     string
}

// Added returns the times of the week w opens that old keeps closed,
// as intervals: the new opening hours that may free slots.
func (w WeeklyHours) Added(old WeeklyHours) WeeklyHours {
	var out WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		was := old.Day(d)
		for _, iv := range w.Day(d) {
			at := iv.Start // the first minute of iv not yet accounted for
			for _, o := range was {
				if o.End <= at || o.Start >= iv.End {
					continue
				}
				if o.Start > at {
					out = append(out, OpeningInterval{Weekday: d, Start: at, End: o.Start})
				}
				at = max(at, o.End)
			}
			if at < iv.End {
				out = append(out, OpeningInterval{Weekday: d, Start: at, End: iv.End})
			}
		}
	}
	return out
}

// Opens reports whether w opens a time of the week that old keeps closed.
func (w WeeklyHours) Opens(old WeeklyHours) bool { return len(w.Added(old)) > 0 }

// Spans returns the instants w covers from from to to, read in loc: one
// span per interval and day (a day whose interval a DST change cuts
// keeps what exists of it).
func (w WeeklyHours) Spans(loc *time.Location, from, to time.Time) []Span {
	var out []Span
	f := from.In(loc)
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc); day.Before(to); day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc) {
		for _, iv := range w.Day(day.Weekday()) {
			s := time.Date(day.Year(), day.Month(), day.Day(), int(iv.Start)/60, int(iv.Start)%60, 0, 0, loc)
			e := time.Date(day.Year(), day.Month(), day.Day(), int(iv.End)/60, int(iv.End)%60, 0, 0, loc)
			if s.Before(from) {
				s = from
			}
			if e.After(to) {
				e = to
			}
			if s.Before(e) {
				out = append(out, Span{Start: s, End: e})
			}
		}
	}
	return out
}
