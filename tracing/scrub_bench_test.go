package tracing

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// BenchmarkScrub is the export's scrubbing of a request's span with
// otelhttp's attributes and a query's.
func BenchmarkScrub(b *testing.B) {
	rec := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(rec))
	_, sp := tp.Tracer("bench").Start(context.Background(), "POST /v1/chat")
	sp.SetAttributes(attribute.String("server.address", "127.0.0.1"), attribute.String("http.request.method", "POST"),
		attribute.String("url.scheme", "http"), attribute.String("network.peer.address", "127.0.0.1"), attribute.Int("network.peer.port", 51234),
		attribute.String("user_agent.original", "Go-http-client/1.1"), attribute.String("client.address", "127.0.0.1"),
		attribute.String("url.path", "/v1/chat"), attribute.String("network.protocol.version", "1.1"), attribute.String("http.route", "POST /v1/chat"),
		attribute.String("db.query.text", "SELECT id, provider_id, service_id, start_at, end_at, blocked_until, status FROM bookings WHERE provider_id = ? AND start_at < ? AND blocked_until > ? AND status = 'booked'"),
		attribute.Int("http.response.status_code", 200), attribute.StringSlice("rendezvous.chat.actions", []string{"searched_providers"}))
	sp.End()
	span := rec.GetSpans().Snapshots()[0]
	b.ReportAllocs()
	for b.Loop() {
		_ = scrubbedSpan{span}.Attributes()
	}
}
