package abuse_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ref names a value of the fixture (an id, a token, a free slot) in an
// endpoint's template.
type ref string

// endpoint is a valid request to one endpoint of the API, as a template:
// the attacks take it and change one thing in it.
type endpoint struct {
	Name   string
	Method string
	// Path may hold {provider}, {service}, {booking}, {timeoff},
	// {session}, {verification}, {job}, {mail}, {waitlist}, {offer},
	// {webhook}, {delivery} and {feedtoken}, filled from the fixture.
	Path string
	// Query holds the parameters and their valid values (refs allowed).
	Query [][2]any
	// Body is the JSON body (maps, slices, strings, numbers, refs), or nil.
	Body any
	// Auth is "", "admin", "booking", "session" or "email": the
	// credential sent.
	Auth string
	// Limit is the body size limit of the endpoint.
	Limit int
}

// endpoints are every endpoint of the API with a valid request each
// (TestInjection checks the list against /openapi.json). The ones that
// end the fixture's booking, time off or session come last: attacks are
// sent in this order, so the others mostly find them alive.
func endpoints() []endpoint {
	const maxBody, chatBody = 64 << 10, 16 << 10
	hours := []any{map[string]any{"weekday": "monday", "start": "09:00", "end": "12:00"}, map[string]any{"weekday": "tuesday", "start": "14:00", "end": "18:30"}}
	return []endpoint{
		{Name: "Healthz", Method: "GET", Path: "/healthz"},
		{Name: "Readyz", Method: "GET", Path: "/readyz"},
		{Name: "OpenAPI", Method: "GET", Path: "/openapi.json"},
		{Name: "ListProviders", Method: "GET", Path: "/v1/providers",
			Query: [][2]any{{"kind", "dentist"}, {"city", "Lyon"}, {"q", "Dr"}, {"limit", "5"}, {"cursor", ref("cursor")}}},
		{Name: "GetProvider", Method: "GET", Path: "/v1/providers/{provider}"},
		{Name: "ProviderAvailability", Method: "GET", Path: "/v1/providers/{provider}/availability",
			Query: [][2]any{{"from", ref("from")}, {"to", ref("to")}, {"service_id", ref("service")}}},
		{Name: "SearchAvailability", Method: "GET", Path: "/v1/availability",
			Query: [][2]any{{"kind", "dentist"}, {"city", "Lyon"}, {"after", ref("from")}, {"before", ref("to")}, {"service", "consultation"}, {"limit", "3"}}},
		{Name: "CreateBooking", Method: "POST", Path: "/v1/bookings", Limit: maxBody,
			Body: map[string]any{"provider_id": ref("provider"), "service_id": ref("service"), "start": ref("slot"),
				"customer": map[string]any{"name": "Marie Curie", "email": "marie@example.com", "phone": "06 12 34 56 78"}}},
		{Name: "GetBooking", Method: "GET", Path: "/v1/bookings/{booking}", Auth: "booking"},
		{Name: "ExportBooking", Method: "GET", Path: "/v1/bookings/{booking}/export", Auth: "booking"},
		{Name: "OpenSession", Method: "POST", Path: "/v1/sessions", Body: map[string]any{"locale": "fr"}, Limit: chatBody},
		{Name: "ChatOpening", Method: "POST", Path: "/v1/chat", Body: map[string]any{"message": "I need a dentist in Lyon", "locale": "en"}, Limit: chatBody},
		{Name: "ChatInSession", Method: "POST", Path: "/v1/chat", Auth: "session", Limit: chatBody,
			Body: map[string]any{"session_id": ref("session"), "message": "tomorrow at 10", "locale": "en"}},
		{Name: "ChatStreamOpening", Method: "POST", Path: "/v1/chat/stream", Body: map[string]any{"message": "I need a dentist in Lyon", "locale": "en"}, Limit: chatBody},
		{Name: "ChatStreamInSession", Method: "POST", Path: "/v1/chat/stream", Auth: "session", Limit: chatBody,
			Body: map[string]any{"session_id": ref("session"), "message": "tomorrow at 10", "locale": "en"}},
		{Name: "GetSession", Method: "GET", Path: "/v1/sessions/{session}", Auth: "session"},
		{Name: "AdminCreateProvider", Method: "POST", Path: "/v1/admin/providers", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"name": "Cabinet Abus", "kind": "dentist", "city": "Lyon", "address": "1 rue de la Paix", "timezone": "Europe/Paris",
				"languages":      []any{"fr", "en"},
				"booking_policy": map[string]any{"slot_step_minutes": 30, "buffer_minutes": 0, "min_notice_minutes": 60, "horizon_days": 60},
				"services":       []any{map[string]any{"name": "Consultation", "duration_minutes": 30, "price_cents": 3000}},
				"hours":          hours}},
		{Name: "AdminUpdateProvider", Method: "PATCH", Path: "/v1/admin/providers/{provider}", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"name": "Cabinet Abus II", "kind": "dentist", "city": "Lyon", "address": "2 rue de la Paix", "timezone": "Europe/Paris",
				"languages": []any{"fr"}, "booking_policy": map[string]any{"slot_step_minutes": 30, "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 60}}},
		{Name: "AdminCreateService", Method: "POST", Path: "/v1/admin/providers/{provider}/services", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"name": "Détartrage", "duration_minutes": 45, "price_cents": 5000}},
		{Name: "AdminUpdateService", Method: "PATCH", Path: "/v1/admin/providers/{provider}/services/{service}", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"name": "Consultation longue", "duration_minutes": 30, "price_cents": 3500}},
		{Name: "AdminGetSchedule", Method: "GET", Path: "/v1/admin/providers/{provider}/schedule", Auth: "admin"},
		{Name: "AdminSetHours", Method: "PUT", Path: "/v1/admin/providers/{provider}/hours", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"hours": []any{map[string]any{"weekday": "monday", "start": "08:00", "end": "20:00"}}}},
		{Name: "AdminAddTimeOff", Method: "POST", Path: "/v1/admin/providers/{provider}/time-off", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"start": ref("offStart"), "end": ref("offEnd"), "reason": "congrès"}},
		{Name: "AdminListBookings", Method: "GET", Path: "/v1/admin/providers/{provider}/bookings", Auth: "admin",
			Query: [][2]any{{"from", ref("from")}, {"to", ref("to")}}},
		{Name: "Metrics", Method: "GET", Path: "/metrics", Auth: "admin"},
		{Name: "AdminReadyz", Method: "GET", Path: "/v1/admin/readyz", Auth: "admin"},
		// An address no booking of the fixture uses: erasing it changes nothing the other attacks need.
		{Name: "AdminPrivacyExport", Method: "POST", Path: "/v1/admin/privacy/export", Auth: "admin", Limit: maxBody, Body: map[string]any{"email": "nobody@example.com"}},
		{Name: "AdminPrivacyErase", Method: "POST", Path: "/v1/admin/privacy/erase", Auth: "admin", Limit: maxBody, Body: map[string]any{"email": "nobody@example.com"}},
		{Name: "AdminAuditLog", Method: "GET", Path: "/v1/admin/audit", Auth: "admin", Query: [][2]any{{"after", "0"}, {"limit", "10"}}},
		{Name: "AdminListJobs", Method: "GET", Path: "/v1/admin/jobs", Auth: "admin",
			Query: [][2]any{{"state", "completed"}, {"kind", "email.confirmation"}, {"limit", "10"}, {"cursor", ""}}},
		{Name: "AdminRetryJob", Method: "POST", Path: "/v1/admin/jobs/{job}/retry", Auth: "admin"},
		{Name: "AdminCreateWebhook", Method: "POST", Path: "/v1/admin/webhooks", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"url": ref("hookURL"), "description": "Agenda", "provider_ids": []any{ref("provider")}, "events": []any{"booking.created"}}},
		{Name: "AdminListWebhooks", Method: "GET", Path: "/v1/admin/webhooks", Auth: "admin"},
		{Name: "AdminGetWebhook", Method: "GET", Path: "/v1/admin/webhooks/{webhook}", Auth: "admin"},
		{Name: "AdminUpdateWebhook", Method: "PATCH", Path: "/v1/admin/webhooks/{webhook}", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"url": ref("hookURL"), "description": "Agenda II", "provider_ids": []any{ref("provider")},
				"events": []any{"booking.created", "booking.cancelled"}, "enabled": true}},
		{Name: "AdminRotateWebhookSecret", Method: "POST", Path: "/v1/admin/webhooks/{webhook}/rotate-secret", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"grace_seconds": 3600}},
		{Name: "AdminListWebhookDeliveries", Method: "GET", Path: "/v1/admin/webhooks/{webhook}/deliveries", Auth: "admin",
			Query: [][2]any{{"limit", "10"}, {"cursor", ""}}},
		{Name: "AdminGetWebhookDelivery", Method: "GET", Path: "/v1/admin/webhooks/{webhook}/deliveries/{delivery}", Auth: "admin"},
		{Name: "AdminReplayWebhookDelivery", Method: "POST", Path: "/v1/admin/webhooks/{webhook}/deliveries/{delivery}/replay", Auth: "admin"},
		// The feed before its administration: issuing one again kills the fixture's token.
		{Name: "CalendarFeed", Method: "GET", Path: "/v1/feeds/{feedtoken}"},
		{Name: "AdminGetCalendarFeed", Method: "GET", Path: "/v1/admin/providers/{provider}/calendar-feed", Auth: "admin"},
		{Name: "AdminUpdateCalendarFeed", Method: "PATCH", Path: "/v1/admin/providers/{provider}/calendar-feed", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"contact_details": true}},
		{Name: "AdminIssueCalendarFeed", Method: "POST", Path: "/v1/admin/providers/{provider}/calendar-feed", Auth: "admin", Limit: maxBody,
			Body: map[string]any{"contact_details": false}},
		{Name: "DevListMail", Method: "GET", Path: "/dev/mail", Query: [][2]any{{"limit", "5"}}},
		{Name: "DevGetMail", Method: "GET", Path: "/dev/mail/{mail}"},
		// To an address of no booking: the codes sent do not crowd out the fixture's own.
		{Name: "StartEmailVerification", Method: "POST", Path: "/v1/email-verifications", Limit: maxBody,
			Body: map[string]any{"email": "someone@example.com", "language": "fr"}},
		{Name: "ConfirmEmailVerification", Method: "POST", Path: "/v1/email-verifications/{verification}/confirm", Limit: maxBody,
			Body: map[string]any{"code": "123456"}},
		{Name: "MyBookings", Method: "GET", Path: "/v1/me/bookings", Auth: "email"},
		{Name: "MyExport", Method: "POST", Path: "/v1/me/export", Auth: "email", Limit: 1024, Body: map[string]any{}},
		{Name: "JoinWaitlist", Method: "POST", Path: "/v1/waitlist", Auth: "email", Limit: maxBody,
			Body: map[string]any{"kind": "dentist", "city": "Lyon", "service": "consultation", "from": ref("from"), "to": ref("to"),
				"time_from": "09:00", "time_to": "12:00", "until": ref("to"), "language": "fr",
				"customer": map[string]any{"name": "Pierre Curie", "phone": "06 98 76 54 32"}}},
		{Name: "MyWaitlist", Method: "GET", Path: "/v1/me/waitlist", Auth: "email"},
		{Name: "AdminListWaitlist", Method: "GET", Path: "/v1/admin/waitlist", Auth: "admin",
			Query: [][2]any{{"kind", "dentist"}, {"city", "Lyon"}, {"status", "waiting"}, {"limit", "10"}}},
		{Name: "GetWaitlistOffer", Method: "GET", Path: "/v1/waitlist/offers/{offer}"},
		{Name: "BookWaitlistOffer", Method: "POST", Path: "/v1/waitlist/offers/{offer}/book", Limit: 1024, Body: map[string]any{}},
		{Name: "LeaveWaitlist", Method: "DELETE", Path: "/v1/waitlist/{waitlist}", Auth: "email"},
		{Name: "RescheduleBooking", Method: "POST", Path: "/v1/bookings/{booking}/reschedule", Auth: "booking", Limit: maxBody,
			Body: map[string]any{"start": ref("slot")}},
		{Name: "AdminDeleteTimeOff", Method: "DELETE", Path: "/v1/admin/providers/{provider}/time-off/{timeoff}", Auth: "admin"},
		{Name: "AdminRevokeCalendarFeed", Method: "DELETE", Path: "/v1/admin/providers/{provider}/calendar-feed", Auth: "admin"},
		{Name: "AdminDeleteWebhook", Method: "DELETE", Path: "/v1/admin/webhooks/{webhook}", Auth: "admin"},
		{Name: "CancelBooking", Method: "POST", Path: "/v1/bookings/{booking}/cancel", Auth: "booking", Limit: 1024, Body: map[string]any{}},
		{Name: "EraseBooking", Method: "POST", Path: "/v1/bookings/{booking}/erase", Auth: "booking", Limit: 1024, Body: map[string]any{}},
		{Name: "DeleteSession", Method: "DELETE", Path: "/v1/sessions/{session}", Auth: "session"},
		{Name: "MyErase", Method: "POST", Path: "/v1/me/erase", Auth: "email", Limit: 1024, Body: map[string]any{}},
	}
}

// leafPath locates a value in a JSON template: keys and indexes.
type leafPath []any

func (p leafPath) String() string {
	var b strings.Builder
	for _, k := range p {
		switch k := k.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		case int:
			fmt.Fprintf(&b, "[%d]", k)
		}
	}
	return b.String()
}

// leaves returns the paths of every leaf (string, number, bool, ref) of a
// template, in a stable order.
func leaves(v any, at leafPath) []leafPath {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []leafPath
		for _, k := range keys {
			out = append(out, leaves(v[k], append(slices.Clip(at), k))...)
		}
		return out
	case []any:
		var out []leafPath
		for i, x := range v {
			out = append(out, leaves(x, append(slices.Clip(at), i))...)
		}
		return out
	}
	return []leafPath{at}
}

// descend returns the rest of at below key k, or nil if at does not go
// through k.
func descend(at leafPath, k any) leafPath {
	if len(at) == 0 || at[0] != k {
		return nil
	}
	return at[1:]
}

// placeholders returns the names of the placeholders in a path.
func placeholders(path string) []string {
	var out []string
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(path[i:], '}')
		out = append(out, path[i+1:i+j])
		path = path[i+j+1:]
	}
}
