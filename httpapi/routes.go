package httpapi

import (
	"net/http"

	"github.com/rendezvous-oss/rendezvous"
)

// Standard responses shared by many endpoints.
func problems(statuses ...int) []Response {
	desc := map[int]string{
		400: "Malformed request (bad JSON, unknown or duplicate field, bad parameter)",
		401: "Missing or invalid credentials",
		404: "Not found",
		409: "Conflict (slot_taken, booking_not_active, too_many_bookings, idempotency_key_in_flight)",
		413: "Body too large",
		415: "Body not declared as JSON (Content-Type: application/json)",
		422: "Validation failed (per-field errors), slot unavailable, window too large",
		429: "Too many requests",
		503: "A dependency is down (unavailable) or too slow (timeout); outcome_unknown: the change may or may not have been made, retry with the same Idempotency-Key",
	}
	out := make([]Response, 0, len(statuses))
	for _, st := range statuses {
		out = append(out, Response{Status: st, Description: desc[st], Body: Problem{}, ContentType: "application/problem+json"})
	}
	return out
}

func ok(status int, desc string, body any) Response {
	return Response{Status: status, Description: desc, Body: body}
}

// routes is the API: each endpoint's handler and documentation together.
func (s *Server) routes() []Endpoint {
	kindEnum := rendezvous.Kind("").JSONSchemaEnum()
	idParam := Param{Name: "id", In: "path", Type: "integer", Required: true, Description: "provider id"}
	bookingID := Param{Name: "id", In: "path", Type: "string", Required: true, Description: "booking id (the booking reference)"}
	return []Endpoint{
		{Method: "GET", Path: "/healthz", OperationID: "healthz", RateClass: RateOps, Tag: "operations", Summary: "Liveness: the process serves HTTP",
			Responses: []Response{ok(200, "Alive", HealthJSON{})}, Handle: s.healthz},
		{Method: "GET", Path: "/readyz", OperationID: "readyz", RateClass: RateReady, Tag: "operations", Summary: "Readiness: every required dependency answers",
			Description: "Each dependency by name, up or down; details are behind the admin key at /v1/admin/readyz. Results are reused for a second.",
			Responses:   []Response{ok(200, "Ready (or degraded: an optional dependency is down)", ReadyJSON{}), ok(503, "A required dependency is down", ReadyJSON{})}, Handle: s.readyz},
		{Method: "GET", Path: "/openapi.json", OperationID: "openapi", RateClass: RateOps, Tag: "operations", Summary: "This document",
			Responses: []Response{{Status: 200, Description: "OpenAPI 3.1 document", Body: map[string]any{}}}, Handle: s.openAPI},

		{Method: "GET", Path: "/v1/providers", OperationID: "listProviders", RateClass: RateRead, Tag: "directory", Summary: "List providers",
			Params: []Param{
				{Name: "kind", In: "query", Type: "string", Enum: kindEnum, Description: "matched without case"},
				{Name: "city", In: "query", Type: "string", Description: "case- and accent-insensitive"},
				{Name: "q", In: "query", Type: "string", Description: "part of the provider's name"},
				{Name: "limit", In: "query", Type: "integer", Description: "1 to 100, default 20"},
				{Name: "cursor", In: "query", Type: "string", Description: "next_cursor of the previous page"},
			},
			Responses: append([]Response{ok(200, "A page of providers", ProviderListJSON{})}, problems(400, 422)...), Handle: s.listProviders},
		{Method: "GET", Path: "/v1/providers/{id}", OperationID: "getProvider", RateClass: RateRead, Tag: "directory", Summary: "Get a provider",
			Params:    []Param{idParam},
			Responses: append([]Response{ok(200, "The provider", ProviderJSON{})}, problems(400, 404)...), Handle: s.getProvider},
		{Method: "GET", Path: "/v1/providers/{id}/availability", OperationID: "providerAvailability", RateClass: RateRead, Tag: "availability",
			Summary:     "Free slots of one provider",
			Description: "Slots whose start falls on a day from `from` to `to` inclusive (the provider's calendar days), at most 90 days.",
			Params: []Param{idParam,
				{Name: "from", In: "query", Type: "string", Format: "date", Required: true},
				{Name: "to", In: "query", Type: "string", Format: "date", Description: "default: from"},
				{Name: "service_id", In: "query", Type: "integer", Description: "default: the provider's first service"},
			},
			Responses: append([]Response{ok(200, "Free slots in time order", SlotListJSON{})}, problems(400, 404, 422)...), Handle: s.providerAvailability},
		{Method: "GET", Path: "/v1/availability", OperationID: "searchAvailability", RateClass: RateRead, Tag: "availability",
			Summary:     "Earliest free slots across every provider of a kind in a city",
			Description: "`after` and `before` are RFC 3339 instants or dates (midnight in the city's time zone); default now and 7 days later, at most 90 days apart.",
			Params: []Param{
				{Name: "kind", In: "query", Type: "string", Enum: kindEnum, Required: true, Description: "matched without case"},
				{Name: "city", In: "query", Type: "string", Required: true},
				{Name: "after", In: "query", Type: "string"},
				{Name: "before", In: "query", Type: "string"},
				{Name: "service", In: "query", Type: "string", Description: "part of a service name, e.g. détartrage"},
				{Name: "limit", In: "query", Type: "integer", Description: "1 to 50, default 10"},
			},
			Responses: append([]Response{ok(200, "Free slots in time order", SlotListJSON{})}, problems(400, 422)...), Handle: s.searchAvailability},

		{Method: "POST", Path: "/v1/bookings", OperationID: "createBooking", RateClass: RateBooking, Tag: "bookings", Summary: "Book a free slot",
			Description: "Optionally with `Authorization: Bearer <email_token>` (from POST /v1/email-verifications/{id}/confirm) for the customer's own address: the booking is then made with a proved address, and only bookings so made count against that customer's cap of upcoming bookings — what anyone books with an address they did not prove cannot lock its owner out.",
			Params:      []Param{idempotencyParam()}, Body: BookingRequestJSON{},
			Responses: append([]Response{ok(201, "Booked; keep manage_token to manage it", BookingJSON{})}, problems(400, 401, 404, 409, 413, 415, 422, 503)...), Handle: s.createBooking},
		{Method: "GET", Path: "/v1/bookings/{id}", OperationID: "getBooking", RateClass: RateBooking, Tag: "bookings", Summary: "Get a booking", Auth: AuthBooking,
			Params:    []Param{bookingID},
			Responses: append([]Response{ok(200, "The booking", BookingJSON{})}, problems(400, 401, 404)...), Handle: s.getBooking},
		{Method: "POST", Path: "/v1/bookings/{id}/cancel", OperationID: "cancelBooking", RateClass: RateBooking, Tag: "bookings", Summary: "Cancel a booking", Auth: AuthBooking,
			Description: "Frees the slot and revokes the token the request was made with: the answer carries a fresh manage token, which reads the cancelled booking. Cancelling a cancelled booking with its current token changes nothing.",
			Params:      []Param{bookingID, idempotencyParam()},
			Responses:   append([]Response{ok(200, "The cancelled booking, with a fresh manage token", BookingJSON{})}, problems(400, 401, 404, 409, 413, 415, 422, 503)...), Handle: s.cancelBooking},
		{Method: "POST", Path: "/v1/bookings/{id}/reschedule", OperationID: "rescheduleBooking", RateClass: RateBooking, Tag: "bookings", Summary: "Move a booking to another free slot", Auth: AuthBooking,
			Description: "Revokes the token the request was made with: keep the answer's manage token.",
			Params:      []Param{bookingID, idempotencyParam()}, Body: RescheduleRequestJSON{},
			Responses: append([]Response{ok(200, "The moved booking, with a fresh manage token (the previous one is revoked)", BookingJSON{})}, problems(400, 401, 404, 409, 413, 415, 422, 503)...), Handle: s.rescheduleBooking},

		{Method: "POST", Path: "/v1/admin/providers", OperationID: "adminCreateProvider", RateClass: RateAdmin, Tag: "admin", Summary: "Create a provider", Auth: AuthAdmin,
			Body: ProviderCreateJSON{}, Responses: append([]Response{ok(201, "Created", ProviderJSON{})}, problems(400, 401, 413, 415, 422)...), Handle: s.adminCreateProvider},
		{Method: "PATCH", Path: "/v1/admin/providers/{id}", OperationID: "adminUpdateProvider", RateClass: RateAdmin, Tag: "admin", Summary: "Change a provider", Auth: AuthAdmin,
			Params: []Param{idParam}, Body: ProviderPatchJSON{}, Responses: append([]Response{ok(200, "Changed", ProviderJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminUpdateProvider},
		{Method: "POST", Path: "/v1/admin/providers/{id}/services", OperationID: "adminCreateService", RateClass: RateAdmin, Tag: "admin", Summary: "Add a service", Auth: AuthAdmin,
			Params: []Param{idParam}, Body: ServiceCreateJSON{}, Responses: append([]Response{ok(201, "Created", ServiceJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminCreateService},
		{Method: "PATCH", Path: "/v1/admin/providers/{id}/services/{service_id}", OperationID: "adminUpdateService", RateClass: RateAdmin, Tag: "admin", Summary: "Change a service", Auth: AuthAdmin,
			Params: []Param{idParam, {Name: "service_id", In: "path", Type: "integer", Required: true}}, Body: ServicePatchJSON{},
			Responses: append([]Response{ok(200, "Changed", ServiceJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminUpdateService},
		{Method: "GET", Path: "/v1/admin/providers/{id}/schedule", OperationID: "adminGetSchedule", RateClass: RateAdmin, Tag: "admin", Summary: "Opening hours and future time off", Auth: AuthAdmin,
			Params: []Param{idParam}, Responses: append([]Response{ok(200, "The schedule", ScheduleJSON{})}, problems(400, 401, 404)...), Handle: s.adminGetSchedule},
		{Method: "PUT", Path: "/v1/admin/providers/{id}/hours", OperationID: "adminSetHours", RateClass: RateAdmin, Tag: "admin", Summary: "Replace the weekly opening hours", Auth: AuthAdmin,
			Params: []Param{idParam}, Body: HoursJSON{}, Responses: append([]Response{ok(200, "Replaced", HoursJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminSetHours},
		{Method: "POST", Path: "/v1/admin/providers/{id}/time-off", OperationID: "adminAddTimeOff", RateClass: RateAdmin, Tag: "admin", Summary: "Add time off", Auth: AuthAdmin,
			Params: []Param{idParam}, Body: TimeOffJSON{}, Responses: append([]Response{ok(201, "Added", TimeOffJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminAddTimeOff},
		{Method: "DELETE", Path: "/v1/admin/providers/{id}/time-off/{time_off_id}", OperationID: "adminDeleteTimeOff", RateClass: RateAdmin, Tag: "admin", Summary: "Remove time off", Auth: AuthAdmin,
			Params:    []Param{idParam, {Name: "time_off_id", In: "path", Type: "integer", Required: true}},
			Responses: append([]Response{{Status: http.StatusNoContent, Description: "Removed"}}, problems(400, 401, 404)...), Handle: s.adminDeleteTimeOff},
		{Method: "GET", Path: "/v1/admin/readyz", OperationID: "adminReadyz", RateClass: RateAdmin, Tag: "admin", Summary: "Readiness with latencies and errors", Auth: AuthAdmin,
			Responses: append([]Response{ok(200, "Ready (or degraded)", ReadyDetailJSON{}), ok(503, "A required dependency is down", ReadyDetailJSON{})}, problems(401)...), Handle: s.readyzDetail},
		{Method: "GET", Path: "/v1/admin/providers/{id}/bookings", OperationID: "adminListBookings", RateClass: RateAdmin, Tag: "admin", Summary: "A provider's bookings", Auth: AuthAdmin, PersonalData: true,
			Params:    []Param{idParam, {Name: "from", In: "query", Type: "string", Format: "date", Required: true}, {Name: "to", In: "query", Type: "string", Format: "date"}},
			Responses: append([]Response{ok(200, "Bookings in time order", BookingListJSON{})}, problems(400, 401, 404, 422)...), Handle: s.adminListBookings},
	}
}
