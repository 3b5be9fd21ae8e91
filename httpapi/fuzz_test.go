package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzRequestBodies sends arbitrary bodies to every endpoint that reads
// one: the server answers every one with a JSON body and a status below
// 500, and never panics. The responses are also checked against
// /openapi.json by the fixture's client.
func FuzzRequestBodies(f *testing.F) {
	fx := newFixture(f)
	for _, s := range []string{
		`{"provider_id":1,"service_id":1,"start":"2026-11-24T10:00:00+01:00","customer":{"name":"A","email":"a@b.co","phone":"0612345678"}}`,
		`{"message":"Book me a dentist in Paris tomorrow at 10"}`,
		`{"start":"2026-11-24T10:00"}`,
		`{"message":"a","message":"b"}`, `{"Message":"a"}`, `{"customer":{"email":"a","email":"b"}}`, `{"locale":"fr","locale":"en"}`,
		`{`, `[]`, `null`, `{"a":{"b":{"c":[[[[[[[[[[]]]]]]]]]]}}}`, "{\"message\":\"\xff\"}", `{"message":"` + strings.Repeat("é", 1200) + `"}`,
	} {
		f.Add(s, uint8(0))
	}
	paths := []string{"/v1/bookings", "/v1/chat", "/v1/sessions", "/v1/bookings/RDV-0000000000/reschedule"}
	f.Fuzz(func(t *testing.T, body string, which uint8) {
		path := paths[int(which)%len(paths)]
		req, err := http.NewRequest("POST", fx.url+path, strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := fx.client.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("POST %s %q: %d %s", path, body, resp.StatusCode, raw)
		}
		if !json.Valid(raw) {
			t.Fatalf("POST %s %q: not JSON: %s", path, body, raw)
		}
	})
}
