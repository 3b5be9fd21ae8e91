package dialogue

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Desk is what the tools need of the booking desk.
type Desk interface {
	Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, int64, error)
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
	Earliest(ctx context.Context, q booking.SearchQuery) ([]rendezvous.Slot, error)
	ProviderSlots(ctx context.Context, providerID, serviceID int64, from, to booking.Date) ([]rendezvous.Slot, error)
	Location(ctx context.Context, kind rendezvous.Kind, city string) (*time.Location, error)
	Book(ctx context.Context, req rendezvous.BookingRequest) (*booking.Confirmation, error)
	Booking(ctx context.Context, id, token string) (*rendezvous.Booking, *rendezvous.Provider, error)
	Cancel(ctx context.Context, id, token string) (*booking.Confirmation, error)
	Reschedule(ctx context.Context, id, token string, start time.Time) (*booking.Confirmation, error)
	Lookup(ctx context.Context, reference, email string) (*booking.Confirmation, error)
	ManageToken(id string, version int) (string, error)
}

// The tools' names, as language models call them.
const (
	ToolSearchProviders   = "search_providers"
	ToolGetAvailability   = "get_availability"
	ToolCreateBooking     = "create_booking"
	ToolCancelBooking     = "cancel_booking"
	ToolRescheduleBooking = "reschedule_booking"
	ToolListMyBookings    = "list_my_bookings"
)

// Arguments of the tools. Their JSON Schemas are what language models see.

// SearchProvidersArgs finds providers.
type SearchProvidersArgs struct {
	Kind  string `json:"kind" enum:"hairdresser,dentist,general_practitioner,physiotherapist,psychologist"`
	City  string `json:"city"`
	Name  string `json:"name,omitempty" doc:"part of the provider's name"`
	Limit int    `json:"limit,omitempty" doc:"1 to 10, default 5"`
}

// GetAvailabilityArgs finds free slots, across a kind in a city or for
// one provider.
type GetAvailabilityArgs struct {
	Kind       string `json:"kind,omitempty" enum:"hairdresser,dentist,general_practitioner,physiotherapist,psychologist"`
	City       string `json:"city,omitempty"`
	ProviderID int64  `json:"provider_id,omitempty" doc:"only this provider's slots"`
	Service    string `json:"service,omitempty" doc:"part of a service name; default the provider's first service"`
	Date       string `json:"date,omitempty" doc:"YYYY-MM-DD in the provider's time zone; default from now on"`
	Time       string `json:"time,omitempty" doc:"HH:MM wanted start, 24-hour"`
	TimeApprox bool   `json:"time_approx,omitempty" doc:"the time is approximate (around, vers)"`
	PartOfDay  string `json:"part_of_day,omitempty" enum:"morning,afternoon,evening"`
	Limit      int    `json:"limit,omitempty" doc:"1 to 10, default 5"`
}

// CreateBookingArgs books a slot. The customer must have confirmed exactly
// this booking.
type CreateBookingArgs struct {
	ProviderID int64    `json:"provider_id"`
	ServiceID  int64    `json:"service_id"`
	Start      string   `json:"start" doc:"RFC 3339 start of a proposed slot"`
	Customer   Customer `json:"customer"`
}

// CancelBookingArgs cancels a booking of the session.
type CancelBookingArgs struct {
	BookingID string `json:"booking_id"`
}

// RescheduleBookingArgs moves a booking of the session.
type RescheduleBookingArgs struct {
	BookingID string `json:"booking_id"`
	Start     string `json:"start" doc:"RFC 3339 start of a proposed slot"`
}

// ListMyBookingsArgs lists the session's bookings; with a booking
// reference and the email it was made with, it first proves ownership of
// that one booking (and of no other booking of the email).
type ListMyBookingsArgs struct {
	Reference string `json:"reference,omitempty" doc:"a booking reference such as RDV-7K3M9QXW2A"`
	Email     string `json:"email,omitempty"`
}

// Results of the tools. What a tool returns may be shown to a language
// model (as JSON): it never carries a token, an email or a phone number —
// the fields that do are kept out of the JSON, for the manager's reply to
// the customer only.

// ProviderInfo is a provider in a tool result.
type ProviderInfo struct {
	ID       int64         `json:"id"`
	Name     string        `json:"name"`
	Kind     string        `json:"kind"`
	City     string        `json:"city"`
	Address  string        `json:"address"`
	Services []ServiceInfo `json:"services"`
}

