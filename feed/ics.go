package feed

import (
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/notify"
)

// A feed is an RFC 5545 calendar without METHOD (a published calendar,
// not a message), one VEVENT per active booking. Its UID is the
// booking's id, as in the emails' invites and the web's .ics, so that a
// calendar holding both sees one event. DTSTAMP is the booking's last
// change rather than the time of the request: the same bookings give the
// same bytes, hence the same ETag, and a client's poll costs a 304.
// Times carry the provider's zone with its VTIMEZONE (Outlook ignores a
// bare IANA name). REFRESH-INTERVAL and X-PUBLISHED-TTL ask clients to
// poll every 15 minutes; Google Calendar decides for itself (hours).

// refresh is how often clients are asked to poll.
const refresh = "PT15M"

// render returns the feed of provider p with its bookings bs, at now
// (which only picks the years of the zone's description).
func render(p *rendezvous.Provider, bs []*rendezvous.Booking, contact bool, now time.Time) ([]byte, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//Rendezvous//Calendar feed//EN")
	cal.SetName(plain(p.Name))
	cal.SetXWRCalName(plain(p.Name))
	cal.SetXWRTimezone(loc.String())
	cal.SetRefreshInterval(refresh)
	cal.SetXPublishedTTL(refresh)
	notify.AddZone(cal, loc, now)
	for _, b := range bs {
		if !b.Active() {
			continue
		}
		ev := cal.AddEvent(b.ID)
		ev.SetSequence(b.TokenVersion)
		ev.SetDtStampTime(b.UpdatedAt)
		ev.SetCreatedTime(b.CreatedAt)
		ev.SetModifiedAt(b.UpdatedAt)
		notify.SetTimes(ev, b.Start, b.End, loc)
		service := ""
		if s, ok := p.Service(b.ServiceID); ok {
			service = s.Name
		}
		ev.SetSummary(plain(join(" — ", service, b.Customer.Name)))
		desc := []string{"Ref. " + b.ID}
		if contact {
			desc = append(desc, b.Customer.Email, b.Customer.Phone)
		}
		ev.SetDescription(plain(join("\n", desc...)))
		ev.SetLocation(plain(join(", ", p.Address, p.City)))
		ev.SetStatus(ics.ObjectStatusConfirmed)
		// Busy for free/busy look-ups, and never an alarm of ours: the
		// provider's own calendar decides.
		ev.SetTimeTransparency(ics.TransparencyOpaque)
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows)), nil
}

// plain keeps angle brackets out of the feed's texts: some calendar
// clients (web ones above all) render a description as HTML, and a name
// typed as "<img onerror=…>" by whoever booked must stay text there.
// Nobody's name or address needs them; the lookalikes ‹ › read the same.
var plain = strings.NewReplacer("<", "‹", ">", "›").Replace

func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
