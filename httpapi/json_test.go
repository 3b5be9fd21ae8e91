package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestStrictJSON: keys match fields exactly (case-sensitive) and appear
// once, at every level; a body must be declared as JSON.
func TestStrictJSON(t *testing.T) {
	f := newFixture(t)
	const js = "application/json"
	adm := []string{"Authorization", "Bearer " + f.adminKey}
	pid, sid := f.provider.ID, f.provider.Services[0].ID
	customer := `{"name":"Marie Curie","email":"marie@example.com","phone":"06 12 34 56 78"}`
	booking := func(fields string) string {
		return fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":"2026-11-24T10:00:00+01:00",%s}`, pid, sid, fields)
	}
	tests := []struct {
		name, method, path, ctype, body string
		headers                         []string
		status                          int
		code                            string
		field                           string // the field named in errors[0], if any
	}{
		{"CaseVariantKey", "POST", "/v1/bookings", js, booking(`"Provider_ID":2,"customer":` + customer), nil, 400, "unknown_field", "Provider_ID"},
		{"CaseVariantNestedKey", "POST", "/v1/bookings", js, booking(`"customer":{"Name":"Marie Curie","email":"marie@example.com","phone":"0612345678"}`), nil, 400, "unknown_field", "customer.Name"},
		{"CaseVariantOnlyKey", "POST", "/v1/bookings/RDV-0000000000/reschedule", js, `{"START":"2026-11-24T10:00"}`, nil, 400, "unknown_field", "START"},
		{"DuplicateKey", "POST", "/v1/bookings", js, booking(`"provider_id":999,"customer":` + customer), nil, 400, "duplicate_field", "provider_id"},
		{"DuplicateEscapedKey", "POST", "/v1/bookings", js, booking(`"provider\u005fid":999,"customer":` + customer), nil, 400, "duplicate_field", "provider_id"},
		{"DuplicateNestedKey", "POST", "/v1/bookings", js, booking(`"customer":{"name":"A","email":"a@b.co","email":"c@d.co","phone":"0612345678"}`), nil, 400, "duplicate_field", "customer.email"},
		{"DuplicateKeyInArrayElement", "PUT", fmt.Sprintf("/v1/admin/providers/%d/hours", pid), js,
			`{"hours":[{"weekday":"monday","start":"09:00","end":"12:00"},{"weekday":"monday","weekday":"sunday","start":"09:00","end":"12:00"}]}`, adm, 400, "duplicate_field", "hours[1].weekday"},
		{"DuplicateKeyInNestedObject", "POST", "/v1/admin/providers", js, `{"name":"X","booking_policy":{"slot_step_minutes":15,"slot_step_minutes":30}}`, adm, 400, "duplicate_field", "booking_policy.slot_step_minutes"},
		{"UnknownNestedKey", "PATCH", fmt.Sprintf("/v1/admin/providers/%d", pid), js, `{"booking_policy":{"horizon_days":30,"admin":true}}`, adm, 400, "unknown_field", "booking_policy.admin"},
		{"ContentTypeMissing", "POST", "/v1/bookings", "", booking(`"customer":` + customer), nil, 415, "unsupported_media_type", ""},
		{"ContentTypeTextPlain", "POST", "/v1/bookings", "text/plain", booking(`"customer":` + customer), nil, 415, "unsupported_media_type", ""},
		{"ContentTypeForm", "POST", "/v1/chat", "application/x-www-form-urlencoded", `{"message":"hello"}`, nil, 415, "unsupported_media_type", ""},
		{"ContentTypeMissingOnChat", "POST", "/v1/chat", "", `{"message":"hello"}`, nil, 415, "unsupported_media_type", ""},
		{"ContentTypeMissingOnSessionWithBody", "POST", "/v1/sessions", "", `{"locale":"fr"}`, nil, 415, "unsupported_media_type", ""},
		{"ContentTypeMissingWhitespaceBody", "POST", "/v1/sessions", "", "  ", nil, 415, "unsupported_media_type", ""},
		{"ContentTypeMissingOnEmptyObjectCancel", "POST", "/v1/bookings/RDV-0000000000/cancel", "", `{}`, nil, 415, "unsupported_media_type", ""},
		{"SessionWithoutBodyNeedsNoType", "POST", "/v1/sessions", "", "", nil, 201, "", ""},
		{"SessionCaseVariantKey", "POST", "/v1/sessions", js, `{"Locale":"fr"}`, nil, 400, "unknown_field", "Locale"},
		{"JSONWithCharset", "POST", "/v1/sessions", "application/json; charset=utf-8", `{"locale":"fr"}`, nil, 201, "", ""},
		{"PlusJSON", "POST", "/v1/sessions", "application/vnd.rendezvous+json", `{"locale":"fr"}`, nil, 201, "", ""},
		{"DeepArrays", "POST", "/v1/chat", js, `{"message":` + strings.Repeat("[", 33) + strings.Repeat("]", 33) + `}`, nil, 400, "invalid_json", ""},
		{"DeepArraysUnclosed", "POST", "/v1/chat", js, strings.Repeat("[", 8000), nil, 400, "invalid_json", ""},
		{"DeepObjects", "POST", "/v1/chat", js, strings.Repeat(`{"message":`, 40) + "1" + strings.Repeat("}", 40), nil, 400, "invalid_json", ""},
		{"DeepUnknownKeys", "POST", "/v1/sessions", js, strings.Repeat(`{"x":`, 40) + "1" + strings.Repeat("}", 40), nil, 400, "unknown_field", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, tt.ctype, tt.body, tt.headers...)
			if code, _ := r.body["code"].(string); r.status != tt.status || code != tt.code {
				t.Fatalf("got %d %q, want %d %q\n%s", r.status, code, tt.status, tt.code, r.raw)
			}
			if tt.field != "" {
				errs, _ := r.body["errors"].([]any)
				if len(errs) == 0 || errs[0].(map[string]any)["field"] != tt.field {
					t.Errorf("errors name %v, want %s", r.body["errors"], tt.field)
				}
			}
		})
	}
	if n := f.countBookings(t); n != 0 {
		t.Errorf("refused requests booked %d slots", n)
	}
}

// TestEveryBodyNeedsAJSONContentType sends `{}` without a Content-Type,
// then as text/plain, to every POST, PUT and PATCH endpoint of the route
// table: each answers 415, before looking at anything else.
func TestEveryBodyNeedsAJSONContentType(t *testing.T) {
	f := newFixture(t)
	fill := strings.NewReplacer("{id}", fmt.Sprint(f.provider.ID), "{service_id}", fmt.Sprint(f.provider.Services[0].ID))
	seen := 0
	for _, e := range f.srv.Endpoints() {
		if e.Method != "POST" && e.Method != "PUT" && e.Method != "PATCH" {
			continue
		}
		seen++
		path := fill.Replace(e.Path)
		if strings.HasPrefix(e.Path, "/v1/bookings/") {
			path = strings.Replace(e.Path, "{id}", "RDV-0000000000", 1)
		}
		var headers []string
		if e.Auth == "adminKey" {
			headers = []string{"Authorization", "Bearer " + f.adminKey}
		}
		for _, ct := range []string{"", "text/plain"} {
			if r := f.do(t, e.Method, path, ct, `{}`, headers...); r.status != 415 || r.body["code"] != "unsupported_media_type" {
				t.Errorf("%s %s with Content-Type %q: %d %s", e.Method, e.Path, ct, r.status, r.raw)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d endpoints with a body in the route table", seen)
	}
}
