package httpapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/waitlist"
)

// Waitlist keeps customers waiting for a slot that fits (waitlist).
type Waitlist interface {
	Join(ctx context.Context, e rendezvous.WaitlistEntry) (*rendezvous.WaitlistEntry, error)
	Entries(ctx context.Context, email string) ([]*rendezvous.WaitlistEntry, error)
	Leave(ctx context.Context, id, email string) error
	Erase(ctx context.Context, email string) (int, error)
	Offer(ctx context.Context, token string) (*waitlist.Offered, error)
	Book(ctx context.Context, token string) (*waitlist.Booked, error)
	List(ctx context.Context, f rendezvous.WaitlistFilter) ([]*rendezvous.WaitlistEntry, error)
}

// WaitlistRequestJSON asks to be told when a slot that fits frees up.
type WaitlistRequestJSON struct {
	Kind       rendezvous.Kind      `json:"kind,omitempty" doc:"with city: any provider of the kind in the city"`
	City       string               `json:"city,omitempty"`
	ProviderID int64                `json:"provider_id,omitempty" doc:"instead of kind and city: this provider only"`
	Service    string               `json:"service,omitempty" doc:"part of a service name; default each provider's first service"`
	ServiceID  int64                `json:"service_id,omitempty" doc:"with provider_id: this service"`
	From       string               `json:"from" doc:"the first day wanted (YYYY-MM-DD, in the providers' time zone) or an RFC 3339 instant"`
	To         string               `json:"to" doc:"the last day wanted, included (YYYY-MM-DD), or an RFC 3339 instant (excluded); at most 60 days ahead"`
	TimeFrom   string               `json:"time_from,omitempty" doc:"HH:MM: slots starting at or after it (default 00:00)"`
	TimeTo     string               `json:"time_to,omitempty" doc:"HH:MM: slots starting before it (default 24:00)"`
	Until      string               `json:"until,omitempty" doc:"when to stop waiting (YYYY-MM-DD, the end of that day, or RFC 3339); default and at most: to"`
	Customer   WaitlistCustomerJSON `json:"customer"`
	Language   string               `json:"language,omitempty" enum:"en,fr" doc:"of the offers' emails; default the provider's"`
}

// WaitlistCustomerJSON is who to book for; the address is the email
// token's.
type WaitlistCustomerJSON struct {
	Name  string `json:"name" doc:"1 to 100 characters"`
	Phone string `json:"phone"`
}

// WaitlistEntryJSON is an entry of the waitlist.
type WaitlistEntryJSON struct {
	ID         string          `json:"id" doc:"withdraw it with DELETE /v1/waitlist/{id}"`
	Status     string          `json:"status" enum:"waiting,booked,expired"`
	Kind       rendezvous.Kind `json:"kind,omitempty"`
	City       string          `json:"city,omitempty"`
	ProviderID int64           `json:"provider_id,omitempty"`
	Service    string          `json:"service,omitempty"`
	ServiceID  int64           `json:"service_id,omitempty"`
	From       time.Time       `json:"from"`
	To         time.Time       `json:"to"`
	TimeFrom   string          `json:"time_from"`
	TimeTo     string          `json:"time_to"`
	ExpiresAt  time.Time       `json:"expires_at"`
	CreatedAt  time.Time       `json:"created_at"`
	BookingID  string          `json:"booking_id,omitempty" doc:"the booking its offer made"`
	Customer   *CustomerJSON   `json:"customer,omitempty" doc:"to the address's own holder; left out of the admin list"`
	Language   string          `json:"language"`
}

// WaitlistListJSON lists entries.
type WaitlistListJSON struct {
	Entries []WaitlistEntryJSON `json:"entries"`
}

// WaitlistPageJSON is a page of the admin list of entries.
type WaitlistPageJSON struct {
	Entries    []WaitlistEntryJSON `json:"entries" doc:"oldest first, without their customers"`
	NextCursor string              `json:"next_cursor,omitempty"`
}

// OfferJSON is a freed slot offered to a waitlisted customer.
type OfferJSON struct {
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	ProviderID   int64     `json:"provider_id"`
	ProviderName string    `json:"provider_name"`
	Address      string    `json:"address"`
	ServiceID    int64     `json:"service_id"`
	ServiceName  string    `json:"service_name"`
	ExpiresAt    time.Time `json:"expires_at"`
	Status       string    `json:"status" enum:"open,used,expired"`
	Token        string    `json:"token,omitempty" doc:"book it with POST /v1/waitlist/offers/{token}/book"`
}

