package httpapi_test

import (
	"net/netip"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// TestRequestSpans: one server span per request, named after its route
// with the method, route, scheme and status and nothing that names the
// client; none for probes; a caller's traceparent is the parent only
// through a trusted proxy, and only linked otherwise.
func TestRequestSpans(t *testing.T) {
	const (
		remoteTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
		remoteSpan  = "00f067aa0ba902b7"
		traceparent = "00-" + remoteTrace + "-" + remoteSpan + "-01"
	)
	tests := []struct {
		name       string
		trusted    []netip.Prefix
		path       string
		header     string // traceparent
		wantSpan   bool
		wantName   string
		wantStatus int64
		wantParent bool // the caller's trace and span are the parent
		wantLink   bool // the caller's span is linked, the trace is new
	}{
		{"OK", nil, "/v1/providers", "", true, "GET /v1/providers", 200, false, false},
		{"RoutedBadRequest", nil, "/v1/providers/prv_nope", "", true, "GET /v1/providers/{id}", 400, false, false},
		{"Unmatched", nil, "/v1/nowhere", "", true, "GET", 404, false, false},
		{"ProbeHealthz", nil, "/healthz", "", false, "", 0, false, false},
		{"ProbeReadyz", nil, "/readyz", "", false, "", 0, false, false},
		{"UntrustedTraceparent", nil, "/v1/providers", traceparent, true, "GET /v1/providers", 200, false, true},
		{"TrustedTraceparent", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}, "/v1/providers", traceparent, true, "GET /v1/providers", 200, true, false},
		{"BadTraceparent", nil, "/v1/providers", "00-zz-yy-01", true, "GET /v1/providers", 200, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
			f := newFixture(t, func(c *httpapi.Config) { c.Tracer = tp; c.TrustedProxies = tt.trusted })
			var headers []string
			if tt.header != "" {
				headers = []string{"traceparent", tt.header}
			}
			before := len(rec.Ended()) // the fixture's own requests (the OpenAPI document)
			f.do(t, "GET", tt.path, "", "", headers...)
			var server []sdktrace.ReadOnlySpan
			for _, sp := range rec.Ended()[before:] {
				if sp.SpanKind() == trace.SpanKindServer {
					server = append(server, sp)
				}
			}
			if !tt.wantSpan {
				if len(server) != 0 {
					t.Fatalf("%d server spans, want none", len(server))
				}
				return
			}
			if len(server) != 1 {
				t.Fatalf("%d server spans, want 1", len(server))
			}
			sp := server[0]
			if sp.Name() != tt.wantName {
				t.Errorf("name %q, want %q", sp.Name(), tt.wantName)
			}
			attrs := map[attribute.Key]attribute.Value{}
			for _, kv := range sp.Attributes() {
				attrs[kv.Key] = kv.Value
			}
			if got := attrs["http.response.status_code"].AsInt64(); got != tt.wantStatus {
				t.Errorf("status attribute %d, want %d", got, tt.wantStatus)
			}
			if attrs["http.request.method"].AsString() != "GET" || attrs["url.scheme"].AsString() != "http" {
				t.Errorf("attributes %v", sp.Attributes())
			}
			if route, ok := attrs["http.route"]; ok != (tt.wantName != "GET") || (ok && route.AsString() != tt.wantName) {
				t.Errorf("http.route %v, want %q", route, tt.wantName)
			}
			for k := range attrs {
				switch k {
				case "http.request.method", "url.scheme", "http.route", "http.response.status_code":
				default:
					t.Errorf("unexpected attribute %s", k)
				}
			}
			if sp.Status().Code == codes.Error {
				t.Errorf("status %v for a %d", sp.Status(), tt.wantStatus)
			}
			fromCaller := sp.SpanContext().TraceID().String() == remoteTrace
			if fromCaller != tt.wantParent || (tt.wantParent && sp.Parent().SpanID().String() != remoteSpan) {
				t.Errorf("trace %s parent %s: want the caller's as parent %v", sp.SpanContext().TraceID(), sp.Parent().SpanID(), tt.wantParent)
			}
			linked := len(sp.Links()) == 1 && sp.Links()[0].SpanContext.SpanID().String() == remoteSpan
			if linked != tt.wantLink {
				t.Errorf("links %v: want the caller's span linked %v", sp.Links(), tt.wantLink)
			}
		})
	}
}
