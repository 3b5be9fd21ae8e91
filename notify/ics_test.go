package notify

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func TestVTimezone(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		zone string
		want []string // in the serialised component
	}{
		// Three years of transitions around the appointment: each onset in
		// the local time in force before it.
		{"Europe/Paris", []string{"BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
			"BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET"}},
		{"America/New_York", []string{"DTSTART:20260308T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400"}},
		{"Asia/Tokyo", []string{"BEGIN:STANDARD", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST"}},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Skip(err)
			}
			cal := ics.NewCalendar()
			cal.AddVTimezone(VTimezone(loc, at))
			got := strings.ReplaceAll(cal.Serialize(), "\r\n", "\n")
			if !strings.Contains(got, "TZID:"+tc.zone) {
				t.Errorf("no TZID in\n%s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w+"\n") {
					t.Errorf("no %s in\n%s", w, got)
				}
			}
			if tc.zone == "Asia/Tokyo" && strings.Contains(got, "DAYLIGHT") {
				t.Errorf("a zone without summer time has a DAYLIGHT:\n%s", got)
			}
		})
	}
}