// OfferTakenJSON is the answer to an offer whose slot was taken first: a
// problem (code slot_taken) with the next free slot that fits, if any.
type OfferTakenJSON struct {
	Problem
	Next *OfferJSON `json:"next_offer,omitempty" doc:"the next free slot that fits the entry, with a link token of its own"`
}

func (s *Server) waitlistRoutes() []Endpoint {
	if s.waitlist == nil {
		return nil
	}
	admin := []Endpoint{
		{Method: "GET", Path: "/v1/admin/waitlist", OperationID: "adminListWaitlist", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
			Summary:     "Waitlist entries, oldest first",
			Description: "What customers wait for, without who they are (the waitlist writes to them itself; an export by address gives an operator a customer's entries).",
			Params: []Param{{Name: "provider_id", In: "query", Type: "integer", Description: "the entries for this provider"},
				{Name: "kind", In: "query", Type: "string", Enum: rendezvous.Kind("").JSONSchemaEnum(), Description: "the entries for any provider of this kind (matched without case)"},
				{Name: "city", In: "query", Type: "string", Description: "the entries for a kind in this city (matched without case or accents)"},
				{Name: "status", In: "query", Type: "string", Enum: rendezvous.WaitlistStatuses()},
				{Name: "limit", In: "query", Type: "integer", Description: "1 to 200, default 50"},
				{Name: "cursor", In: "query", Type: "string", Description: "next_cursor of the previous page"}},
			Responses: append([]Response{ok(200, "A page of entries", WaitlistPageJSON{})}, problems(400, 401, 422)...), Handle: s.adminListWaitlist},
	}
	if s.verifier == nil {
		return admin
	}
	token := Param{Name: "token", In: "path", Type: "string", Required: true, Description: "the offer's token, from the link of its email"}
	return append(admin, []Endpoint{
		{Method: "POST", Path: "/v1/waitlist", OperationID: "joinWaitlist", RateClass: RateBooking, Tag: "waitlist", Auth: AuthEmail,
			Summary:     "Be told by email when a slot that fits frees up",
			Description: "For the holder of an email token (POST /v1/email-verifications/{id}/confirm): when a cancellation, a move, time off removed or wider hours free a slot that fits, the address is emailed a link that books it in one step (first come, first served). At most 5 entries waiting per address; an entry waits until `until`, at most 60 days.",
			Body:        WaitlistRequestJSON{}, Responses: append([]Response{ok(201, "Waiting", WaitlistEntryJSON{})}, problems(400, 401, 404, 409, 413, 415, 422)...),
			Handle: s.joinWaitlist},
		{Method: "GET", Path: "/v1/me/waitlist", OperationID: "myWaitlist", RateClass: RateBooking, Tag: "waitlist", Auth: AuthEmail, PersonalData: true,
			Summary: "My waitlist entries", Responses: append([]Response{ok(200, "Every entry of the address, oldest first", WaitlistListJSON{})}, problems(401)...),
			Handle: s.myWaitlist},
		{Method: "DELETE", Path: "/v1/waitlist/{id}", OperationID: "leaveWaitlist", RateClass: RateBooking, Tag: "waitlist", Auth: AuthEmail,
			Summary: "Withdraw a waitlist entry", Params: []Param{{Name: "id", In: "path", Type: "string", Required: true}},
			Responses: append([]Response{{Status: http.StatusNoContent, Description: "Withdrawn: its offers no longer book"}}, problems(401, 404)...),
			Handle:    s.leaveWaitlist},
		{Method: "GET", Path: "/v1/waitlist/offers/{token}", OperationID: "getWaitlistOffer", RateClass: RateBooking, Tag: "waitlist",
			Summary: "The slot an offer's link books", Params: []Param{token},
			Responses: append([]Response{ok(200, "The offer", OfferJSON{})}, problems(401, 409)...), Handle: s.getOffer},
		{Method: "POST", Path: "/v1/waitlist/offers/{token}/book", OperationID: "bookWaitlistOffer", RateClass: RateBooking, Tag: "waitlist",
			Summary:     "Book an offer's slot in one step",
			Description: "Books the slot for the customer of the entry, with the details kept with it. First come, first served: when the slot was taken first, 409 slot_taken with the next free slot that fits (next_offer, with a token of its own). A repeated request gets the same booking; the offer books nothing else (409 offer_used), nor after it expired or its entry was withdrawn (409 offer_expired).",
			Params:      []Param{token},
			Responses: append([]Response{ok(201, "Booked; keep manage_token to manage it", BookingJSON{}),
				{Status: 409, Description: "slot_taken (with next_offer), offer_used, offer_expired", Body: OfferTakenJSON{}, ContentType: "application/problem+json"}},
				problems(401, 413, 415, 503)...), Handle: s.bookOffer},
	}...)
}