// ServiceInfo is a service in a tool result.
type ServiceInfo struct {
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	DurationMinutes int    `json:"duration_minutes"`
	PriceCents      int64  `json:"price_cents"`
}

// ProvidersResult is search_providers' answer.
type ProvidersResult struct {
	Providers []ProviderInfo `json:"providers"`
}

// SlotsResult is get_availability's answer. Exact tells whether the slots
// start at the time asked for (otherwise they are the nearest ones).
type SlotsResult struct {
	Slots []Proposal `json:"slots"`
	Exact bool       `json:"exact"`
}

// BookingInfo is a booking in a tool result. Its customer is shown to the
// customer who proved the booking, never to a model.
type BookingInfo struct {
	BookingRef
	Customer Customer `json:"-"`
}

// BookingResult is the answer of the tools that change a booking. Token
// manages the booking as it now is; it goes to the customer, never to a
// model.
type BookingResult struct {
	Booking BookingInfo `json:"booking"`
	Token   string      `json:"-"`
}

// BookingsResult is list_my_bookings' answer.
type BookingsResult struct {
	Bookings []BookingInfo `json:"bookings"`
}

// NewRegistry returns the booking tools on desk.
func NewRegistry(desk Desk, limits Limits, metrics Metrics) *Registry {
	t := &bookingTools{desk: desk, lookups: limits.Lookups.withDefaults(), bookings: limits.Bookings.withDefaults()}
	return newRegistry(limits, metrics,
		&Tool{Name: ToolSearchProviders, Description: "Find providers of a kind (hairdresser, dentist, general_practitioner, physiotherapist, psychologist) in a city, optionally by name.",
			Args: SearchProvidersArgs{}, Run: t.searchProviders},
		&Tool{Name: ToolGetAvailability, Description: "Find real free slots: across every provider of a kind in a city, or for one provider; optionally on a date, near a time, or in a part of the day.",
			Args: GetAvailabilityArgs{}, Run: t.getAvailability},
		&Tool{Name: ToolCreateBooking, Description: "Book a proposed slot for the customer. Only works after the customer explicitly confirmed exactly this booking to the agent.",
			Args: CreateBookingArgs{}, Run: t.createBooking},
		&Tool{Name: ToolCancelBooking, Description: "Cancel one of the customer's own bookings, after the customer explicitly confirmed the cancellation.",
			Args: CancelBookingArgs{}, Run: t.cancelBooking},
		&Tool{Name: ToolRescheduleBooking, Description: "Move one of the customer's own bookings to a proposed slot of the same provider, after the customer explicitly confirmed it.",
			Args: RescheduleBookingArgs{}, Run: t.rescheduleBooking},
		&Tool{Name: ToolListMyBookings, Description: "List the customer's upcoming bookings. Give a booking reference and the email it was made with to find a booking made outside this conversation (that booking only).",
			Args: ListMyBookingsArgs{}, Run: t.listMyBookings},
	)
}

type bookingTools struct {
	desk     Desk
	lookups  LookupLimits
	bookings BookingLimits
}

func (bt *bookingTools) searchProviders(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(SearchProvidersArgs)
	limit := args.Limit
	if limit <= 0 || limit > 10 {
		limit = 5
	}
	ps, _, err := bt.desk.Providers(ctx, rendezvous.ProviderFilter{Kind: rendezvous.Kind(args.Kind), City: args.City, Query: args.Name, Limit: limit})
	if err != nil {
		return nil, err
	}
	t.did("searched_providers")
	out := ProvidersResult{Providers: []ProviderInfo{}}
	for _, p := range ps {
		out.Providers = append(out.Providers, providerInfo(p))
	}
	return out, nil
}

func providerInfo(p *rendezvous.Provider) ProviderInfo {
	pi := ProviderInfo{ID: p.ID, Name: p.Name, Kind: string(p.Kind), City: p.City, Address: p.Address, Services: []ServiceInfo{}}
	for _, s := range p.Services {
		pi.Services = append(pi.Services, ServiceInfo{ID: s.ID, Name: s.Name, DurationMinutes: int(s.Duration / time.Minute), PriceCents: s.PriceCents})
	}
	return pi
}

