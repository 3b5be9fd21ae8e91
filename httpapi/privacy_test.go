package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/httpapi/apitest"
)

const js = "application/json"

// bookFor books start through the API for a customer with that email.
func (f *fixture) bookFor(t *testing.T, start, email string) (id, token string) {
	t.Helper()
	body := strings.Replace(f.bookingJSON(start), "marie@example.com", email, 1)
	r := f.do(t, "POST", "/v1/bookings", js, body)
	if r.status != 201 {
		t.Fatalf("book: %d %s", r.status, r.raw)
	}
	return r.body["id"].(string), r.body["manage_token"].(string)
}

// auditLog reads the whole audit log through the API.
func (f *fixture) auditLog(t *testing.T) (string, []map[string]any) {
	t.Helper()
	r := f.do(t, "GET", "/v1/admin/audit?limit=1000", "", "", "Authorization", "Bearer "+f.adminKey)
	if r.status != 200 {
		t.Fatalf("audit log: %d %s", r.status, r.raw)
	}
	var out []map[string]any
	for _, e := range r.body["entries"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return r.raw, out
}

// TestExportAndEraseWithManageToken: the holder of a manage token gets a
// copy of everything stored, then has it erased; the token dies with the
// erasure.
func TestExportAndEraseWithManageToken(t *testing.T) {
	f := newFixture(t)
	id, tok := f.bookFor(t, "2026-11-24T10:00:00+01:00", "marie@example.com")
	auth := []string{"Authorization", "Bearer " + tok}

	for name, headers := range map[string][]string{
		"NoToken":     nil,
		"ForgedToken": {"Authorization", "Bearer " + tok + "x"},
	} {
		t.Run(name, func(t *testing.T) {
			if r := f.do(t, "GET", "/v1/bookings/"+id+"/export", "", "", headers...); r.status != 401 {
				t.Errorf("export: %d %s", r.status, r.raw)
			}
			if r := f.do(t, "POST", "/v1/bookings/"+id+"/erase", "", "", headers...); r.status != 401 {
				t.Errorf("erase: %d %s", r.status, r.raw)
			}
		})
	}

	r := f.do(t, "GET", "/v1/bookings/"+id+"/export", "", "", auth...)
	if r.status != 200 || r.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v %s", r.status, r.header, r.raw)
	}
	var exp httpapi.ExportJSON
	if err := json.Unmarshal([]byte(r.raw), &exp); err != nil {
		t.Fatal(err)
	}
	if exp.Schema != httpapi.ExportSchema || len(exp.Bookings) != 1 || len(exp.Elsewhere) == 0 {
		t.Fatalf("export: %s", r.raw)
	}
	b := exp.Bookings[0]
	want := httpapi.ExportCustomerJSON{Name: "Marie Curie", Email: "marie@example.com", Phone: "+33612345678"}
	if b.ID != id || b.Customer != want || b.Provider.Name != f.provider.Name || b.Service.Name != "Consultation" || b.ErasedAt != nil || b.TokenVersion != 1 {
		t.Errorf("exported booking: %+v", b)
	}

	r = f.do(t, "POST", "/v1/bookings/"+id+"/erase", "", "", auth...)
	if r.status != 200 || !strings.Contains(r.raw, `"cancelled":true`) || !strings.Contains(r.raw, `"status":"cancelled"`) {
		t.Fatalf("erase: %d %s", r.status, r.raw)
	}
	if strings.Contains(r.raw, "marie") || strings.Contains(r.raw, "token") {
		t.Errorf("the erasure's answer holds personal data or a token: %s", r.raw)
	}
	stored, err := f.store.Booking(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Customer != (rendezvous.Customer{}) || stored.ErasedAt == nil || stored.Status != rendezvous.StatusCancelled {
		t.Errorf("stored after the erasure: %+v", stored)
	}
	// The erasure revoked the token it was made with.
	for _, call := range [][2]string{{"GET", "/v1/bookings/" + id}, {"GET", "/v1/bookings/" + id + "/export"}, {"POST", "/v1/bookings/" + id + "/erase"}, {"POST", "/v1/bookings/" + id + "/cancel"}} {
		if r := f.do(t, call[0], call[1], "", "", auth...); r.status != 401 || r.body["code"] != "invalid_token" {
			t.Errorf("%s %s with the revoked token: %d %s", call[0], call[1], r.status, r.raw)
		}
	}
	// A token revoked earlier (by a reschedule) cannot erase either.
	id2, tok2 := f.bookFor(t, "2026-11-24T11:00:00+01:00", "marie@example.com")
	if r := f.do(t, "POST", "/v1/bookings/"+id2+"/reschedule", js, `{"start":"2026-11-24T12:00:00+01:00"}`, "Authorization", "Bearer "+tok2); r.status != 200 {
		t.Fatalf("reschedule: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "POST", "/v1/bookings/"+id2+"/erase", "", "", "Authorization", "Bearer "+tok2); r.status != 401 {
		t.Errorf("erase with a token revoked by a reschedule: %d %s", r.status, r.raw)
	}
	// A token of one booking does not erase another.
	if r := f.do(t, "POST", "/v1/bookings/"+id2+"/erase", "", "", auth...); r.status != 401 {
		t.Errorf("erase with another booking's token: %d %s", r.status, r.raw)
	}
}

// TestAdminPrivacy: an operator exports and erases every booking of an
// address with an admin key; each call is in the audit log, which names
// the key and a digest of the address, never the address.
func TestAdminPrivacy(t *testing.T) {
	f := newFixture(t)
	adm := []string{"Authorization", "Bearer " + f.adminKey}
	prefix := strings.Split(f.adminKey, "_")[2]
	a, _ := f.bookFor(t, "2026-11-24T10:00:00+01:00", "marie@example.com")
	b, _ := f.bookFor(t, "2026-11-25T10:00:00+01:00", "Marie@Example.com")
	other, _ := f.bookFor(t, "2026-11-26T10:00:00+01:00", "pierre@example.com")

	if r := f.do(t, "POST", "/v1/admin/privacy/export", js, `{"email":"marie@example.com"}`); r.status != 401 {
		t.Fatalf("export without a key: %d", r.status)
	}
	r := f.do(t, "POST", "/v1/admin/privacy/export", js, `{"email":" MARIE@example.com"}`, adm...)
	if r.status != 200 || len(r.body["bookings"].([]any)) != 2 || !strings.Contains(r.raw, a) || !strings.Contains(r.raw, b) || strings.Contains(r.raw, other) {
		t.Fatalf("export: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "POST", "/v1/admin/privacy/erase", js, `{"email":"marie@"}`, adm...); r.status != 422 {
		t.Fatalf("erase of a bad address: %d %s", r.status, r.raw)
	}
	r = f.do(t, "POST", "/v1/admin/privacy/erase", js, `{"email":"marie@example.com"}`, adm...)
	if r.status != 200 || len(r.body["bookings"].([]any)) != 2 {
		t.Fatalf("erase: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "POST", "/v1/admin/privacy/erase", js, `{"email":"marie@example.com"}`, adm...); r.status != 200 || len(r.body["bookings"].([]any)) != 0 {
		t.Fatalf("erase again: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "POST", "/v1/admin/privacy/export", js, `{"email":"marie@example.com"}`, adm...); r.status != 200 || len(r.body["bookings"].([]any)) != 0 {
		t.Fatalf("export after the erasure: %d %s", r.status, r.raw)
	}
	if got, _ := f.store.Booking(context.Background(), other); got.Customer.Email != "pierre@example.com" {
		t.Errorf("another customer's booking was erased: %+v", got)
	}
	// The provider's record keeps the erased bookings, without their
	// customer (and the answer still matches /openapi.json).
	r = f.do(t, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=2026-11-24&to=2026-11-26", f.provider.ID), "", "", adm...)
	if r.status != 200 || len(r.body["bookings"].([]any)) != 3 || strings.Contains(r.raw, "marie") || !strings.Contains(r.raw, "pierre@example.com") {
		t.Errorf("the provider's bookings after the erasure: %d %s", r.status, r.raw)
	}

	raw, entries := f.auditLog(t)
	digest := rendezvous.AuditEmail("marie@example.com")
	want := []struct {
		action, target string
		status         float64
	}{
		{"adminPrivacyExport", digest + " bookings=2", 200},
		{"adminPrivacyErase", "", 422},
		{"adminPrivacyErase", digest + " bookings=2", 200},
		{"adminPrivacyErase", digest + " bookings=0", 200},
		{"adminPrivacyExport", digest + " bookings=0", 200},
		// Reading a provider's bookings shows customers' details: recorded.
		{"adminListBookings", "id=1", 200},
	}
	if len(entries) != len(want) {
		t.Fatalf("audit log has %d entries, want %d: %s", len(entries), len(want), raw)
	}
	for i, w := range want {
		e := entries[i]
		if e["action"] != w.action || e["target"] != w.target || e["status"] != w.status || e["actor"] != "key:"+prefix || e["request_id"] == "" {
			t.Errorf("audit entry %d = %v, want %+v", i, e, w)
		}
	}
	for _, pii := range []string{"marie", "Marie", "Curie", "612345678"} {
		if strings.Contains(raw, pii) {
			t.Errorf("the audit log holds %q: %s", pii, raw)
		}
	}
	// Pages follow next_after.
	r = f.do(t, "GET", "/v1/admin/audit?limit=2", "", "", adm...)
	next := int64(r.body["next_after"].(float64))
	r = f.do(t, "GET", fmt.Sprintf("/v1/admin/audit?after=%d&limit=10", next), "", "", adm...)
	if r.status != 200 || len(r.body["entries"].([]any)) != len(want)-2 {
		t.Errorf("second page: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "GET", "/v1/admin/audit", "", ""); r.status != 401 {
		t.Errorf("audit log without a key: %d", r.status)
	}
	if r := f.do(t, "GET", "/v1/admin/audit?limit=0", "", "", adm...); r.status != 400 {
		t.Errorf("audit log with limit 0: %d", r.status)
	}
}

// TestEveryAdminChangeIsAudited calls every administrative endpoint of
// the route table that changes something — valid or not — and finds each
// call in the audit log; reads without personal data are not recorded.
func TestEveryAdminChangeIsAudited(t *testing.T) {
	f := newFixture(t)
	adm := []string{"Authorization", "Bearer " + f.adminKey}
	srv, err := httpapi.New(httpapi.Config{Desk: booking.NewDesk(f.store, nil, booking.Options{}), Admin: auth.NewAdminKeys(f.store, nil), Audit: f.store, RateLimits: httpapi.RateLimits{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range srv.Endpoints() {
		if e.Auth != httpapi.AuthAdmin || !strings.HasPrefix(e.Path, "/v1/") {
			continue
		}
		path := strings.NewReplacer("{id}", "1", "{service_id}", "1", "{time_off_id}", "999").Replace(e.Path)
		body := ""
		if e.Body != nil {
			body = `{"name":"x"}`
		}
		f.do(t, e.Method, path, js, body, adm...)
		if e.Method != "GET" || e.PersonalData {
			want = append(want, e.OperationID)
		}
	}
	_, entries := f.auditLog(t)
	var got []string
	for _, e := range entries {
		got = append(got, e["action"].(string))
		if strings.Contains(e["target"].(string), "x") {
			t.Errorf("entry %v holds a body value", e)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("audited actions:\n got %v\nwant %v", got, want)
	}
	if len(want) < 9 {
		t.Errorf("only %d audited endpoints: %v", len(want), want)
	}
}

// TestAuditPathValuesAreIDsOnly: a path segment that is not an id is
// recorded as "invalid", whatever it holds.
func TestAuditPathValuesAreIDsOnly(t *testing.T) {
	f := newFixture(t)
	f.do(t, "PATCH", "/v1/admin/providers/marie@example.com", js, `{"name":"x"}`, "Authorization", "Bearer "+f.adminKey)
	f.do(t, "PATCH", "/v1/admin/providers/007", js, `{"name":"x"}`, "Authorization", "Bearer "+f.adminKey)
	_, entries := f.auditLog(t)
	if len(entries) != 2 || entries[0]["target"] != "id=invalid" || entries[1]["target"] != "id=7" {
		t.Errorf("entries: %v", entries)
	}
}

// failingAudit is an audit log whose writes fail.
type failingAudit struct{ httpapi.AuditLog }

func (failingAudit) AddAuditEntry(context.Context, *rendezvous.AuditEntry) error {
	return errors.New("disk full")
}

// TestPersonalDataIsNotGivenUnrecorded: when the audit log cannot be
// written, an operator's export is refused (503) rather than sent
// unrecorded; a change, made already, is answered.
func TestPersonalDataIsNotGivenUnrecorded(t *testing.T) {
	f := newFixture(t)
	f.bookFor(t, "2026-11-24T10:00:00+01:00", "marie@example.com")
	desk := booking.NewDesk(f.store, nil, booking.Options{Now: func() time.Time { return f.now }})
	srv, err := httpapi.New(httpapi.Config{Desk: desk, Admin: auth.NewAdminKeys(f.store, nil), Audit: failingAudit{f.store}, Version: "test", RateLimits: httpapi.RateLimits{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: apitest.FetchValidator(t, ts.URL).Transport(nil)}
	post := func(path string) (int, string) {
		req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(`{"email":"marie@example.com"}`))
		req.Header.Set("Content-Type", js)
		req.Header.Set("Authorization", "Bearer "+f.adminKey)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		return resp.StatusCode, buf.String()
	}
	if st, body := post("/v1/admin/privacy/export"); st != 503 || strings.Contains(body, "marie") {
		t.Errorf("export with a failing audit log: %d %s", st, body)
	}
	if st, body := post("/v1/admin/privacy/erase"); st != 200 {
		t.Errorf("erase with a failing audit log: %d %s", st, body)
	}
}

// TestAdministrationNeedsAnAuditLog: a server with admin keys but no
// audit log is refused at construction.
func TestAdministrationNeedsAnAuditLog(t *testing.T) {
	f := newFixture(t)
	_, err := httpapi.New(httpapi.Config{Desk: booking.NewDesk(f.store, nil, booking.Options{}), Admin: auth.NewAdminKeys(f.store, nil),
		RateLimits: httpapi.RateLimits{Off: true}})
	if err == nil || !strings.Contains(err.Error(), "audit") {
		t.Fatalf("New accepted administration without an audit log: %v", err)
	}
}
