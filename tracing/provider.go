package tracing

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Provider is the program's tracer provider. Its zero value is not
// usable; New returns one, off (no-op) unless the environment names an
// OTLP endpoint.
type Provider struct {
	trace.TracerProvider
	sdk *sdktrace.TracerProvider // nil when off
}

// New reads the OTEL_* variables through getenv (see readSettings) and
// returns the provider they ask for: a no-op one by default; otherwise
// one that batches spans to an OTLP/HTTP collector. The exporter also
// honours the variables it reads itself from the process environment
// (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION, _CERTIFICATE…).
// Call Shutdown to send the last spans.
func New(ctx context.Context, getenv func(string) string, version string) (*Provider, error) {
	s, err := readSettings(getenv)
	if err != nil {
		return nil, err
	}
	if !s.enabled {
		return Off(), nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(s.endpoint))
	if err != nil {
		return nil, fmt.Errorf("tracing: OTLP exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName(s.serviceName), semconv.ServiceVersion(version)))
	if err != nil {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	var batch []sdktrace.BatchSpanProcessorOption
	if s.batchDelay > 0 {
		batch = append(batch, sdktrace.WithBatchTimeout(s.batchDelay))
	}
	sdk := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSampler(rootsFromOutside{next: s.sampler}),
		sdktrace.WithBatcher(scrubber{next: exp}, batch...),
	)
	return &Provider{TracerProvider: sdk, sdk: sdk}, nil
}

// Off returns a provider that draws no span.
func Off() *Provider { return &Provider{TracerProvider: noop.NewTracerProvider()} }

// Enabled tells whether spans are recorded and exported: adapters skip
// their instrumentation when not.
func (p *Provider) Enabled() bool { return p != nil && p.sdk != nil }

// Shutdown sends the spans still buffered and stops the exporter.
func (p *Provider) Shutdown(ctx context.Context) error {
	if !p.Enabled() {
		return nil
	}
	if err := p.sdk.Shutdown(ctx); err != nil {
		return fmt.Errorf("tracing: shutdown: %w", err)
	}
	return nil
}

// Propagator is how trace context travels between processes — W3C
// traceparent and tracestate, in HTTP headers and in jobs' metadata.
func Propagator() propagation.TextMapPropagator { return propagation.TraceContext{} }

// rootsFromOutside starts traces only where work enters the program — a
// request (server span) or a job (consumer span). A span with no parent
// of any other kind — a River poll's query, a session sweep's Redis call
// — belongs to no request, and would otherwise be a one-span trace every
// poll interval.
type rootsFromOutside struct{ next sdktrace.Sampler }

func (r rootsFromOutside) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	if !trace.SpanContextFromContext(p.ParentContext).IsValid() && p.Kind != trace.SpanKindServer && p.Kind != trace.SpanKindConsumer {
		return sdktrace.SamplingResult{Decision: sdktrace.Drop, Tracestate: trace.SpanContextFromContext(p.ParentContext).TraceState()}
	}
	return r.next.ShouldSample(p)
}

func (r rootsFromOutside) Description() string {
	return "RootsFromOutside{" + r.next.Description() + "}"
}

// Check validates the OTEL_* variables as New reads them, without
// creating anything (for `rendezvous config check`).
func Check(getenv func(string) string) error {
	_, err := readSettings(getenv)
	return err
}
