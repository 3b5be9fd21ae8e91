package abuse_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fixture holds what the endpoints' templates refer to: a provider made
// for the test, one of its bookings, a time off, a chat session, and the
// credentials that go with them.
type fixture struct {
	values       map[string]any
	adminKey     string
	bookingToken string
	sessionToken string
	// emailToken proves the address of the fixture's booking.
	emailToken string
	// free are starts of the provider's free slots: each request that
	// books (or moves a booking) gets its own (see TestSameSlotRace for
	// many requests on one slot), until they run out.
	free []string
}

// newFixture makes the fixture through the API, as an administrator and
// a customer would.
func newFixture(t *testing.T, c *client, adminKey string) *fixture {
	t.Helper()
	fx := &fixture{values: map[string]any{}, adminKey: adminKey}
	week := make([]any, 0, 7)
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		week = append(week, map[string]any{"weekday": d, "start": "08:00", "end": "20:00"})
	}
	var p struct {
		ID       int64 `json:"id"`
		Services []struct {
			ID int64 `json:"id"`
		} `json:"services"`
	}
	mustOK(t, c, request{Method: "POST", Path: "/v1/admin/providers", Headers: bearer(adminKey), Body: jsonBody(map[string]any{
		"name": "Cabinet Fixture", "kind": "dentist", "city": "Lyon", "timezone": "Europe/Paris",
		"booking_policy": map[string]any{"slot_step_minutes": 30, "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 90},
		"services":       []any{map[string]any{"name": "Consultation", "duration_minutes": 30, "price_cents": 3000}},
		"hours":          week,
	})}, 201, &p)
	from, to := time.Now().AddDate(0, 0, 2), time.Now().AddDate(0, 0, 9)
	fx.values["provider"], fx.values["service"] = p.ID, p.Services[0].ID
	// A webhook before the booking, so that a delivery exists, to a
	// receiver in the test that takes everything.
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(hooks.Close)
	fx.values["hookURL"] = hooks.URL + "/rdv"
	var hook struct {
		ID string `json:"id"`
	}
	mustOK(t, c, request{Method: "POST", Path: "/v1/admin/webhooks", Headers: bearer(adminKey), Body: jsonBody(map[string]any{
		"url": fx.values["hookURL"], "provider_ids": []any{p.ID}})}, 201, &hook)
	fx.values["webhook"] = hook.ID
	fx.values["from"], fx.values["to"] = from.Format("2006-01-02"), to.Format("2006-01-02")
	var slots struct {
		Slots []struct {
			Start string `json:"start"`
		} `json:"slots"`
	}
	mustOK(t, c, request{Path: fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", p.ID, fx.values["from"],
		time.Now().AddDate(0, 0, 60).Format("2006-01-02"))}, 200, &slots)
	if len(slots.Slots) < 1000 {
		t.Fatalf("the fixture's provider has %d free slots", len(slots.Slots))
	}
	for _, sl := range slots.Slots[1:] {
		fx.free = append(fx.free, sl.Start)
	}
	var b bookingOut
	mustOK(t, c, request{Method: "POST", Path: "/v1/bookings", Body: jsonBody(map[string]any{
		"provider_id": p.ID, "service_id": p.Services[0].ID, "start": slots.Slots[0].Start,
		"customer": map[string]any{"name": "Pierre Curie", "email": "pierre@example.com", "phone": "06 98 76 54 32"},
	})}, 201, &b)
	fx.values["booking"], fx.bookingToken = b.ID, b.ManageToken
	off := time.Now().AddDate(0, 0, 30).Truncate(24 * time.Hour).Add(9 * time.Hour)
	fx.values["offStart"], fx.values["offEnd"] = off.Format(time.RFC3339), off.Add(2*time.Hour).Format(time.RFC3339)
	var to1 struct {
		ID int64 `json:"id"`
	}
	mustOK(t, c, request{Method: "POST", Path: fmt.Sprintf("/v1/admin/providers/%d/time-off", p.ID), Headers: bearer(adminKey),
		Body: jsonBody(map[string]any{"start": fx.values["offStart"], "end": fx.values["offEnd"], "reason": "fixture"})}, 201, &to1)
	fx.values["timeoff"] = to1.ID
	var ses chatAnswer
	mustOK(t, c, request{Method: "POST", Path: "/v1/sessions"}, 201, &ses)
	fx.values["session"], fx.sessionToken = ses.SessionID, ses.SessionToken
	var page struct {
		NextCursor *string `json:"next_cursor"`
	}
	mustOK(t, c, request{Path: "/v1/providers?limit=2"}, 200, &page)
	if page.NextCursor == nil {
		t.Fatal("no second page of providers")
	}
	fx.values["cursor"] = *page.NextCursor
	fx.proveEmail(t, c, "pierre@example.com")
	fx.waitForOffer(t, c, p.ID, p.Services[0].ID)
	var jobs struct {
		Jobs []struct {
			ID int64 `json:"id"`
		} `json:"jobs"`
	}
	mustOK(t, c, request{Path: "/v1/admin/jobs?limit=1", Headers: bearer(adminKey)}, 200, &jobs)
	if len(jobs.Jobs) == 0 {
		t.Fatal("no job after a booking and a code were sent")
	}
	fx.values["job"] = jobs.Jobs[0].ID
	fx.values["delivery"] = fx.awaitDelivery(t, c, hook.ID)
	var feed struct {
		URL string `json:"url"`
	}
	mustOK(t, c, request{Method: "POST", Path: fmt.Sprintf("/v1/admin/providers/%d/calendar-feed", p.ID), Headers: bearer(adminKey)}, 201, &feed)
	fx.values["feedtoken"] = feed.URL[strings.LastIndex(feed.URL, "/")+1:]
	return fx
}

