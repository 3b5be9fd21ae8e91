package tracing

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// BenchmarkSpan is what one span costs the process from start to export,
// with the provider New builds (the sampler, the batcher, the scrubber and
// OTLP/HTTP to a collector that drops what it gets): the span of a request
// with its four attributes. cpu-ns/span is the process's CPU time per span,
// the batcher's goroutine and the garbage collector included, whatever
// else the machine runs. A chat turn draws about three spans (the request,
// the turn, a tool or a query on some turns): docs/benchmarks.md.
func BenchmarkSpan(b *testing.B) {
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer sink.Close()
	// A queue that holds every span: none dropped, all exported and
	// counted (the SDK reads OTEL_BSP_* from the process's environment).
	b.Setenv("OTEL_BSP_MAX_QUEUE_SIZE", "1000000")
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": sink.URL}
	p, err := New(context.Background(), func(k string) string { return env[k] }, "bench")
	if err != nil {
		b.Fatal(err)
	}
	tracer := p.Tracer("bench")
	ctx := context.Background()
	b.ReportAllocs()
	before := cpu(b)
	for b.Loop() {
		_, sp := tracer.Start(ctx, "POST", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", "POST"), attribute.String("url.scheme", "http")))
		sp.SetName("POST /v1/chat")
		sp.SetAttributes(attribute.String("http.route", "POST /v1/chat"))
		sp.SetAttributes(attribute.Int("http.response.status_code", 200))
		sp.End()
	}
	if err := p.Shutdown(context.Background()); err != nil { // the last export, counted
		b.Fatal(err)
	}
	b.ReportMetric(float64((cpu(b)-before).Nanoseconds())/float64(b.N), "cpu-ns/span")
}

func cpu(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
