package rendezvous

import (
	"strings"
	"time"
)

// ParseStart reads an appointment start time. With an offset or Z (RFC
// 3339) it is an instant. Without one ("2026-03-29T10:30") it is a
// wall-clock time in loc; a wall-clock time that does not exist there (in
// the gap when clocks spring forward) or exists twice (when they fall back)
// is refused with EINVALID, because guessing would book the wrong hour.
func ParseStart(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var wall time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if wall, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, ValidationError([]FieldError{{Field: "start", Message: "must be a date and time such as 2026-11-24T09:30:00+01:00 (or without offset, in the provider's time zone)"}})
	}
	return LocalTime(wall, loc)
}

// LocalTime returns the instant at which loc's clocks show wall's date and
// time of day (wall's own location is ignored). It refuses, with EINVALID,
// wall-clock times that do not exist in loc or exist twice.
func LocalTime(wall time.Time, loc *time.Location) (time.Time, error) {
	y, mo, d := wall.Date()
	h, mi, sec := wall.Clock()
	t := time.Date(y, mo, d, h, mi, sec, 0, loc)
	if ty, tmo, td := t.Date(); ty != y || tmo != mo || td != d || t.Hour() != h || t.Minute() != mi {
		return time.Time{}, &Error{Code: EINVALID, Reason: ReasonDSTGap,
			Message: wall.Format("2006-01-02 15:04") + " does not exist in " + loc.String() + " (the clocks skip it); choose another time",
			Fields:  []FieldError{{Field: "start", Message: "does not exist in " + loc.String()}}}
	}
	// A wall-clock time exists twice when an instant up to two hours away
	// shows the same clock under another offset.
	_, off := t.Zone()
	for shift := -2 * time.Hour; shift <= 2*time.Hour; shift += 15 * time.Minute {
		if shift == 0 {
			continue
		}
		u := t.Add(shift)
		if _, uoff := u.Zone(); uoff != off && u.Hour() == h && u.Minute() == mi && u.Day() == d {
			return time.Time{}, &Error{Code: EINVALID, Reason: ReasonAmbiguousTime,
				Message: wall.Format("2006-01-02 15:04") + " happens twice in " + loc.String() + " (the clocks go back); give the UTC offset",
				Fields:  []FieldError{{Field: "start", Message: "is ambiguous in " + loc.String()}}}
		}
	}
	return t, nil
}
