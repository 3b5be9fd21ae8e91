package conversations

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// demoEmails are the customers of the demo directory's own bookings.
const demoEmails = "@demo.rendezvous.invalid"

// check compares what the conversation left, read through the API, with
// what it must have left.
func (p *play) check(ctx context.Context) {
	e := p.c.Expect
	p.checkReply("the last reply", p.last, e.Reply, e.Language)
	made := p.made()
	switch e.Outcome {
	case OutcomeBooked:
		if len(made) != 1 {
			p.problem("bookings made: %v, want one", made)
		}
		if len(made) == 0 {
			return
		}
		if b := p.read(ctx, made[len(made)-1]); b != nil {
			p.wantStatus(b, "booked")
			p.checkBooking(ctx, b)
		}
		p.checkSetupUnchanged(ctx)
	case OutcomeCancelled:
		id := p.target(made)
		if id == "" {
			p.problem("nothing was booked, so nothing could be cancelled")
			return
		}
		if !p.did("cancelled", id) {
			p.problem("%s was not cancelled in the conversation", id)
		}
		if b := p.read(ctx, id); b != nil {
			p.wantStatus(b, "cancelled")
		}
		p.checkNotRebooked(made)
	case OutcomeMoved:
		id := p.target(made)
		if id == "" {
			p.problem("nothing was booked, so nothing could be moved")
			return
		}
		if !p.did("rescheduled", id) {
			p.problem("%s was not moved in the conversation", id)
		}
		if b := p.read(ctx, id); b != nil {
			p.wantStatus(b, "booked")
			if b.Start.Equal(p.firstStart(id)) {
				p.problem("booking %s is still at %s", id, b.Start.Format(time.RFC3339))
			}
			p.checkBooking(ctx, b)
		}
		p.checkNotRebooked(made)
	case OutcomeNothing:
		p.checkSetupUnchanged(ctx)
		p.checkNoNewBooking(ctx)
	}
}

// target is the booking a cancellation or a move is about: the one made
// beforehand, or else the first one the conversation made.
func (p *play) target(made []string) string {
	if p.setup != nil {
		return p.setup.ID
	}
	if len(made) > 0 {
		return made[0]
	}
	return ""
}

// firstStart is when a booking started when it was made.
func (p *play) firstStart(id string) time.Time {
	if p.setup != nil && p.setup.ID == id {
		return p.setup.Start
	}
	for _, a := range p.acts {
		if a.action == "booked" && a.bookingID == id {
			return a.start
		}
	}
	return time.Time{}
}

func (p *play) did(action, id string) bool {
	return slices.ContainsFunc(p.acts, func(a act) bool { return a.action == action && a.bookingID == id })
}

// checkNotRebooked: a cancellation or a move books nothing new.
func (p *play) checkNotRebooked(made []string) {
	if p.setup != nil && len(made) > 0 || p.setup == nil && len(made) > 1 {
		p.problem("bookings made: %v; the booking concerned must be changed, not booked again", made)
	}
}

// read reads a booking with the last manage token the conversation had
// for it.
func (p *play) read(ctx context.Context, id string) *httpapi.BookingJSON {
	token, ok := p.tokens[id]
	if !ok {
		p.problem("no manage token was given for %s", id)
		return nil
	}
	b, err := p.cl.booking(ctx, id, token)
	if err != nil {
		p.problem("read %s: %v", id, err)
		return nil
	}
	return b
}

func (p *play) wantStatus(b *httpapi.BookingJSON, status string) {
	if b.Status != status {
		p.problem("booking %s is %s, want %s", b.ID, b.Status, status)
	}
}

// checkSetupUnchanged: the booking made beforehand is still booked, at
// the same time.
func (p *play) checkSetupUnchanged(ctx context.Context) {
	if p.setup == nil {
		return
	}
	if b := p.read(ctx, p.setup.ID); b != nil && (b.Status != "booked" || !b.Start.Equal(p.setup.Start)) {
		p.problem("the booking made beforehand changed: %s at %s, was booked at %s", b.Status, b.Start.Format(time.RFC3339), p.setup.Start.Format(time.RFC3339))
	}
}

// checkNoNewBooking asks the admin API for the bookings of every
// provider the conversation was shown: none but the demo's and the one
// made beforehand.
func (p *play) checkNoNewBooking(ctx context.Context) {
	from := p.cl.site.Now.In(paris).AddDate(0, 0, -1)
	to := from.AddDate(0, 0, 89)
	for id := range p.seen {
		bs, err := p.cl.providerBookings(ctx, id, from.Format(time.DateOnly), to.Format(time.DateOnly))
		if err != nil {
			p.problem("admin bookings of provider %d: %v", id, err)
			continue
		}
		for _, b := range bs {
			if !strings.HasSuffix(b.Customer.Email, demoEmails) && (p.setup == nil || b.ID != p.setup.ID) {
				p.problem("booking %s (%s) with %s at %s, want nothing booked", b.ID, b.Status, b.ProviderName, b.Start.Format(time.RFC3339))
			}
		}
	}
}

