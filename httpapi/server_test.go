package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/httpapi/apitest"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// fixture is a server on a real SQLite store with a pinned clock: Monday
// 2026-11-23 08:00 in Paris.
type fixture struct {
	srv      *httpapi.Server
	url      string
	client   *http.Client
	store    *sqlite.Store
	provider *rendezvous.Provider
	adminKey string
	now      time.Time
}

// newFixture builds the server without rate limits unless an option
// sets them; options change the configuration before New.
func newFixture(t testing.TB, opts ...func(*httpapi.Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("k"), 32), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	desk := booking.NewDesk(st, tokens, booking.Options{Now: func() time.Time { return now }})
	p := &rendezvous.Provider{Name: "Cabinet Dentaire du Parc", Kind: rendezvous.KindDentist, City: "Paris", Address: "1 rue du Parc, 75001 Paris",
		TimeZone: "Europe/Paris", Languages: []string{"fr", "en"},
		Policy:   rendezvous.BookingPolicy{SlotStep: 30 * time.Minute, Buffer: 0, MinNotice: time.Hour, Horizon: 180 * 24 * time.Hour},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 3000}}}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := desk.CreateProvider(ctx, p, hours); err != nil {
		t.Fatal(err)
	}
	admin := auth.NewAdminKeys(st, nil)
	key, err := admin.Create(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	manager := dialogue.NewManager(dialogue.ManagerConfig{
		Brain: dialogue.NewEmbeddedBrain(desk.Names, 0), Tools: dialogue.NewRegistry(desk, dialogue.Limits{}, nil),
		Zones: desk.CityZone, DefaultZone: paris, Now: func() time.Time { return now }})
	chatSvc := chat.NewService(inmem.NewSessions(rendezvous.DefaultSessionLimits(), nil), manager, tokens, chat.Limits{}, nil)
	cfg := httpapi.Config{Desk: desk, Admin: admin, Audit: st, Chat: chatSvc, Version: "test",
		Checks:     []httpapi.Check{{Name: "database", Required: true, Check: st.Ping}},
		RateLimits: httpapi.RateLimits{Off: true}}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := httpapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	v := apitest.FetchValidator(t, ts.URL)
	return &fixture{srv: srv, url: ts.URL, client: &http.Client{Transport: v.Transport(nil)}, store: st, provider: p, adminKey: key, now: now}
}

