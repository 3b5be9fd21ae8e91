package httpapi

import (
	"context"
	"net"
	"net/http"
	"net/netip"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/tracing"
)

// withTracing opens a span per request (otelhttp), or returns next
// unchanged when tracing is off: no wrapper, no cost.
//
// A caller's traceparent is a parent only when the request comes through
// a trusted proxy (RENDEZVOUS_TRUSTED_PROXIES): from anyone else it is
// only linked, so that a client on the internet can neither force its
// requests into sampling nor graft them onto someone else's trace.
func (s *Server) withTracing(next http.Handler) http.Handler {
	if s.tracer == nil {
		return next
	}
	return otelhttp.NewHandler(next, "http",
		otelhttp.WithTracerProvider(s.tracer),
		otelhttp.WithMeterProvider(metricnoop.NewMeterProvider()), // metrics are Prometheus's
		otelhttp.WithPropagators(tracing.Propagator()),
		otelhttp.WithPublicEndpointFn(func(r *http.Request) bool { return !s.fromTrustedPeer(r) }),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
		// Probes and scrapes come every few seconds from every balancer
		// and Prometheus: traces of them would drown the requests'.
		otelhttp.WithFilter(func(r *http.Request) bool { return !probePaths[r.URL.Path] }),
	)
}

// probePaths are the paths that are not traced.
var probePaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// fromTrustedPeer tells whether the connection's peer is a trusted proxy.
func (s *Server) fromTrustedPeer(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trusted(a.Unmap())
}

// nameSpan names the request's span after its route pattern, once
// matched: "GET /v1/bookings/{id}", never the raw path.
func nameSpan(ctx context.Context, route string) {
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return
	}
	span.SetName(route)
	span.SetAttributes(attribute.String("http.route", route))
}