// partHours returns a part of the day as local hours [from, to). The
// afternoon starts at 13:00: noon is lunchtime, and someone who asks for
// "l'après-midi" does not expect a 12:00 slot (the hour around noon is
// reached by asking for a time, "vers midi").
func partHours(part string) ([2]int, bool) {
	switch part {
	case "morning":
		return [2]int{6, 12}, true
	case "afternoon":
		return [2]int{13, 18}, true
	case "evening":
		return [2]int{17, 22}, true
	}
	return [2]int{}, false
}

// searchDays bounds how far ahead a search without a date looks.
const searchDays = 14

func (bt *bookingTools) getAvailability(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(GetAvailabilityArgs)
	limit := args.Limit
	if limit <= 0 || limit > 10 {
		limit = 5
	}
	var (
		loc      *time.Location
		provider *rendezvous.Provider
		err      error
	)
	if args.ProviderID != 0 {
		if provider, err = bt.desk.Provider(ctx, args.ProviderID); err != nil {
			return nil, err
		}
		if loc, err = provider.Location(); err != nil {
			return nil, err
		}
	} else {
		if !rendezvous.Kind(args.Kind).Valid() || strings.TrimSpace(args.City) == "" {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "get_availability needs a kind and a city, or a provider_id")
		}
		loc, err = bt.desk.Location(ctx, rendezvous.Kind(args.Kind), args.City)
		if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
			t.did("checked_availability")
			return SlotsResult{Slots: []Proposal{}}, nil
		}
		if err != nil {
			return nil, err
		}
	}
	w, err := newWindow(args, t.Now, loc)
	if err != nil {
		return nil, err
	}
	t.did("checked_availability")
	search := func(from, to time.Time, n int) ([]rendezvous.Slot, error) {
		if provider != nil {
			return bt.providerSlots(ctx, provider, args.Service, from, to, loc)
		}
		return bt.desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.Kind(args.Kind), City: args.City, Service: args.Service, After: from, Before: to, Limit: n})
	}
	slots, exact, err := w.find(search, limit)
	if err != nil {
		return nil, err
	}
	out := SlotsResult{Slots: make([]Proposal, 0, len(slots)), Exact: exact}
	for _, s := range slots {
		p := Proposal{ProviderID: s.ProviderID, ProviderName: s.ProviderName, ServiceID: s.ServiceID, Start: s.Start, End: s.End}
		if provider != nil {
			p.ProviderName = provider.Name
			if svc, ok := provider.Service(s.ServiceID); ok {
				p.ServiceName = svc.Name
			}
		}
		out.Slots = append(out.Slots, p)
	}
	return out, nil
}

// providerSlots returns one provider's slots in [from, to).
func (bt *bookingTools) providerSlots(ctx context.Context, p *rendezvous.Provider, service string, from, to time.Time, loc *time.Location) ([]rendezvous.Slot, error) {
	var serviceID int64
	if len(p.Services) > 0 {
		serviceID = p.Services[0].ID
	}
	if key := rendezvous.FoldKey(service); key != "" {
		for _, s := range p.Services {
			if strings.Contains(rendezvous.FoldKey(s.Name), key) {
				serviceID = s.ID
				break
			}
		}
	}
	lf, lt := from.In(loc), to.Add(-time.Nanosecond).In(loc)
	slots, err := bt.desk.ProviderSlots(ctx, p.ID, serviceID,
		booking.Date{Year: lf.Year(), Month: lf.Month(), Day: lf.Day()}, booking.Date{Year: lt.Year(), Month: lt.Month(), Day: lt.Day()})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slots, func(s rendezvous.Slot) bool { return s.Start.Before(from) || !s.Start.Before(to) }), nil
}

// window turns what the customer asked for into time ranges to search.
type window struct {
	days       []time.Time // local midnights to search, in order
	loc        *time.Location
	now        time.Time
	part       [2]int // hours; zero = whole day
	atApprox   bool
	hasTime    bool
	hour, mins int
}

func newWindow(a GetAvailabilityArgs, now time.Time, loc *time.Location) (*window, error) {
	w := &window{loc: loc, now: now}
	if a.PartOfDay != "" {
		ph, ok := partHours(a.PartOfDay)
		if !ok {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "part_of_day must be morning, afternoon or evening")
		}
		w.part = ph
	}
	if a.Time != "" {
		c, err := rendezvous.ParseClockTime(a.Time)
		if err != nil {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "time must be HH:MM")
		}
		w.hasTime, w.hour, w.mins, w.atApprox = true, int(c)/60, int(c)%60, a.TimeApprox
	}
	today := now.In(loc)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	n := searchDays
	if a.Date != "" {
		d, err := time.ParseInLocation("2006-01-02", a.Date, loc)
		if err != nil {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "date must be YYYY-MM-DD")
		}
		first, n = d, 1
	}
	for i := range n {
		w.days = append(w.days, first.AddDate(0, 0, i))
	}
	return w, nil
}