// awaitDelivery polls the log of webhook hook for the delivery of the
// fixture's booking and returns its id.
func (fx *fixture) awaitDelivery(t *testing.T, c *client, hook string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var page struct {
			Deliveries []struct {
				ID string `json:"id"`
			} `json:"deliveries"`
		}
		mustOK(t, c, request{Path: "/v1/admin/webhooks/" + hook + "/deliveries", Headers: bearer(fx.adminKey)}, 200, &page)
		if len(page.Deliveries) > 0 {
			return page.Deliveries[0].ID
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("no webhook delivery of the fixture's booking")
	return ""
}

// proveEmail asks for a code to addr, reads it in the development
// mailbox, and keeps the email token; a second verification, left
// unconfirmed, is the one the attacks try codes on.
func (fx *fixture) proveEmail(t *testing.T, c *client, addr string) {
	t.Helper()
	var v struct {
		ID string `json:"id"`
	}
	mustOK(t, c, request{Method: "POST", Path: "/v1/email-verifications", Body: jsonBody(map[string]any{"email": addr})}, 202, &v)
	code, mail := fx.awaitCode(t, c, addr)
	var tok struct {
		EmailToken string `json:"email_token"`
	}
	mustOK(t, c, request{Method: "POST", Path: "/v1/email-verifications/" + v.ID + "/confirm", Body: jsonBody(map[string]any{"code": code})}, 200, &tok)
	fx.emailToken, fx.values["mail"] = tok.EmailToken, mail
	mustOK(t, c, request{Method: "POST", Path: "/v1/email-verifications", Body: jsonBody(map[string]any{"email": addr})}, 202, &v)
	fx.values["verification"] = v.ID
}

// awaitCode polls the development mailbox for the code sent to addr (the
// last word of the subject) and returns it with the message's id.
func (fx *fixture) awaitCode(t *testing.T, c *client, addr string) (code, id string) {
	t.Helper()
	return awaitMail(t, c, addr, func(subject string, _ func() string) string {
		if words := strings.Fields(subject); len(words) > 0 && isCode(words[len(words)-1]) {
			return words[len(words)-1]
		}
		return ""
	})
}

// awaitMail polls the development mailbox for a message to addr from which
// find (given its subject, and a reader of the raw message) takes a
// value, and returns the value and the message's id.
func awaitMail(t *testing.T, c *client, addr string, find func(subject string, raw func() string) string) (value, id string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var box struct {
			Messages []struct {
				ID      string `json:"id"`
				To      string `json:"to"`
				Subject string `json:"subject"`
			} `json:"messages"`
		}
		mustOK(t, c, request{Path: "/dev/mail?limit=50"}, 200, &box)
		for _, m := range box.Messages {
			if !strings.Contains(m.To, addr) {
				continue
			}
			raw := func() string {
				a, err := c.Do(request{Path: "/dev/mail/" + m.ID})
				if err != nil {
					t.Fatal(err)
				}
				return string(a.Body)
			}
			if v := find(m.Subject, raw); v != "" {
				return v, m.ID
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the awaited message did not reach %s in the development mailbox", addr)
	return "", ""
}

// isCode reports whether s is six digits.
func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// mustOK sends r, fails t unless the answer has status want, and decodes
// it into out.
func mustOK(t *testing.T, c *client, r request, want int, out any) {
	t.Helper()
	a, err := c.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != want {
		t.Fatalf("%s %s: %s, want %d", r.Method, r.Path, a, want)
	}
	if out != nil {
		if err := a.Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// takeSlot returns a free slot no request has been given yet, or the last
// one when they have all been given. Not safe for concurrent use: attacks
// are made before they are sent.
func (fx *fixture) takeSlot() string {
	if len(fx.free) == 1 {
		return fx.free[0]
	}
	s := fx.free[0]
	fx.free = fx.free[1:]
	return s
}

// text returns the fixture's value of a ref, as text.
func (fx *fixture) text(name string) string { return fmt.Sprint(fx.values[name]) }

// auth returns the credential header of an endpoint.
func (fx *fixture) auth(e endpoint) []string {
	switch e.Auth {
	case "admin":
		return bearer(fx.adminKey)
	case "booking":
		return bearer(fx.bookingToken)
	case "session":
		return bearer(fx.sessionToken)
	case "email":
		return bearer(fx.emailToken)
	}
	return nil
}

// fill returns a copy of a template with its refs replaced by the
// fixture's values and, if at is not nil, the leaf at replaced by
// set(old value).
func (fx *fixture) fill(v any, at leafPath, set func(old any) any) any {
	here := at != nil && len(at) == 0
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fx.fill(e, descend(at, k), set)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fx.fill(e, descend(at, i), set)
		}
		return out
	case ref:
		if x == "slot" {
			v = fx.takeSlot()
		} else {
			v = fx.values[string(x)]
		}
	}
	if here {
		return set(v)
	}
	return v
}

// path returns the endpoint's path with the fixture's values, the
// placeholder named param (if any) replaced by set(old value), escaped.
func (fx *fixture) path(e endpoint, param string, set func(old string) string) string {
	p := e.Path
	for name := range fx.values {
		v := fx.text(name)
		if name == param {
			v = set(v)
		}
		p = strings.ReplaceAll(p, "{"+name+"}", url.PathEscape(v))
	}
	return p
}

// query returns the endpoint's query string with the fixture's values,
// the parameter named param (if any) replaced by set(old value).
func (fx *fixture) query(e endpoint, param string, set func(old string) string) string {
	if len(e.Query) == 0 && param == "" {
		return ""
	}
	var parts []string
	for _, kv := range e.Query {
		name := kv[0].(string)
		v := fmt.Sprint(kv[1])
		if r, ok := kv[1].(ref); ok {
			v = fx.text(string(r))
		}
		if name == param {
			v = set(v)
		}
		parts = append(parts, name+"="+url.QueryEscape(v))
	}
	return "?" + strings.Join(parts, "&")
}

// waitForOffer puts the proved address on the provider's waitlist, frees
// a slot (another customer books it and cancels), and keeps the entry's
// id and the token of the offer the matcher emails.
func (fx *fixture) waitForOffer(t *testing.T, c *client, provider, service int64) {
	t.Helper()
	var e struct {
		ID string `json:"id"`
	}
	mustOK(t, c, request{Method: "POST", Path: "/v1/waitlist", Headers: bearer(fx.emailToken), Body: jsonBody(map[string]any{
		"provider_id": provider, "from": fx.values["from"], "to": fx.values["to"],
		"customer": map[string]any{"name": "Pierre Curie", "phone": "06 98 76 54 32"},
	})}, 201, &e)
	fx.values["waitlist"] = e.ID
	var b bookingOut
	mustOK(t, c, request{Method: "POST", Path: "/v1/bookings", Body: jsonBody(map[string]any{
		"provider_id": provider, "service_id": service, "start": fx.takeSlot(),
		"customer": map[string]any{"name": "Irène Joliot", "email": "irene@example.com", "phone": "06 11 22 33 44"},
	})}, 201, &b)
	mustOK(t, c, request{Method: "POST", Path: "/v1/bookings/" + b.ID + "/cancel", Headers: bearer(b.ManageToken), Body: jsonBody(map[string]any{})}, 200, nil)
	fx.values["offer"], _ = awaitMail(t, c, "pierre@example.com", func(_ string, raw func() string) string { return offerToken(raw()) })
}

// offerToken finds the token of an offer's link in a raw message
// (quoted-printable soft line breaks undone).
func offerToken(raw string) string {
	raw = strings.NewReplacer("=\r\n", "", "=\n", "", "=3D", "=").Replace(raw)
	_, rest, ok := strings.Cut(raw, "#offer=")
	if !ok {
		return ""
	}
	end := strings.IndexAny(rest, "&\"<> \r\n")
	if end < 0 {
		return rest
	}
	return rest[:end]
}
