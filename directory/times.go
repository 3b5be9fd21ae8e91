package directory

import (
	"errors"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// parseClock reads a time of day as a spreadsheet writes it, as well as
// the documented HH:MM: "9:00" (a one-digit hour) and "09:00:00" (whole
// minutes with seconds) are accepted too.
func parseClock(s string) (rendezvous.ClockTime, error) {
	if len(s) == 4 && s[1] == ':' {
		s = "0" + s
	}
	if len(s) == 7 && s[1] == ':' && s[4:] == ":00" {
		s = "0" + s
	}
	if len(s) == 8 && s[5:] == ":00" {
		s = s[:5]
	}
	return rendezvous.ParseClockTime(s)
}

// errNoZone: a local time cannot be read without a valid time zone.
var errNoZone = errors.New("a local time needs the provider's time zone")

// Local forms of an instant, read in the provider's time zone.
const (
	localMinute = "2006-01-02 15:04"
	localDay    = "2006-01-02"
)

// parseInstant reads a time-off bound: an RFC 3339 time, a local date and
// time ("2026-12-24 09:00", or with a T), or a date alone — the start of
// that day, or for an end (end true) the start of the next one, so that
// an absence from 2026-12-24 to 2026-12-26 includes the 26th.
func parseInstant(s string, loc *time.Location, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	local := strings.Replace(s, "T", " ", 1)
	if loc == nil {
		if _, err := parseInstant(s, time.UTC, end); err != nil {
			return time.Time{}, err
		}
		return time.Time{}, errNoZone
	}
	for _, layout := range []string{localMinute, localMinute + ":05"} {
		if t, err := time.ParseInLocation(layout, local, loc); err == nil {
			return t, nil
		}
	}
	d, err := time.ParseInLocation(localDay, s, loc)
	if err != nil {
		return time.Time{}, err
	}
	if end {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	return d, nil
}

// formatInstant writes t in the provider's local time when that reads
// back as the same instant (not in the repeated hour of a change from
// summer time, nor with seconds), and in RFC 3339 otherwise.
func formatInstant(t time.Time, loc *time.Location) string {
	s := t.In(loc).Format(localMinute)
	if back, err := time.ParseInLocation(localMinute, s, loc); err == nil && back.Equal(t) {
		return s
	}
	return t.In(loc).Format(time.RFC3339)
}
