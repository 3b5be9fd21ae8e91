package queue

import (
	"context"
	"encoding/json"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/tracing"
)

// A job carries the trace context of the request that enqueued it in
// River's metadata (W3C traceparent and tracestate), and its attempts are
// spans of that trace: a booking's trace shows its confirmation being
// sent, by whichever instance sent it.

// traceMetadata returns the metadata of a job enqueued under ctx: nil
// when ctx is not traced.
func traceMetadata(ctx context.Context) []byte {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return nil
	}
	c := propagation.MapCarrier{}
	tracing.Propagator().Inject(ctx, c)
	b, err := json.Marshal(c)
	if err != nil {
		return nil
	}
	return b
}

// jobTraceContext returns ctx with the trace context a job's metadata
// carries, if any.
func jobTraceContext(ctx context.Context, metadata []byte) context.Context {
	var m map[string]json.RawMessage
	if len(metadata) == 0 || json.Unmarshal(metadata, &m) != nil {
		return ctx
	}
	c := propagation.MapCarrier{}
	for _, k := range tracing.Propagator().Fields() {
		var v string
		if raw, ok := m[k]; ok && json.Unmarshal(raw, &v) == nil {
			c[k] = v
		}
	}
	return tracing.Propagator().Extract(ctx, c)
}

// startJobSpan starts the span of one attempt, a child of the enqueuing
// request's span when the job carries it.
func startJobSpan(ctx context.Context, tracer trace.Tracer, kind string, id int64, attempt int, metadata []byte) (context.Context, trace.Span) {
	return tracer.Start(jobTraceContext(ctx, metadata), "job "+kind, trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(attribute.String("messaging.system", "river"), attribute.String("rendezvous.job.kind", kind),
			attribute.Int64("rendezvous.job.id", id), attribute.Int("rendezvous.job.attempt", attempt)))
}

// endJobSpan records the attempt's outcome and ends its span.
func endJobSpan(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, "job failed")
	}
	span.End()
}
