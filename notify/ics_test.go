package notify

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rendezvous-oss/rendezvous"
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

// TestRedTeamNamesStayOneParameter: a name is written as the CN parameter
// of the invite's ORGANIZER and ATTENDEE. A double quote in it ended the
// quoted value for an RFC 5545 parser, and the rest of the name became
// parameters (ROLE, PARTSTAT, RSVP) or broke the line. Each line must keep
// one quoted CN and its own mailto: value.
func TestRedTeamNamesStayOneParameter(t *testing.T) {
	names := []string{
		`Eve "x";ROLE=CHAIR`,
		`a":mailto:attacker@example.net;X="`,
		`"";PARTSTAT=DECLINED;RSVP=TRUE;X=""`,
		`Bob "the builder" \`,
		`x;ROLE=CHAIR;PARTSTAT=DECLINED`,
		`x:mailto:attacker@example.net`,
		`Smith, John`,
		`O'Brien`,
	}
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p := &rendezvous.Provider{Name: name, TimeZone: "Europe/Paris"}
			b := &rendezvous.Booking{ID: "RDV-1", Status: rendezvous.StatusBooked, Start: at, End: at.Add(30 * time.Minute), CreatedAt: at, UpdatedAt: at,
				Customer: rendezvous.Customer{Name: name, Email: "victim@example.org"}}
			inv, err := inviteOf(b, p, rendezvous.Service{Name: "Consultation"}, "rdv@example.org", "s", "d", "", at)
			if err != nil {
				t.Fatal(err)
			}
			if bare := strings.Count(string(inv.Data), "\n") - strings.Count(string(inv.Data), "\r\n"); bare != 0 {
				t.Errorf("%d lines end without CR (RFC 5545 ends every line with CRLF)", bare)
			}
			unfolded := strings.ReplaceAll(string(inv.Data), "\r\n ", "")
			for _, prop := range []struct{ name, value string }{{"ORGANIZER", "mailto:rdv@example.org"}, {"ATTENDEE", "mailto:victim@example.org"}} {
				var line string
				for _, l := range strings.Split(unfolded, "\r\n") {
					if strings.HasPrefix(l, prop.name+";") {
						line = l
					}
				}
				// RFC 5545: a parameter's value ends at , ; or : unless
				// quoted, and nothing in it is escaped.
				params, value, _ := strings.Cut(line, ":")
				seen := map[string]bool{}
				for _, kv := range strings.Split(params, ";")[1:] {
					k, _, _ := strings.Cut(kv, "=")
					if seen[k] || !map[string]bool{"CN": true, "CUTYPE": true, "PARTSTAT": true, "ROLE": true, "RSVP": true}[k] {
						t.Errorf("%s line %q: parameter %q", prop.name, line, k)
					}
					seen[k] = true
				}
				if value != prop.value || strings.ContainsAny(params, `"\`) || !seen["CN"] {
					t.Errorf("%s line %q: want a CN of its own then %s", prop.name, line, prop.value)
				}
			}
		})
	}
}