// checkBooking compares a booking with the expected kind, city, day,
// time, provider and customer.
func (p *play) checkBooking(ctx context.Context, b *httpapi.BookingJSON) {
	e := p.c.Expect
	prov, err := p.cl.provider(ctx, b.ProviderID)
	if err != nil {
		p.problem("provider %d: %v", b.ProviderID, err)
		return
	}
	loc, err := time.LoadLocation(prov.TimeZone)
	if err != nil {
		p.problem("provider %d: zone %q: %v", prov.ID, prov.TimeZone, err)
		return
	}
	local := b.Start.In(loc)
	day, at := local.Format(time.DateOnly), local.Format("15:04")
	got := "a " + string(prov.Kind) + " in " + prov.City + " (" + prov.Name + ") on " + day + " at " + at
	if e.Kind != "" && string(prov.Kind) != e.Kind {
		p.problem("booked %s, want a %s", got, e.Kind)
	}
	if e.City != "" && rendezvous.FoldKey(prov.City) != rendezvous.FoldKey(e.City) {
		p.problem("booked %s, want %s", got, e.City)
	}
	switch {
	case e.Date != "" && day != e.Date:
		p.problem("booked %s, want on %s", got, e.Date)
	case len(e.Dates) > 0 && !slices.Contains(e.Dates, day):
		p.problem("booked %s, want on one of %v", got, e.Dates)
	case e.DateFrom != "" && (day < e.DateFrom || day > e.DateTo):
		p.problem("booked %s, want from %s to %s", got, e.DateFrom, e.DateTo)
	case slices.Contains(e.NotDates, day):
		p.problem("booked %s, want not on %v", got, e.NotDates)
	}
	if e.Time != "" && at != e.Time {
		p.problem("booked %s, want at %s", got, e.Time)
	}
	if e.From != "" && (at < e.From || at >= e.To) {
		p.problem("booked %s, want from %s to %s", got, e.From, e.To)
	}
	if n := e.LaterThan; n > 0 {
		for _, o := range p.offered[n-1] {
			if !b.Start.After(o.Start) {
				p.problem("booked %s, want later than %s, proposed after message %d", got, o.Start.In(loc).Format("Mon 15:04"), n)
				break
			}
		}
	}
	if n := e.EarlierThan; n > 0 {
		for _, o := range p.offered[n-1] {
			if !b.Start.Before(o.Start) {
				p.problem("booked %s, want earlier than %s, proposed after message %d", got, o.Start.In(loc).Format("Mon 15:04"), n)
				break
			}
		}
	}
	if n := e.OtherDayThan; n > 0 {
		for _, o := range p.offered[n-1] {
			if o.Start.In(loc).Format(time.DateOnly) == day {
				p.problem("booked %s, a day already proposed after message %d", got, n)
				break
			}
		}
	}
	if n := e.OtherProviderThan; n > 0 {
		for _, o := range p.offered[n-1] {
			if o.ProviderID == b.ProviderID {
				p.problem("booked %s, a provider already proposed after message %d", got, n)
				break
			}
		}
	}
	if n, i := e.ProposalOf, e.Proposal; n > 0 {
		if os := p.offered[n-1]; i > len(os) {
			p.problem("booked %s, want proposal %d of message %d, which proposed %d", got, i, n, len(os))
		} else if o := os[i-1]; !o.Start.Equal(b.Start) || o.ProviderID != b.ProviderID {
			p.problem("booked %s, want proposal %d of message %d: %s at %s", got, i, n, o.ProviderName, o.Start.In(loc).Format("Mon 2 15:04"))
		}
	}
	if e.Provider != "" && rendezvous.FoldKey(prov.Name) != rendezvous.FoldKey(e.Provider) {
		p.problem("booked %s, want with %s", got, e.Provider)
	}
	if len(e.Providers) > 0 && !slices.ContainsFunc(e.Providers, func(n string) bool { return rendezvous.FoldKey(n) == rendezvous.FoldKey(prov.Name) }) {
		p.problem("booked %s, want with one of %v", got, e.Providers)
	}
	c := b.Customer
	if e.Name != "" && c.Name != e.Name {
		p.problem("booked for the name %q, want %q", c.Name, e.Name)
	}
	if e.Email != "" && c.Email != e.Email {
		p.problem("booked for the email %q, want %q", c.Email, e.Email)
	}
	if e.Phone != "" && c.Phone != e.Phone {
		p.problem("booked for the phone %q, want %q", c.Phone, e.Phone)
	}
}