func (s *Server) joinWaitlist(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	var req WaitlistRequestJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	e := rendezvous.WaitlistEntry{Kind: req.Kind, City: req.City, ProviderID: req.ProviderID, Service: req.Service, ServiceID: req.ServiceID,
		Customer: rendezvous.Customer{Name: req.Customer.Name, Email: addr, Phone: req.Customer.Phone}, Language: req.Language}
	loc, err := s.waitlistZone(r.Context(), req)
	if err != nil {
		return err
	}
	var fields []rendezvous.FieldError
	var ok bool
	if e.From, ok = dayOrInstant(req.From, loc, false); !ok {
		fields = append(fields, fieldError("from", "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)"))
	}
	if e.To, ok = dayOrInstant(req.To, loc, true); !ok {
		fields = append(fields, fieldError("to", "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)"))
	}
	if req.Until != "" {
		if e.ExpiresAt, ok = dayOrInstant(req.Until, loc, true); !ok {
			fields = append(fields, fieldError("until", "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)"))
		}
	}
	for _, c := range []struct {
		field, v string
		dst      *rendezvous.ClockTime
	}{{"time_from", req.TimeFrom, &e.DayFrom}, {"time_to", req.TimeTo, &e.DayTo}} {
		if c.v == "" {
			continue
		}
		t, err := rendezvous.ParseClockTime(c.v)
		if err != nil {
			fields = append(fields, fieldError(c.field, "must be HH:MM"))
		}
		*c.dst = t
	}
	if req.TimeTo == "" {
		e.DayTo = 24 * 60
	}
	if err := rendezvous.ValidationError(fields); err != nil {
		return err
	}
	entry, err := s.waitlist.Join(r.Context(), e)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, waitlistEntryJSON(entry, s.desk.Now()))
	return nil
}

// waitlistZone is the zone in which a request's dates are read: its
// provider's, or its kind's in its city (UTC when the request names
// neither, which validation then refuses).
func (s *Server) waitlistZone(ctx context.Context, req WaitlistRequestJSON) (*time.Location, error) {
	switch {
	case req.ProviderID > 0:
		p, err := s.desk.Provider(ctx, req.ProviderID)
		if err != nil {
			return nil, err
		}
		return p.Location()
	case req.Kind.Valid() && req.City != "" && utf8.ValidString(req.City) && len(req.City) <= maxParamLength &&
		!strings.ContainsFunc(req.City, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return s.desk.Location(ctx, req.Kind, req.City)
	}
	return time.UTC, nil
}

// dayOrInstant reads an RFC 3339 instant, or a date: its first instant
// in loc, or, for end, the first instant of the next day.
func dayOrInstant(v string, loc *time.Location, end bool) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	d, err := booking.ParseDate(v)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		d.Day++
	}
	return d.In(loc), true
}

// waitlistEntryJSON is an entry for its customer, with their details.
func waitlistEntryJSON(e *rendezvous.WaitlistEntry, now time.Time) WaitlistEntryJSON {
	out := waitlistRequestJSON(e, now)
	out.Customer = &CustomerJSON{Name: e.Customer.Name, Email: e.Customer.Email, Phone: e.Customer.Phone}
	return out
}

// waitlistRequestJSON is an entry without its customer: what is waited
// for, not who waits.
func waitlistRequestJSON(e *rendezvous.WaitlistEntry, now time.Time) WaitlistEntryJSON {
	return WaitlistEntryJSON{ID: e.ID, Status: e.Status(now), Kind: e.Kind, City: e.City, ProviderID: e.ProviderID, Service: e.Service, ServiceID: e.ServiceID,
		From: e.From.UTC(), To: e.To.UTC(), TimeFrom: e.DayFrom.String(), TimeTo: e.DayTo.String(), ExpiresAt: e.ExpiresAt.UTC(), CreatedAt: e.CreatedAt.UTC(),
		BookingID: e.BookingID, Language: e.Language}
}