// find searches day by day and returns up to limit slots. With a time, it
// first looks for slots starting exactly then (or within an hour when the
// time is approximate), and otherwise returns the nearest ones that day.
func (w *window) find(search func(from, to time.Time, n int) ([]rendezvous.Slot, error), limit int) ([]rendezvous.Slot, bool, error) {
	var out []rendezvous.Slot
	for _, day := range w.days {
		next := day.AddDate(0, 0, 1)
		from, to := day, next
		if w.part != [2]int{} {
			from = time.Date(day.Year(), day.Month(), day.Day(), w.part[0], 0, 0, 0, w.loc)
			to = time.Date(day.Year(), day.Month(), day.Day(), w.part[1], 0, 0, 0, w.loc)
		}
		if w.hasTime {
			at := time.Date(day.Year(), day.Month(), day.Day(), w.hour, w.mins, 0, 0, w.loc)
			if at.Before(w.now) {
				continue
			}
			slack := time.Minute
			if w.atApprox {
				slack = time.Hour + time.Minute
			}
			near, err := search(at.Add(-slack+time.Minute), at.Add(slack), limit)
			if err != nil {
				return nil, false, err
			}
			if len(near) > 0 {
				sortByDistance(near, at)
				return trim(near, limit), true, nil
			}
			if len(w.days) == 1 {
				// Nothing at that time on that day: the nearest ones instead.
				around, err := search(maxTime(day, at.Add(-3*time.Hour)), minTime(next, at.Add(3*time.Hour)), 50)
				if err != nil {
					return nil, false, err
				}
				sortByDistance(around, at)
				return trim(around, limit), false, nil
			}
			continue
		}
		if !to.After(w.now) {
			continue
		}
		found, err := search(maxTime(from, w.now), to, limit-len(out))
		if err != nil {
			return nil, false, err
		}
		out = append(out, found...)
		if len(out) >= limit {
			break
		}
	}
	return trim(out, limit), !w.hasTime, nil
}

