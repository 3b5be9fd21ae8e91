package httpapi

import (
	"context"
	"net"
	"net/http"
	"net/netip"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/tracing"
)

// withTracing opens a server span per request, or returns next unchanged
// when tracing is off: no wrapper, no cost.
//
// The span is what an operator needs to find a slow or failed request and
// nothing more: named after the route once matched ("POST /v1/chat"), with
// the method, the route, the scheme and the status; a 5xx is an error.
// Not otelhttp: its wrapper (httpsnoop), its request and response size
// counters, its metrics (computed even for a no-op meter) and its dozen
// semantic-convention attributes — most of which name the client (address,
// port, user agent, raw path) and were recorded only to be scrubbed before
// export — were most of what tracing cost a chat turn
// (docs/benchmarks.md, "Tracing").
//
// A caller's traceparent is a parent only when the request comes through
// a trusted proxy (RENDEZVOUS_TRUSTED_PROXIES): from anyone else it is
// only linked, so that a client on the internet can neither force its
// requests into sampling nor graft them onto someone else's trace.
func (s *Server) withTracing(next http.Handler) http.Handler {
	if s.tracer == nil {
		return next
	}
	tracer := s.tracer.Tracer("github.com/rendezvous-oss/rendezvous/httpapi")
	prop := tracing.Propagator()
	scheme := attribute.String("url.scheme", "http")
	if s.tls {
		scheme = attribute.String("url.scheme", "https")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Probes and scrapes come every few seconds from every balancer
		// and Prometheus: traces of them would drown the requests'.
		if probePaths[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
			attribute.String("http.request.method", r.Method), scheme)}
		if r.Header.Get("Traceparent") != "" { // canonical: no allocation to look it up
			remote := prop.Extract(ctx, propagation.HeaderCarrier(r.Header))
			if sc := trace.SpanContextFromContext(remote); sc.IsValid() {
				if s.fromTrustedPeer(r) {
					ctx = remote
				} else {
					opts = append(opts, trace.WithNewRoot(), trace.WithLinks(trace.Link{SpanContext: sc}))
				}
			}
		}
		ctx, span := tracer.Start(ctx, r.Method, opts...)
		defer span.End()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		if span.IsRecording() {
			span.SetAttributes(attribute.Int("http.response.status_code", rec.status))
			if rec.status >= 500 {
				span.SetStatus(codes.Error, "")
			}
		}
	})
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