func (s *Server) adminListWaitlist(w http.ResponseWriter, r *http.Request) error {
	f := rendezvous.WaitlistFilter{}
	pid, err := queryInt(r, "provider_id", 0, 1, 1<<53)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 50, 1, waitlist.MaxListPage)
	if err != nil {
		return err
	}
	f.ProviderID, f.Limit = pid, int(limit)
	kind, err := queryString(r, "kind")
	if err != nil {
		return err
	}
	f.Kind = rendezvous.ParseKind(kind)
	if f.City, err = queryString(r, "city"); err != nil {
		return err
	}
	if f.Status, err = queryString(r, "status"); err != nil {
		return err
	}
	if f.AfterCreated, f.AfterID, err = decodeWaitlistCursor(r.URL.Query().Get("cursor")); err != nil {
		return err
	}
	es, err := s.waitlist.List(r.Context(), f)
	if err != nil {
		return err
	}
	now := s.desk.Now()
	out := WaitlistPageJSON{Entries: make([]WaitlistEntryJSON, 0, len(es))}
	for _, e := range es {
		out.Entries = append(out.Entries, waitlistRequestJSON(e, now))
	}
	if len(es) == f.Limit {
		last := es[len(es)-1]
		out.NextCursor = encodeWaitlistCursor(last.CreatedAt, last.ID)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// A waitlist cursor is the position of the page's last entry: when it was
// made and its id (entries are listed by both), opaque to clients.
func encodeWaitlistCursor(created time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("w" + strconv.FormatInt(created.UnixNano(), 10) + " " + id))
}

func decodeWaitlistCursor(s string) (time.Time, string, error) {
	if s == "" {
		return time.Time{}, "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && len(raw) > 1 && raw[0] == 'w' {
		ns, id, ok := strings.Cut(string(raw[1:]), " ")
		if n, err := strconv.ParseInt(ns, 10, 64); ok && err == nil && n > 0 && waitlist.IsEntryID(id) {
			return time.Unix(0, n).UTC(), id, nil
		}
	}
	return time.Time{}, "", badParam("cursor", "is not a cursor this API returned")
}

func (s *Server) myWaitlist(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	es, err := s.waitlist.Entries(r.Context(), addr)
	if err != nil {
		return err
	}
	now := s.desk.Now()
	out := WaitlistListJSON{Entries: make([]WaitlistEntryJSON, 0, len(es))}
	for _, e := range es {
		out.Entries = append(out.Entries, waitlistEntryJSON(e, now))
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) leaveWaitlist(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	if err := s.waitlist.Leave(r.Context(), r.PathValue("id"), addr); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// offerToken reads an offer's token from the path: a signed token is
// ASCII, and at most 4 KiB.
func offerToken(r *http.Request) (string, error) {
	t := r.PathValue("token")
	if t == "" || len(t) > 4096 || !utf8.ValidString(t) {
		return "", rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token is missing, invalid or expired")
	}
	return t, nil
}

func offerJSON(o *waitlist.Offered, now time.Time) OfferJSON {
	loc, err := o.Provider.Location()
	if err != nil {
		loc = time.UTC
	}
	status := "open"
	switch {
	case o.Offer.UsedAt != nil:
		status = "used"
	case !now.Before(o.Offer.ExpiresAt):
		status = "expired"
	}
	return OfferJSON{Start: o.Offer.Start.In(loc), End: o.Offer.Start.Add(o.Service.Duration).In(loc), ProviderID: o.Provider.ID,
		ProviderName: o.Provider.Name, Address: o.Provider.Address, ServiceID: o.Service.ID, ServiceName: o.Service.Name,
		ExpiresAt: o.Offer.ExpiresAt.UTC(), Status: status, Token: o.Token}
}

func (s *Server) getOffer(w http.ResponseWriter, r *http.Request) error {
	tok, err := offerToken(r)
	if err != nil {
		return err
	}
	o, err := s.waitlist.Offer(r.Context(), tok)
	if err != nil {
		return err
	}
	out := offerJSON(o, s.desk.Now())
	out.Token = ""
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) bookOffer(w http.ResponseWriter, r *http.Request) error {
	tok, err := offerToken(r)
	if err != nil {
		return err
	}
	if err := emptyBody(w, r); err != nil {
		return err
	}
	res, err := s.waitlist.Book(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	if res.Taken {
		p := problemOf(rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken, "someone booked this slot first"))
		p.Type, p.Title, p.Instance, p.RequestID = "urn:rendezvous:problem:"+p.Code, titleOf(p.Code), r.URL.Path, requestIDFrom(r.Context())
		out := OfferTakenJSON{Problem: p}
		if res.Next != nil {
			next := offerJSON(res.Next, s.desk.Now())
			out.Next = &next
			out.Detail += "; the next free slot that fits is offered"
		} else {
			out.Detail += "; no other free slot fits for now: the entry keeps waiting"
		}
		w.Header().Set("Content-Type", "application/problem+json")
		writeBody(w, http.StatusConflict, out)
		return nil
	}
	c := res.Confirmation
	writeJSON(w, http.StatusCreated, bookingJSON(c.Booking, c.Provider, c.Token))
	return nil
}
