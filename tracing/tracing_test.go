package tracing

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSettings(t *testing.T) {
	cases := []struct {
		name     string
		env      map[string]string
		on       bool
		endpoint string
		err      string
	}{
		{"OffByDefault", nil, false, "", ""},
		{"OnWithEndpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"}, true, "http://collector:4318/v1/traces", ""},
		{"TracesEndpointAsIs", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://b/x"}, true, "https://b/x", ""},
		{"ExporterOTLPDefaultsToLocalhost", map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true, "http://localhost:4318/v1/traces", ""},
		{"SDKDisabled", map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318"}, false, "", ""},
		{"ExporterNone", map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318"}, false, "", ""},
		{"ErrOtherExporter", map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, false, "", "OTEL_TRACES_EXPORTER"},
		{"ErrGRPC", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, false, "", "http/protobuf"},
		{"ErrEndpointNotURL", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, false, "", "URL"},
		{"ErrSampler", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a", "OTEL_TRACES_SAMPLER": "sometimes"}, false, "", "OTEL_TRACES_SAMPLER"},
		{"ErrSamplerArg", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a", "OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2"}, false, "", "OTEL_TRACES_SAMPLER_ARG"},
		{"ErrBatchDelay", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a", "OTEL_BSP_SCHEDULE_DELAY": "soon"}, false, "", "OTEL_BSP_SCHEDULE_DELAY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := readSettings(envOf(c.env))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one naming %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.enabled != c.on || s.endpoint != c.endpoint {
				t.Fatalf("enabled %v endpoint %q, want %v %q", s.enabled, s.endpoint, c.on, c.endpoint)
			}
			p, err := New(context.Background(), envOf(c.env), "test")
			if err != nil {
				t.Fatal(err)
			}
			defer p.Shutdown(context.Background())
			if p.Enabled() != c.on {
				t.Fatalf("provider enabled %v, want %v", p.Enabled(), c.on)
			}
		})
	}
}

func TestSamplers(t *testing.T) {
	for name, want := range map[string]string{
		"":                         "ParentBased{root:AlwaysOnSampler",
		"always_off":               "AlwaysOffSampler",
		"parentbased_traceidratio": "ParentBased{root:TraceIDRatioBased{0.25}",
		"traceidratio":             "TraceIDRatioBased{0.25}",
	} {
		s, err := readSampler(name, "0.25")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s.Description(), want) {
			t.Errorf("%q: %s, want %s…", name, s.Description(), want)
		}
	}
}

// TestRootsFromOutside: a query with no request around it starts no
// trace; a request or a job does, and whatever runs inside them is
// sampled with them.
func TestRootsFromOutside(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(rootsFromOutside{next: sdktrace.AlwaysSample()}), sdktrace.WithSpanProcessor(rec))
	tr := tp.Tracer("test")
	ctx := context.Background()
	_, poll := tr.Start(ctx, "poll", trace.WithSpanKind(trace.SpanKindClient))
	poll.End()
	rctx, req := tr.Start(ctx, "request", trace.WithSpanKind(trace.SpanKindServer))
	_, q := tr.Start(rctx, "query", trace.WithSpanKind(trace.SpanKindClient))
	q.End()
	req.End()
	_, job := tr.Start(ctx, "job", trace.WithSpanKind(trace.SpanKindConsumer))
	job.End()
	var got []string
	for _, s := range rec.Ended() {
		got = append(got, s.Name())
	}
	if strings.Join(got, ",") != "query,request,job" {
		t.Fatalf("spans recorded: %v, want query,request,job", got)
	}
}

// TestScrub: attributes naming the client or carrying raw URLs are
// dropped, personal data in any other string is redacted, and the rest
// is kept.
func TestScrub(t *testing.T) {
	rec := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(scrubber{next: rec}))
	_, sp := tp.Tracer("test").Start(context.Background(), "request")
	sp.SetAttributes(attribute.String("client.address", "203.0.113.9"), attribute.String("user_agent.original", "Mozilla"),
		attribute.String("url.query", "email=a@b.fr"), attribute.String("http.request.header.authorization", "Bearer x"),
		attribute.String("db.query.text", "SELECT 1"), attribute.String("exception.type", "call marie@example.com"), attribute.String("http.route", "GET /v1/providers"),
		attribute.Int("http.response.status_code", 200))
	sp.AddEvent("exception", trace.WithAttributes(attribute.String("exception.message", "no booking for +33 6 12 34 56 78")))
	sp.End()
	got := rec.GetSpans().Snapshots()[0]
	attrs := map[attribute.Key]string{}
	for _, kv := range got.Attributes() {
		attrs[kv.Key] = kv.Value.String()
	}
	want := map[attribute.Key]string{"db.query.text": "SELECT 1", "exception.type": "call [email]", "http.route": "GET /v1/providers", "http.response.status_code": "200"}
	if len(attrs) != len(want) {
		t.Errorf("attributes %v, want %v", attrs, want)
	}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
	if msg := got.Events()[0].Attributes[0].Value.AsString(); strings.Contains(msg, "12 34") {
		t.Errorf("event kept a phone number: %q", msg)
	}
}

// TestScrubOrders: whichever attribute is the first to go or to change,
// the ones before it are kept, in order; when none does, all are.
func TestScrubOrders(t *testing.T) {
	route := attribute.String("http.route", "POST /v1/chat")
	status := attribute.Int("http.response.status_code", 200)
	client := attribute.String("client.address", "203.0.113.9")
	note := attribute.String("exception.message", "write to marie@example.com")
	tests := []struct {
		name string
		in   []attribute.KeyValue
		want []string
	}{
		{"NothingChanges", []attribute.KeyValue{route, status}, []string{"POST /v1/chat", "200"}},
		{"DropFirst", []attribute.KeyValue{client, route, status}, []string{"POST /v1/chat", "200"}},
		{"DropMiddle", []attribute.KeyValue{route, client, status}, []string{"POST /v1/chat", "200"}},
		{"DropLast", []attribute.KeyValue{route, status, client}, []string{"POST /v1/chat", "200"}},
		{"RedactMiddle", []attribute.KeyValue{route, note, status}, []string{"POST /v1/chat", "write to [email]", "200"}},
		{"Empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]attribute.KeyValue(nil), tt.in...)
			var got []string
			for _, kv := range scrub(in) {
				got = append(got, kv.Value.String())
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("scrub = %q, want %q", got, tt.want)
			}
			for i := range in {
				if in[i] != tt.in[i] {
					t.Errorf("the input changed at %d", i)
				}
			}
		})
	}
}
