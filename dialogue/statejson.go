package dialogue

import (
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// AppendJSON appends the state as json.Marshal writes it, byte for byte
// (TestStateAppendJSON fills every field at random and compares), without
// reflection: every turn stores its state, and encoding/json spent more
// time on it than the store did. It fails where json.Marshal fails (a
// time MarshalJSON cannot write). A field added to State, or to a type it
// holds, must be added here: the test fails until it is.
func (s *State) AppendJSON(b []byte) ([]byte, error) {
	w := jsonWriter{b: append(b, `{"language":`...)}
	w.string(s.Language)
	w.stringOmitEmpty("task", string(s.Task))
	w.stringOmitEmpty("intent", s.Intent)
	w.key("awaiting")
	w.string(s.Awaiting)
	w.stringOmitEmpty("kind", s.Kind)
	w.stringOmitEmpty("city", s.City)
	w.stringOmitEmpty("date", s.Date)
	w.stringOmitEmpty("time", s.Time)
	w.boolOmitEmpty("time_approx", s.TimeApprox)
	w.stringOmitEmpty("part_of_day", s.PartOfDay)
	w.stringOmitEmpty("provider_name", s.ProviderName)
	w.stringOmitEmpty("service", s.Service)
	w.stringOmitEmpty("date_end", s.DateEnd)
	w.stringOmitEmpty("time_from", s.TimeFrom)
	w.stringOmitEmpty("time_to", s.TimeTo)
	w.timeOmitZero("after", s.After)
	arrayOmitEmpty(&w, "exclude_dates", s.ExcludeDates, func(d *string) { w.string(*d) })
	arrayOmitEmpty(&w, "exclude_providers", s.ExcludeProviders, func(id *int64) { w.int(*id) })
	w.timeOmitZero("booked", s.Booked)
	if s.RefDays != nil {
		w.key("ref_days")
		w.int(int64(*s.RefDays))
	}
	if s.DaysAhead != nil {
		w.key("days_ahead")
		w.int(int64(*s.DaysAhead))
	}
	w.stringOmitEmpty("refine", s.Refine)
	arrayOmitEmpty(&w, "proposals", s.Proposals, w.proposal)
	if s.Chosen != nil {
		w.key("chosen")
		w.proposal(s.Chosen)
	}
	w.key("customer")
	w.customer(&s.Customer)
	if s.Target != nil {
		w.key("target")
		w.bookingRef(s.Target)
	}
	w.stringOmitEmpty("reference", s.Reference)
	if s.Pending != nil {
		w.key("pending")
		w.action(s.Pending)
	}
	if s.Confirmed != nil {
		w.key("confirmed")
		w.action(s.Confirmed)
	}
	arrayOmitEmpty(&w, "granted", s.Granted, w.grant)
	w.intOmitEmpty("lookup_failures", int64(s.LookupFailures))
	w.stringOmitEmpty("verified_email", s.VerifiedEmail)
	w.timeOmitZero("verified_until", s.VerifiedUntil)
	if v := s.Verification; v != nil {
		w.key("verification")
		w.b = append(w.b, '{')
		first := len(w.b)
		w.stringOmitEmpty("id", v.ID)
		w.stringOmitEmpty("email", v.Email)
		w.openedAt(first)
		w.b = append(w.b, '}')
	}
	w.intOmitEmpty("misunderstood", int64(s.Misunderstood))
	if s.LastReply != 0 {
		w.key("last_reply")
		w.b = strconv.AppendUint(w.b, s.LastReply, 10)
	}
	w.stringOmitEmpty("suggested", s.Suggested)
	w.intOmitEmpty("provider_id", s.ProviderID)
	arrayOmitEmpty(&w, "options", s.Options, w.option)
	if s.Waitlist != nil {
		w.key("waitlist")
		w.waitlist(s.Waitlist)
	}
	w.intOmitEmpty("model_tokens", s.ModelTokens)
	if w.err != nil {
		return nil, w.err
	}
	return append(w.b, '}'), nil
}

func (w *jsonWriter) proposal(p *Proposal) {
	w.b = append(w.b, `{"provider_id":`...)
	w.int(p.ProviderID)
	w.key("provider_name")
	w.string(p.ProviderName)
	w.key("service_id")
	w.int(p.ServiceID)
	w.stringOmitEmpty("service_name", p.ServiceName)
	w.key("start")
	w.time(p.Start)
	w.key("end")
	w.time(p.End)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) grant(g *Grant) {
	w.b = append(w.b, `{"booking_id":`...)
	w.string(g.BookingID)
	w.key("version")
	w.int(int64(g.Version))
	w.key("proof")
	w.string(g.Proof)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) option(o *ProviderOption) {
	w.b = append(w.b, `{"id":`...)
	w.int(o.ID)
	w.key("name")
	w.string(o.Name)
	w.key("kind")
	w.string(o.Kind)
	w.key("city")
	w.string(o.City)
	w.key("address")
	w.string(o.Address)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) customer(c *Customer) {
	w.b = append(w.b, '{')
	first := len(w.b)
	w.stringOmitEmpty("name", c.Name)
	w.stringOmitEmpty("email", c.Email)
	w.stringOmitEmpty("phone", c.Phone)
	w.openedAt(first)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) bookingRef(r *BookingRef) {
	w.b = append(w.b, `{"id":`...)
	w.string(r.ID)
	w.key("provider_id")
	w.int(r.ProviderID)
	w.key("provider_name")
	w.string(r.ProviderName)
	w.key("service_id")
	w.int(r.ServiceID)
	w.key("service_name")
	w.string(r.ServiceName)
	w.key("start")
	w.time(r.Start)
	w.key("end")
	w.time(r.End)
	w.key("status")
	w.string(r.Status)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) action(a *Action) {
	w.b = append(w.b, `{"kind":`...)
	w.string(a.Kind)
	w.intOmitEmpty("provider_id", a.ProviderID)
	w.intOmitEmpty("service_id", a.ServiceID)
	w.timeOmitZero("start", a.Start)
	w.stringOmitEmpty("booking_id", a.BookingID)
	w.key("customer")
	w.customer(&a.Customer)
	w.stringOmitEmpty("summary", a.Summary)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) waitlist(l *WaitlistWish) {
	w.b = append(w.b, '{')
	first := len(w.b)
	w.stringOmitEmpty("kind", l.Kind)
	w.stringOmitEmpty("city", l.City)
	w.intOmitEmpty("provider_id", l.ProviderID)
	w.stringOmitEmpty("provider_name", l.ProviderName)
	w.stringOmitEmpty("service", l.Service)
	w.key("from")
	w.openedAt(first)
	w.time(l.From)
	w.key("to")
	w.time(l.To)
	w.key("time_from")
	w.string(l.TimeFrom)
	w.key("time_to")
	w.string(l.TimeTo)
	w.boolOmitEmpty("asked", l.Asked)
	w.boolOmitEmpty("accepted", l.Accepted)
	w.b = append(w.b, '}')
}

// jsonWriter writes the members of an object after its first: each key
// comes with the comma before it (openedAt takes back the comma of an
// object's first member when the members before it were all omitted).
// The first error is kept; writing goes on, and the caller returns it.
type jsonWriter struct {
	b   []byte
	err error
}

func (w *jsonWriter) key(k string) {
	w.b = append(w.b, ',', '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// openedAt removes the comma of the member written at first, if it is an
// object's first member.
func (w *jsonWriter) openedAt(first int) {
	if len(w.b) > first && w.b[first] == ',' {
		w.b = append(w.b[:first], w.b[first+1:]...)
	}
}

// arrayOmitEmpty writes a list under key, each item by item, unless it is
// empty (omitempty). A function, not a method: methods take no type
// parameters.
func arrayOmitEmpty[T any](w *jsonWriter, key string, items []T, item func(*T)) {
	if len(items) == 0 {
		return
	}
	w.key(key)
	w.b = append(w.b, '[')
	for i := range items {
		w.comma(i)
		item(&items[i])
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.b = append(w.b, ',')
	}
}

func (w *jsonWriter) string(s string) { w.b = rendezvous.AppendJSONString(w.b, s) }

func (w *jsonWriter) int(n int64) { w.b = strconv.AppendInt(w.b, n, 10) }

func (w *jsonWriter) time(t time.Time) {
	b, err := rendezvous.AppendJSONTime(w.b, t)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = b
}

func (w *jsonWriter) stringOmitEmpty(k, s string) {
	if s != "" {
		w.key(k)
		w.string(s)
	}
}

func (w *jsonWriter) intOmitEmpty(k string, n int64) {
	if n != 0 {
		w.key(k)
		w.int(n)
	}
}

func (w *jsonWriter) boolOmitEmpty(k string, v bool) {
	if v {
		w.key(k)
		w.b = append(w.b, "true"...)
	}
}

func (w *jsonWriter) timeOmitZero(k string, t time.Time) {
	if !t.IsZero() {
		w.key(k)
		w.time(t)
	}
}
