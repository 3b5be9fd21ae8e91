package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestJSONAnswersDeclareTheirLength: over real HTTP, every kind of JSON
// answer (a document, the chat's own writer, a problem) declares its
// length and is not sent in chunks, which is what lets the server send it
// and yield before net/http would (yieldAfterAnswer).
func TestJSONAnswersDeclareTheirLength(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/healthz", ""},
		{"GET", "/v1/providers?kind=dentist&city=Paris", ""},
		{"POST", "/v1/chat", `{"message":"I need a dentist in Paris tomorrow morning"}`},
		{"GET", "/v1/providers/999999", ""},            // a problem
		{"POST", "/v1/chat", `{"message":"hi","x":1}`}, // a problem from the body's check
	} {
		req, err := http.NewRequest(c.method, f.url+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		// A bare client: the fixture's validates answers against the
		// OpenAPI document, which a problem of this test need not match.
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) > 0 {
			t.Errorf("%s %s → %d: Content-Length %d, Transfer-Encoding %q, %d bytes of body",
				c.method, c.path, resp.StatusCode, resp.ContentLength, resp.TransferEncoding, len(body))
		}
	}
}

// TestAnswerSentBeforeTheServerYields: the server sends an answer of
// declared length itself (and then yields its goroutine); an answer of
// undeclared length, or over HTTP/2, is left to net/http.
func TestAnswerSentBeforeTheServerYields(t *testing.T) {
	f := newFixture(t)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK || !rec.Flushed {
		t.Fatalf("GET /healthz: status %d, flushed %v; want 200, flushed", rec.Code, rec.Flushed)
	}
	// The document is written without a declared length (net/http
	// chooses): the server leaves it to net/http.
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Length") != "" {
		t.Fatalf("GET /openapi.json: status %d, Content-Length %q; the test wants an answer of undeclared length",
			rec.Code, rec.Header().Get("Content-Length"))
	}
	if rec.Flushed {
		t.Fatal("GET /openapi.json: an answer of undeclared length was flushed")
	}
	// Over HTTP/2 each request has a goroutine of its own: nothing to yield.
	rec = httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Proto, req.ProtoMajor, req.ProtoMinor = "HTTP/2.0", 2, 0
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Flushed {
		t.Fatalf("GET /healthz over HTTP/2: status %d, flushed %v; want 200, not flushed", rec.Code, rec.Flushed)
	}
}
