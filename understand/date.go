package understand

import (
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Date is a civil (calendar) date, already resolved against Context.Now in
// Context.Location.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Valid reports whether d is a real calendar date.
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// Time returns the instant at clock time c on d in loc (nil means UTC).
// A wall-clock time that does not exist on that day (a DST gap) is
// normalised by the time package, one hour later.
func (d Date) Time(c rendezvous.ClockTime, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// onOrAfter returns the first day from d on that is a wd.
func (d Date) onOrAfter(wd time.Weekday) Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// DateOf returns the civil date of t in loc (nil means UTC).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return dateOf(t.In(loc))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// DateMismatch is a weekday and a day of the month that do not agree:
// "Thursday the 31st" when no 31st is a Thursday within a year, "jeudi 10
// décembre" when 10 December is a Wednesday. The understanding does not
// pick one: the dialogue asks which was meant.
type DateMismatch struct {
	Weekday time.Weekday // the weekday said
	Date    Date         // the day said, resolved without its weekday
}