type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (f *fixture) do(t testing.TB, method, path, contentType, body string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

func (f *fixture) countBookings(t *testing.T) int {
	t.Helper()
	bs, err := f.store.Bookings(context.Background(), rendezvous.BookingFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(bs)
}

func (f *fixture) bookingJSON(start string) string {
	return fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Marie Curie","email":"marie@example.com","phone":"06 12 34 56 78"}}`,
		f.provider.ID, f.provider.Services[0].ID, start)
}

func TestBookingLifecycle(t *testing.T) {
	f := newFixture(t)
	const js = "application/json"
	r := f.do(t, "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T10:00:00+01:00"))
	if r.status != 201 {
		t.Fatalf("book: %d %s", r.status, r.raw)
	}
	id, tok := r.body["id"].(string), r.body["manage_token"].(string)
	if !strings.HasPrefix(id, "RDV-") || tok == "" || r.header.Get("Location") != "/v1/bookings/"+id {
		t.Fatalf("booking response: %s", r.raw)
	}
	if r.body["customer"].(map[string]any)["phone"] != "+33612345678" || r.body["start"] != "2026-11-24T10:00:00+01:00" {
		t.Errorf("booking normalised wrongly: %s", r.raw)
	}
	auth := []string{"Authorization", "Bearer " + tok}
	if r := f.do(t, "GET", "/v1/bookings/"+id, "", "", auth...); r.status != 200 || r.body["status"] != "booked" || r.body["manage_token"] != nil {
		t.Fatalf("get: %d %s", r.status, r.raw)
	}
	// A local time without offset is read in the provider's zone.
	r = f.do(t, "POST", "/v1/bookings/"+id+"/reschedule", js, `{"start":"2026-11-25T11:30"}`, auth...)
	if r.status != 200 || r.body["start"] != "2026-11-25T11:30:00+01:00" || r.body["manage_token"] == "" {
		t.Fatalf("reschedule: %d %s", r.status, r.raw)
	}
	// The move revoked the token it was made with; the answer's token
	// manages the booking from now on.
	if r := f.do(t, "GET", "/v1/bookings/"+id, "", "", auth...); r.status != 401 || r.body["code"] != "invalid_token" {
		t.Fatalf("get with the token revoked by the reschedule: %d %s", r.status, r.raw)
	}
	auth = []string{"Authorization", "Bearer " + r.body["manage_token"].(string)}
	// The freed slot is free again and shows up in availability.
	r = f.do(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=2026-11-24&to=2026-11-24", f.provider.ID), "", "")
	if r.status != 200 || !strings.Contains(r.raw, `"start":"2026-11-24T10:00:00+01:00"`) {
		t.Fatalf("availability after reschedule: %d %s", r.status, r.raw)
	}
	if strings.Contains(f.do(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=2026-11-25", f.provider.ID), "", "").raw, `"start":"2026-11-25T11:30:00+01:00"`) {
		t.Fatalf("booked slot still proposed")
	}
	r = f.do(t, "POST", "/v1/bookings/"+id+"/cancel", "", "", auth...)
	if r.status != 200 || r.body["status"] != "cancelled" || r.body["cancelled_at"] == nil || r.body["manage_token"] == "" {
		t.Fatalf("cancel: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "GET", "/v1/bookings/"+id, "", "", auth...); r.status != 401 {
		t.Fatalf("get with the token revoked by the cancellation: %d %s", r.status, r.raw)
	}
	auth = []string{"Authorization", "Bearer " + r.body["manage_token"].(string)}
	if r := f.do(t, "POST", "/v1/bookings/"+id+"/cancel", js, `{}`, auth...); r.status != 200 {
		t.Fatalf("cancel again: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "POST", "/v1/bookings/"+id+"/reschedule", js, `{"start":"2026-11-26T11:30:00+01:00"}`, auth...); r.status != 409 || r.body["code"] != "booking_not_active" {
		t.Fatalf("reschedule cancelled: %d %s", r.status, r.raw)
	}
}

func TestEarliestSearch(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", "/v1/availability?kind=dentist&city=paris&limit=3", "", "")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	slots := r.body["slots"].([]any)
	if len(slots) != 3 || slots[0].(map[string]any)["start"] != "2026-11-23T09:00:00+01:00" || slots[0].(map[string]any)["provider_name"] != "Cabinet Dentaire du Parc" {
		t.Fatalf("earliest = %s", r.raw)
	}
	r = f.do(t, "GET", "/v1/availability?kind=dentist&city=Paris&after=2026-11-30&limit=1", "", "")
	if r.status != 200 || !strings.Contains(r.raw, `"start":"2026-11-30T00:00:00+01:00"`) {
		t.Fatalf("after a date = %s", r.raw)
	}
	// The README promises kinds matched without case, as cities are.
	for _, kind := range []string{"DENTIST", "Dentist", "%20dentist%20"} {
		if r := f.do(t, "GET", "/v1/availability?kind="+kind+"&city=PARIS&limit=1", "", ""); r.status != 200 || !strings.Contains(r.raw, "Cabinet Dentaire du Parc") {
			t.Fatalf("kind=%s: %d %s", kind, r.status, r.raw)
		}
		if r := f.do(t, "GET", "/v1/providers?kind="+kind, "", ""); r.status != 200 || !strings.Contains(r.raw, "Cabinet Dentaire du Parc") {
			t.Fatalf("providers kind=%s: %d %s", kind, r.status, r.raw)
		}
	}
	r = f.do(t, "GET", "/v1/availability?kind=dentist&city=Atlantis", "", "")
	if r.status != 200 || !strings.Contains(r.raw, `"slots":[]`) {
		t.Fatalf("unknown city = %d %s", r.status, r.raw)
	}
}

// TestBadInput sends every kind of bad request: each gets a 4xx problem
// with a clear code, and nothing is written.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	const js = "application/json"
	good := f.do(t, "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T15:00:00+01:00"))
	if good.status != 201 {
		t.Fatalf("setup booking: %s", good.raw)
	}
	id := good.body["id"].(string)
	pid := f.provider.ID
	other, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("z"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := other.IssueBookingToken(id, 1)
	tests := []struct {
		name, method, path, ctype, body string
		headers                         []string
		status                          int
		code                            string
	}{
		{"MalformedJSON", "POST", "/v1/bookings", js, `{"provider_id":`, nil, 400, "invalid_json"},
		{"NotAnObject", "POST", "/v1/bookings", js, `[1,2]`, nil, 400, "invalid_json"},
		{"UnknownField", "POST", "/v1/bookings", js, `{"provider_id":1,"admin":true}`, nil, 400, "unknown_field"},
		{"TrailingData", "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T16:00:00+01:00") + `{"x":1}`, nil, 400, "trailing_data"},
		{"WrongType", "POST", "/v1/bookings", js, `{"provider_id":"one"}`, nil, 400, "wrong_type"},
		{"EmptyBody", "POST", "/v1/bookings", js, ``, nil, 400, "invalid_json"},
		{"InvalidUTF8", "POST", "/v1/bookings", js, "{\"provider_id\":1,\"start\":\"\xff\"}", nil, 400, "invalid_json"},
		{"WrongMediaType", "POST", "/v1/bookings", "text/plain", f.bookingJSON("2026-11-24T16:00:00+01:00"), nil, 415, "unsupported_media_type"},
		{"TooLarge", "POST", "/v1/bookings", js, `{"provider_id":1,"start":"` + strings.Repeat("a", 70<<10) + `"}`, nil, 413, "body_too_large"},
		{"MissingFields", "POST", "/v1/bookings", js, `{}`, nil, 422, "validation_failed"},
		{"BadCustomer", "POST", "/v1/bookings", js, fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":"2026-11-24T16:00:00+01:00","customer":{"name":"","email":"x","phone":"1"}}`, pid, f.provider.Services[0].ID), nil, 422, "validation_failed"},
		{"StartNotAFreeSlot", "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T16:10:00+01:00"), nil, 422, "slot_unavailable"},
		{"StartTaken", "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T15:00:00+01:00"), nil, 409, "slot_taken"},
		{"StartInPast", "POST", "/v1/bookings", js, f.bookingJSON("2026-11-20T15:00:00+01:00"), nil, 422, "slot_unavailable"},
		{"LocalTimeInDSTGap", "POST", "/v1/bookings", js, f.bookingJSON("2027-03-28T02:30"), nil, 422, "nonexistent_local_time"},
		{"LocalTimeAmbiguous", "POST", "/v1/bookings", js, f.bookingJSON("2026-10-25T02:30"), nil, 422, "ambiguous_local_time"},
		{"StartGarbage", "POST", "/v1/bookings", js, f.bookingJSON("next tuesday"), nil, 422, "validation_failed"},
		{"UnknownProvider", "POST", "/v1/bookings", js, `{"provider_id":999999,"service_id":1,"start":"2026-11-24T16:00:00+01:00","customer":{"name":"A","email":"a@b.co","phone":"0612345678"}}`, nil, 404, "not_found"},
		{"UnknownService", "POST", "/v1/bookings", js, fmt.Sprintf(`{"provider_id":%d,"service_id":999999,"start":"2026-11-24T16:00:00+01:00","customer":{"name":"A","email":"a@b.co","phone":"0612345678"}}`, pid), nil, 404, "not_found"},
		{"WindowTooLarge", "GET", fmt.Sprintf("/v1/providers/%d/availability?from=2026-11-24&to=2027-03-01", pid), "", "", nil, 422, "window_too_large"},
		{"WindowReversed", "GET", fmt.Sprintf("/v1/providers/%d/availability?from=2026-11-24&to=2026-11-20", pid), "", "", nil, 422, "validation_failed"},
		{"MissingFrom", "GET", fmt.Sprintf("/v1/providers/%d/availability", pid), "", "", nil, 400, "invalid_parameter"},
		{"BadDate", "GET", fmt.Sprintf("/v1/providers/%d/availability?from=24/11/2026", pid), "", "", nil, 400, "invalid_parameter"},
		{"SearchWindowTooLarge", "GET", "/v1/availability?kind=dentist&city=Paris&after=2026-11-24&before=2027-11-24", "", "", nil, 422, "window_too_large"},
		{"SearchBadKind", "GET", "/v1/availability?kind=plumber&city=Paris", "", "", nil, 422, "validation_failed"},
		{"SearchNoCity", "GET", "/v1/availability?kind=dentist", "", "", nil, 422, "validation_failed"},
		{"BadLimit", "GET", "/v1/providers?limit=abc", "", "", nil, 400, "invalid_parameter"},
		{"LimitTooLarge", "GET", "/v1/providers?limit=1000", "", "", nil, 400, "invalid_parameter"},
		{"BadCursor", "GET", "/v1/providers?cursor=zzz", "", "", nil, 400, "invalid_parameter"},
		{"ProviderNotFound", "GET", "/v1/providers/999999", "", "", nil, 404, "not_found"},
		{"ProviderIDNotANumber", "GET", "/v1/providers/abc", "", "", nil, 400, "invalid_parameter"},
		{"NoToken", "GET", "/v1/bookings/" + id, "", "", nil, 401, "invalid_token"},
		{"WrongToken", "GET", "/v1/bookings/" + id, "", "", []string{"Authorization", "Bearer nope"}, 401, "invalid_token"},
		{"ForgedToken", "POST", "/v1/bookings/" + id + "/cancel", "", "", []string{"Authorization", "Bearer " + forged}, 401, "invalid_token"},
		{"TokenOfAnotherBooking", "POST", "/v1/bookings/RDV-0000000000/cancel", "", "", []string{"Authorization", "Bearer " + good.body["manage_token"].(string)}, 401, "invalid_token"},
		{"AdminWithoutKey", "POST", "/v1/admin/providers", js, `{}`, nil, 401, "unauthorized"},
		{"AdminWrongKey", "PUT", fmt.Sprintf("/v1/admin/providers/%d/hours", pid), js, `{"hours":[]}`, []string{"Authorization", "Bearer rdv_admin_aaaaaaaa_" + strings.Repeat("b", 32)}, 401, "unauthorized"},
		{"AdminBadHours", "PUT", fmt.Sprintf("/v1/admin/providers/%d/hours", pid), js, `{"hours":[{"weekday":"funday","start":"09:00","end":"10:00"}]}`, []string{"Authorization", "Bearer " + f.adminKey}, 422, "validation_failed"},
		{"AdminOverlappingHours", "PUT", fmt.Sprintf("/v1/admin/providers/%d/hours", pid), js, `{"hours":[{"weekday":"monday","start":"09:00","end":"12:00"},{"weekday":"monday","start":"11:00","end":"13:00"}]}`, []string{"Authorization", "Bearer " + f.adminKey}, 422, "validation_failed"},
		{"UnknownRoute", "GET", "/v1/nothing", "", "", nil, 404, "not_found"},
		{"MethodNotAllowed", "DELETE", "/v1/providers", "", "", nil, 405, "method_not_allowed"},
	}
	before := f.countBookings(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, tt.ctype, tt.body, tt.headers...)
			if r.status != tt.status || r.body["code"] != tt.code {
				t.Fatalf("got %d %v, want %d %s\n%s", r.status, r.body["code"], tt.status, tt.code, r.raw)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if d, _ := r.body["detail"].(string); d == "" || r.body["request_id"] == "" || r.body["type"] != "urn:rendezvous:problem:"+tt.code {
				t.Errorf("problem lacks detail, type or request id: %s", r.raw)
			}
		})
	}
	if after := f.countBookings(t); after != before {
		t.Errorf("bad requests wrote %d bookings", after-before)
	}
	// The schedule was not changed by the refused admin calls.
	sch, _ := f.store.Schedule(context.Background(), pid, f.now)
	if len(sch.Hours) != 7 {
		t.Errorf("hours changed by refused requests: %d intervals", len(sch.Hours))
	}
}

