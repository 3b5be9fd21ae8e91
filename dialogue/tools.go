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
	Kind  rendezvous.Kind `json:"kind"`
	City  string          `json:"city"`
	Name  string          `json:"name,omitempty" doc:"part of the provider's name"`
	Limit int             `json:"limit,omitempty" doc:"1 to 10, default 5"`
}

// GetAvailabilityArgs finds free slots, across a kind in a city or for
// one provider.
type GetAvailabilityArgs struct {
	Kind       rendezvous.Kind `json:"kind,omitempty"`
	City       string          `json:"city,omitempty"`
	ProviderID int64           `json:"provider_id,omitempty" doc:"only this provider's slots"`
	Service    string          `json:"service,omitempty" doc:"part of a service name; default the provider's first service"`
	// ServiceID, with ProviderID, searches one service's slots: moving a
	// booking keeps its service.
	ServiceID  int64  `json:"service_id,omitempty" doc:"with provider_id: only this service's slots"`
	Date       string `json:"date,omitempty" doc:"YYYY-MM-DD in the provider's time zone; default from now on"`
	Time       string `json:"time,omitempty" doc:"HH:MM wanted start, 24-hour"`
	TimeApprox bool   `json:"time_approx,omitempty" doc:"the time is approximate (around, vers)"`
	PartOfDay  string `json:"part_of_day,omitempty" enum:"morning,afternoon,evening"`
	Limit      int    `json:"limit,omitempty" doc:"1 to 10, default 5"`
	// The window and follow-ups of a search: a stretch of the day
	// ("after 5", "entre 14h et 16h"), a span of days ("next week"), the
	// slots after the ones shown ("anything later?"), days ruled out.
	DateTo       string   `json:"date_to,omitempty" doc:"YYYY-MM-DD, with date: the last day of a span of days to search"`
	TimeFrom     string   `json:"time_from,omitempty" doc:"HH:MM, 24-hour: only slots starting at or after it"`
	TimeTo       string   `json:"time_to,omitempty" doc:"HH:MM, 24-hour: only slots starting before it (24:00 is the end of the day)"`
	StartAfter   string   `json:"start_after,omitempty" doc:"RFC 3339: only slots starting after it, to see more than those shown"`
	ExcludeDates []string `json:"exclude_dates,omitempty" doc:"YYYY-MM-DD days not to search"`
	// ExcludeProviders are the providers the customer does not want
	// ("anyone else?" after their slots).
	ExcludeProviders []int64 `json:"exclude_providers,omitempty" doc:"ids of providers whose slots are not wanted"`
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
// are what was asked for: at the time asked, within the window or part of
// the day asked (otherwise they are the nearest ones). Nearest tells that
// none fits the window or part of the day asked: the slots are the
// nearest to it, and must not be presented as fitting.
type SlotsResult struct {
	Slots   []Proposal `json:"slots"`
	Exact   bool       `json:"exact"`
	Nearest bool       `json:"nearest,omitempty"`
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

// NewRegistry returns the booking tools on desk, and extra tools
// (WaitlistTool).
func NewRegistry(desk Desk, limits Limits, metrics Metrics, extra ...*Tool) *Registry {
	t := &bookingTools{desk: desk, lookups: limits.Lookups.withDefaults(), bookings: limits.Bookings.withDefaults()}
	return newRegistry(limits, metrics, append([]*Tool{
		&Tool{Name: ToolSearchProviders, Description: "Find providers of a kind (" + strings.Join(rendezvous.Kind("").JSONSchemaEnum(), ", ") + ") in a city, optionally by name.",
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
	}, extra...)...)
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
	ps, _, err := bt.desk.Providers(ctx, rendezvous.ProviderFilter{Kind: args.Kind, City: args.City, Query: args.Name, Limit: limit})
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
			return bt.providerSlots(ctx, provider, args.Service, args.ServiceID, from, to, loc)
		}
		return bt.desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.Kind(args.Kind), City: args.City, Service: args.Service, After: from, Before: to, Limit: n,
			ExcludeProviders: args.ExcludeProviders})
	}
	found, err := w.find(search, limit)
	if err != nil {
		return nil, err
	}
	slots := found.slots
	out := SlotsResult{Slots: make([]Proposal, 0, len(slots)), Exact: found.exact, Nearest: found.nearest}
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
func (bt *bookingTools) providerSlots(ctx context.Context, p *rendezvous.Provider, service string, wantID int64, from, to time.Time, loc *time.Location) ([]rendezvous.Slot, error) {
	var serviceID int64
	if len(p.Services) > 0 {
		serviceID = p.Services[0].ID
	}
	if _, ok := p.Service(wantID); ok {
		serviceID = wantID
	} else if key := rendezvous.FoldKey(service); key != "" {
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
	want.Summary = t.State.Confirmed.Summary
	t.State.Confirmed = nil
	if err := bt.allowBooking(ctx, t); err != nil {
		return nil, err
	}
	// An address this conversation proved with a code books as the
	// customer's own (the cap of upcoming bookings counts it apart).
	proved := args.Customer.Email != "" && t.State.VerifiedEmail == args.Customer.Email && t.Now.Before(t.State.VerifiedUntil)
	c, err := bt.desk.Book(ctx, rendezvous.BookingRequest{ProviderID: args.ProviderID, ServiceID: args.ServiceID, Start: start,
		Customer:       rendezvous.Customer{Name: args.Customer.Name, Email: args.Customer.Email, Phone: args.Customer.Phone},
		Language:       t.State.Language, // the conversation's: the customer's emails follow it
		EmailVerified:  proved,
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
