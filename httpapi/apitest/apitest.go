// Package apitest holds test helpers for the HTTP API: a client transport
// that checks every response against the server's own /openapi.json, so
// that any test exercising the API also proves the document true.
package apitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Validator checks responses against an OpenAPI document.
type Validator struct {
	t      testing.TB
	router routers.Router

	mu      sync.Mutex
	checked map[string]bool // "METHOD path status" seen, for coverage reports
}

// registerStreams teaches kin-openapi (whose decoders are process-wide)
// to read server-sent events as the string the document declares.
var registerStreams sync.Once

// LoadValidator parses and validates an OpenAPI document.
func LoadValidator(t testing.TB, doc []byte) *Validator {
	t.Helper()
	registerStreams.Do(func() { openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.FileBodyDecoder) })
	loader := openapi3.NewLoader()
	spec, err := loader.LoadFromData(doc)
	if err != nil {
		t.Fatalf("openapi: load: %v", err)
	}
	if err := spec.Validate(context.Background()); err != nil {
		t.Fatalf("openapi: invalid document: %v", err)
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		t.Fatalf("openapi: router: %v", err)
	}
	return &Validator{t: t, router: router, checked: map[string]bool{}}
}

// FetchValidator loads the document a running server serves.
func FetchValidator(t testing.TB, baseURL string) *Validator {
	t.Helper()
	resp, err := http.Get(baseURL + "/openapi.json")
	if err != nil {
		t.Fatalf("openapi: fetch: %v", err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi: fetch: %d %v", resp.StatusCode, err)
	}
	return LoadValidator(t, doc)
}

// Check validates one response (whose body has been read into body).
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return nil // no route: nothing to check against
		}
		return fmt.Errorf("%s %s: no documented route: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return fmt.Errorf("%s %s → %d does not match /openapi.json: %w\nbody: %s", req.Method, route.Path, status, err, truncate(body))
	}
	v.mu.Lock()
	v.checked[fmt.Sprintf("%s %s %d", req.Method, route.Path, status)] = true
	v.mu.Unlock()
	return nil
}

// Checked returns the "METHOD path status" combinations validated so far.
func (v *Validator) Checked() map[string]bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]bool, len(v.checked))
	for k := range v.checked {
		out[k] = true
	}
	return out
}

func truncate(b []byte) string {
	if len(b) > 500 {
		return string(b[:500]) + "…"
	}
	return string(b)
}

// Transport returns a RoundTripper that validates every response it
// carries and fails the test on a mismatch.
func (v *Validator) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(req)
		if err != nil {
			return resp, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if err := v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
			v.t.Errorf("%v", err)
		}
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