func sortByDistance(slots []rendezvous.Slot, at time.Time) {
	slices.SortStableFunc(slots, func(a, b rendezvous.Slot) int {
		da, db := absDur(a.Start.Sub(at)), absDur(b.Start.Sub(at))
		if da != db {
			return int((da - db) / time.Second)
		}
		return a.Start.Compare(b.Start)
	})
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func trim(s []rendezvous.Slot, n int) []rendezvous.Slot {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func bookingInfo(b *rendezvous.Booking, p *rendezvous.Provider) BookingInfo {
	loc, err := p.Location()
	if err != nil {
		loc = time.UTC
	}
	svc, _ := p.Service(b.ServiceID)
	return BookingInfo{
		BookingRef: BookingRef{ID: b.ID, ProviderID: b.ProviderID, ProviderName: p.Name, ServiceID: b.ServiceID, ServiceName: svc.Name,
			Start: b.Start.In(loc), End: b.End.In(loc), Status: string(b.Status)},
		Customer: Customer{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone},
	}
}

// errNotConfirmed refuses a change the customer did not confirm.
func errNotConfirmed(what string) error {
	return rendezvous.Errorf(rendezvous.EFORBIDDEN, "%s needs the customer's explicit confirmation of exactly this change first", what)
}

func parseToolStart(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, rendezvous.Errorf(rendezvous.EINVALID, "start must be an RFC 3339 time")
	}
	return t, nil
}

func (bt *bookingTools) createBooking(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(CreateBookingArgs)
	start, err := parseToolStart(args.Start)
	if err != nil {
		return nil, err
	}
	want := &Action{Kind: "book", ProviderID: args.ProviderID, ServiceID: args.ServiceID, Start: start, Customer: args.Customer}
	if !want.Same(t.State.Confirmed) {
		return nil, errNotConfirmed("a booking")
	}
	// A confirmation is good for one booking.
	t.State.Confirmed = nil
	if err := bt.allowBooking(ctx, t); err != nil {
		return nil, err
	}
	c, err := bt.desk.Book(ctx, rendezvous.BookingRequest{ProviderID: args.ProviderID, ServiceID: args.ServiceID, Start: start,
		Customer:       rendezvous.Customer{Name: args.Customer.Name, Email: args.Customer.Email, Phone: args.Customer.Phone},
		Language:       t.State.Language, // the conversation's: the customer's emails follow it
		IdempotencyKey: bookingKey(t, want)})
	if err != nil {
		return nil, err
	}
	t.State.addGrant(c.Booking.ID, c.Booking.TokenVersion, ProofMade)
	t.did("booked")
	return BookingResult{Booking: bookingInfo(c.Booking, c.Provider), Token: c.Token}, nil
}

// grantToken mints a manage token for a booking the session may manage.
func (bt *bookingTools) grantToken(t *Turn, id string) (string, error) {
	g, ok := t.State.grant(id)
	if !ok {
		return "", rendezvous.Errorf(rendezvous.EFORBIDDEN, "this conversation may not manage booking %s", id)
	}
	return bt.desk.ManageToken(g.BookingID, g.Version)
}

// revoked tells whether err means that the session's grant no longer
// holds (the booking changed elsewhere, or was erased): the grant is
// then dropped.
func revoked(t *Turn, id string, err error) bool {
	switch rendezvous.ErrorCodeOf(err) {
	case rendezvous.EUNAUTHORIZED, rendezvous.ENOTFOUND:
		t.State.dropGrant(id)
		return true
	}
	return false
}

func (bt *bookingTools) cancelBooking(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(CancelBookingArgs)
	token, err := bt.grantToken(t, args.BookingID)
	if err != nil {
		return nil, err
	}
	if !(&Action{Kind: "cancel", BookingID: args.BookingID}).Same(t.State.Confirmed) {
		return nil, errNotConfirmed("a cancellation")
	}
	t.State.Confirmed = nil
	c, err := bt.desk.Cancel(ctx, args.BookingID, token)
	if err != nil {
		revoked(t, args.BookingID, err)
		return nil, err
	}
	t.State.addGrant(c.Booking.ID, c.Booking.TokenVersion, ProofMade)
	t.did("cancelled")
	return BookingResult{Booking: bookingInfo(c.Booking, c.Provider), Token: c.Token}, nil
}

func (bt *bookingTools) rescheduleBooking(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(RescheduleBookingArgs)
	token, err := bt.grantToken(t, args.BookingID)
	if err != nil {
		return nil, err
	}
	start, err := parseToolStart(args.Start)
	if err != nil {
		return nil, err
	}
	if !(&Action{Kind: "reschedule", BookingID: args.BookingID, Start: start}).Same(t.State.Confirmed) {
		return nil, errNotConfirmed("moving a booking")
	}
	t.State.Confirmed = nil
	c, err := bt.desk.Reschedule(ctx, args.BookingID, token, start)
	if err != nil {
		revoked(t, args.BookingID, err)
		return nil, err
	}
	g, _ := t.State.grant(args.BookingID)
	t.State.addGrant(c.Booking.ID, c.Booking.TokenVersion, g.Proof)
	t.did("rescheduled")
	return BookingResult{Booking: bookingInfo(c.Booking, c.Provider), Token: c.Token}, nil
}

func (bt *bookingTools) listMyBookings(ctx context.Context, t *Turn, a any) (any, error) {
	args := a.(ListMyBookingsArgs)
	if args.Reference != "" || args.Email != "" {
		if err := bt.lookup(ctx, t, args.Reference, args.Email); err != nil {
			return nil, err
		}
	}
	out := BookingsResult{Bookings: []BookingInfo{}}
	for _, g := range slices.Clone(t.State.Granted) {
		token, err := bt.desk.ManageToken(g.BookingID, g.Version)
		if err != nil {
			return nil, fmt.Errorf("list bookings: %w", err)
		}
		b, p, err := bt.desk.Booking(ctx, g.BookingID, token)
		if revoked(t, g.BookingID, err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list bookings: %w", err)
		}
		if b.Active() && b.End.After(t.Now) {
			out.Bookings = append(out.Bookings, bookingInfo(b, p))
		}
	}
	slices.SortFunc(out.Bookings, func(a, b BookingInfo) int { return a.Start.Compare(b.Start) })
	t.did("listed_bookings")
	return out, nil
}
