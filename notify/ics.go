package notify

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rendezvous-oss/rendezvous"
)

// An invite is an RFC 5545 calendar with one event, the appointment, sent
// with the message (RFC 6047, iMIP). Its UID is the booking's, for life,
// so that a client updates the event it already has; SEQUENCE is the
// booking's version, which every change raises; a cancellation is
// METHOD:CANCEL. Times carry the provider's zone (TZID) with its
// VTIMEZONE, as RFC 5545 requires of a TZID and as Outlook needs; clients
// that know the IANA name use their own rules, the others the VTIMEZONE's.

// Invite is a rendered invite.
type Invite struct {
	Method string // REQUEST or CANCEL
	Data   []byte
}

// inviteOf builds the invite of booking b with provider p and service s,
// at now, to be sent from organizer (an address) to the customer.
func inviteOf(b *rendezvous.Booking, p *rendezvous.Provider, s rendezvous.Service, organizer, summary, description, url string, now time.Time) (*Invite, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//Rendezvous//Notifications//EN")
	method := ics.MethodRequest
	if !b.Active() {
		method = ics.MethodCancel
	}
	cal.SetMethod(method)
	AddZone(cal, loc, b.Start)
	// The UID is the booking's id, as in the .ics the web front door
	// makes: an event imported from either is updated by the other.
	ev := cal.AddEvent(b.ID)
	ev.SetSequence(b.TokenVersion)
	ev.SetDtStampTime(now)
	ev.SetCreatedTime(b.CreatedAt)
	ev.SetModifiedAt(b.UpdatedAt)
	SetTimes(ev, b.Start, b.End, loc)
	ev.SetSummary(summary)
	if s.Name != "" {
		description = s.Name + "\n" + description
	}
	ev.SetDescription(description)
	ev.SetLocation(joinNonEmpty(", ", p.Address, p.City))
	if url != "" {
		ev.SetURL(url)
	}
	ev.SetOrganizer("mailto:"+organizer, ics.WithCN(paramText(p.Name)))
	ev.AddAttendee("mailto:"+b.Customer.Email, ics.WithCN(paramText(b.Customer.Name)), ics.CalendarUserTypeIndividual,
		ics.ParticipationRoleReqParticipant, ics.ParticipationStatusAccepted, ics.WithRSVP(false))
	if b.Active() {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	} else {
		ev.SetStatus(ics.ObjectStatusCancelled)
	}
	return &Invite{Method: string(method), Data: []byte(cal.Serialize(ics.WithNewLineWindows))}, nil
}

// paramText makes a name a parameter value (the CN of ORGANIZER and
// ATTENDEE). golang-ical writes a parameter unquoted and puts a backslash
// before , ; : " ' and \ — an escape RFC 5545 does not have in
// parameters: a parser reads "a\;ROLE=CHAIR" as CN=a\ then a ROLE, and
// "a\:mailto:x@example.net" as CN=a\ then another address. Names keep
// these characters as lookalikes that need no escape, as the feed keeps
// angle brackets.
var paramText = strings.NewReplacer(`,`, "\u201a", `;`, "\u201a", `:`, "\u2236", `"`, "\u201d", `'`, "\u2019", `\`, "\u2216").Replace

// fixedZone reports whether loc has no IANA name to give: its times are
// written in UTC.
func fixedZone(loc *time.Location) bool {
	tz := loc.String()
	return tz == "UTC" || tz == "Local" || tz == ""
}

// AddZone adds loc's VTIMEZONE, around at, to cal: RFC 5545 requires one
// for every TZID the events use. A fixed zone needs none.
func AddZone(cal *ics.Calendar, loc *time.Location, at time.Time) {
	if !fixedZone(loc) {
		cal.AddVTimezone(VTimezone(loc, at))
	}
}

// SetTimes sets ev's DTSTART and DTEND in loc's local time with its TZID,
// or in UTC for a fixed zone. The calendar feed (feed/) writes its events'
// times the same way.
func SetTimes(ev *ics.VEvent, start, end time.Time, loc *time.Location) {
	if fixedZone(loc) {
		ev.SetStartAt(start)
		ev.SetEndAt(end)
		return
	}
	tz := loc.String()
	ev.SetProperty(ics.ComponentPropertyDtStart, start.In(loc).Format("20060102T150405"), ics.WithTZID(tz))
	ev.SetProperty(ics.ComponentPropertyDtEnd, end.In(loc).Format("20060102T150405"), ics.WithTZID(tz))
}

// VTimezone describes loc's offsets around at: every transition from the
// year before to the year after, each its own one-time observance, and,
// for a zone without any, one STANDARD with its offset. The calendar
// feed (feed/) describes its zone the same way.
func VTimezone(loc *time.Location, at time.Time) *ics.VTimezone {
	vtz := ics.NewTimezone(loc.String())
	from := time.Date(at.In(loc).Year()-1, 1, 1, 0, 0, 0, 0, loc)
	to := time.Date(at.In(loc).Year()+2, 1, 1, 0, 0, 0, 0, loc)
	prevName, prevOff := from.Zone()
	n := 0
	for t := from; t.Before(to); {
		// Go exposes a zone's transitions one at a time.
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		name, off := end.In(loc).Zone()
		if off != prevOff {
			base := ics.ComponentBase{}
			// DTSTART is the onset in the local time in force before it.
			base.SetProperty(ics.ComponentPropertyDtStart, end.In(time.FixedZone("", prevOff)).Format("20060102T150405"))
			base.SetProperty(ics.ComponentProperty("TZOFFSETFROM"), offset(prevOff))
			base.SetProperty(ics.ComponentProperty("TZOFFSETTO"), offset(off))
			base.SetProperty(ics.ComponentProperty("TZNAME"), name)
			if isDST(loc, end) {
				vtz.Components = append(vtz.Components, &ics.Daylight{ComponentBase: base})
			} else {
				vtz.Components = append(vtz.Components, &ics.Standard{ComponentBase: base})
			}
			n++
		}
		prevName, prevOff = name, off
		t = end
	}
	if n == 0 {
		std := vtz.AddStandard()
		std.SetProperty(ics.ComponentPropertyDtStart, "19700101T000000")
		std.SetProperty(ics.ComponentProperty("TZOFFSETFROM"), offset(prevOff))
		std.SetProperty(ics.ComponentProperty("TZOFFSETTO"), offset(prevOff))
		std.SetProperty(ics.ComponentProperty("TZNAME"), prevName)
	}
	return vtz
}

// isDST tells whether t is in loc's summer time: its offset is above the
// lowest offset loc has in t's year.
func isDST(loc *time.Location, t time.Time) bool {
	y := t.In(loc).Year()
	_, jan := time.Date(y, 1, 1, 12, 0, 0, 0, loc).Zone()
	_, jul := time.Date(y, 7, 1, 12, 0, 0, 0, loc).Zone()
	_, off := t.In(loc).Zone()
	return off > min(jan, jul)
}

// offset formats seconds east of UTC as RFC 5545's UTC-OFFSET: +0100.
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}