func TestAdminAPI(t *testing.T) {
	f := newFixture(t)
	const js = "application/json"
	adm := []string{"Authorization", "Bearer " + f.adminKey}
	r := f.do(t, "POST", "/v1/admin/providers", js, `{"name":"Salon Élégance","kind":"hairdresser","city":"Lyon","timezone":"Europe/Paris","languages":["fr"],
		"services":[{"name":"Coupe femme","duration_minutes":45,"price_cents":4500}],
		"hours":[{"weekday":"tuesday","start":"09:00","end":"12:30"},{"weekday":"tuesday","start":"14:00","end":"19:00"}]}`, adm...)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id := int64(r.body["id"].(float64))
	base := fmt.Sprintf("/v1/admin/providers/%d", id)
	if r := f.do(t, "PATCH", base, js, `{"address":"3 rue de la République, 69002 Lyon"}`, adm...); r.status != 200 || r.body["address"] != "3 rue de la République, 69002 Lyon" {
		t.Fatalf("patch: %d %s", r.status, r.raw)
	}
	r = f.do(t, "POST", base+"/services", js, `{"name":"Brushing","duration_minutes":30,"price_cents":3000}`, adm...)
	if r.status != 201 {
		t.Fatalf("service: %d %s", r.status, r.raw)
	}
	sid := int64(r.body["id"].(float64))
	if r := f.do(t, "PATCH", fmt.Sprintf("%s/services/%d", base, sid), js, `{"price_cents":3200}`, adm...); r.status != 200 || r.body["price_cents"] != float64(3200) {
		t.Fatalf("patch service: %d %s", r.status, r.raw)
	}
	r = f.do(t, "POST", base+"/time-off", js, `{"start":"2026-11-24T00:00:00+01:00","end":"2026-11-25T00:00:00+01:00","reason":"Formation"}`, adm...)
	if r.status != 201 {
		t.Fatalf("time off: %d %s", r.status, r.raw)
	}
	offID := int64(r.body["id"].(float64))
	// Tuesday the 24th is off: the first slot is a week later.
	r = f.do(t, "GET", "/v1/availability?kind=hairdresser&city=lyon&limit=1&before=2026-12-05", "", "")
	if !strings.Contains(r.raw, `"start":"2026-12-01T09:00:00+01:00"`) {
		t.Fatalf("search with time off: %s", r.raw)
	}
	if r := f.do(t, "GET", base+"/schedule", "", "", adm...); r.status != 200 || len(r.body["hours"].([]any)) != 2 || len(r.body["time_off"].([]any)) != 1 {
		t.Fatalf("schedule: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "DELETE", fmt.Sprintf("%s/time-off/%d", base, offID), "", "", adm...); r.status != 204 {
		t.Fatalf("delete time off: %d %s", r.status, r.raw)
	}
	r = f.do(t, "GET", "/v1/availability?kind=hairdresser&city=lyon&limit=1", "", "")
	if !strings.Contains(r.raw, `"start":"2026-11-24T09:00:00+01:00"`) {
		t.Fatalf("search after removing time off: %s", r.raw)
	}
	if r := f.do(t, "PUT", base+"/hours", js, `{"hours":[{"weekday":"saturday","start":"10:00","end":"12:00"}]}`, adm...); r.status != 200 {
		t.Fatalf("hours: %d %s", r.status, r.raw)
	}
	r = f.do(t, "GET", "/v1/availability?kind=hairdresser&city=lyon&limit=1", "", "")
	if !strings.Contains(r.raw, `"start":"2026-11-28T10:00:00+01:00"`) {
		t.Fatalf("search after new hours: %s", r.raw)
	}
	if r := f.do(t, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=2026-11-23&to=2026-11-30", f.provider.ID), "", "", adm...); r.status != 200 {
		t.Fatalf("bookings: %d %s", r.status, r.raw)
	}
}

func TestProviderListing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 5 {
		p := &rendezvous.Provider{Name: fmt.Sprintf("Dr Martin %d", i), Kind: rendezvous.KindGeneralPractitioner, City: "Saint-Étienne",
			TimeZone: "Europe/Paris", Languages: []string{"fr"}, Policy: rendezvous.DefaultPolicy()}
		if err := f.store.CreateProvider(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	path := "/v1/providers?kind=general_practitioner&city=saint%20etienne&limit=2"
	for pages := 0; path != "" && pages < 10; pages++ {
		r := f.do(t, "GET", path, "", "")
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		for _, p := range r.body["providers"].([]any) {
			names = append(names, p.(map[string]any)["name"].(string))
		}
		path = ""
		if c, ok := r.body["next_cursor"].(string); ok {
			path = "/v1/providers?kind=general_practitioner&city=saint%20etienne&limit=2&cursor=" + c
		}
	}
	if len(names) != 5 || names[0] != "Dr Martin 0" || names[4] != "Dr Martin 4" {
		t.Fatalf("paged names = %v", names)
	}
	if r := f.do(t, "GET", "/v1/providers?q=martin%203", "", ""); len(r.body["providers"].([]any)) != 1 {
		t.Fatalf("q search: %s", r.raw)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t, func(c *httpapi.Config) { c.ReadyCacheTTL = time.Nanosecond })
	if r := f.do(t, "GET", "/healthz", "", ""); r.status != 200 || r.body["status"] != "ok" {
		t.Fatalf("healthz: %d %s", r.status, r.raw)
	}
	r := f.do(t, "GET", "/readyz", "", "")
	if r.status != 200 || r.body["status"] != "ready" {
		t.Fatalf("readyz: %d %s", r.status, r.raw)
	}
	f.store.Close()
	r = f.do(t, "GET", "/readyz", "", "")
	if r.status != 503 || r.body["status"] != "unavailable" {
		t.Fatalf("readyz with the database closed: %d %s", r.status, r.raw)
	}
	if r := f.do(t, "GET", "/healthz", "", ""); r.status != 200 {
		t.Fatalf("healthz must not depend on the database: %d", r.status)
	}
}
