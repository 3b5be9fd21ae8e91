// Package httpapi is Rendezvous's HTTP JSON API: routes under /v1,
// RFC 9457 problems with stable codes, /healthz, /readyz and an OpenAPI
// document generated from the same route table that registers the
// handlers, so that the two cannot drift.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/bytepool"
)

// AdminAuth verifies admin API keys.
type AdminAuth interface {
	Verify(ctx context.Context, key string) (*rendezvous.AdminKey, error)
}

// Check is a readiness check of one dependency.
type Check struct {
	Name     string
	Required bool
	Check    func(ctx context.Context) error
}

// Config holds the server's dependencies and settings.
type Config struct {
	Desk  *booking.Desk
	Admin AdminAuth
	// Audit records administrative actions; required with Admin.
	Audit AuditLog
	// Chat runs conversations; nil serves no chat endpoints.
	Chat   Chat
	Logger *slog.Logger
	// Checks run on /readyz, each with ReadyTimeout (2 s by default); a
	// result serves every /readyz for ReadyCacheTTL (1 s by default).
	Checks        []Check
	ReadyTimeout  time.Duration
	ReadyCacheTTL time.Duration
	// MaxBodyBytes bounds JSON request bodies (64 KiB by default).
	MaxBodyBytes int64
	// Version is shown by /healthz.
	Version string
	// Extra endpoints served and documented with the rest.
	Extra []Endpoint
	// Jobs lists and retries background jobs (/v1/admin/jobs); nil
	// serves no such endpoint.
	Jobs JobAdmin
	// DevMail is the development mailbox (/dev/mail): set it only in
	// development.
	DevMail DevMailbox
	// Verifier proves email addresses (/v1/email-verifications, /v1/me);
	// nil serves none of them.
	Verifier EmailVerifier
	// Webhooks administers webhook endpoints (/v1/admin/webhooks); nil
	// serves none of them.
	Webhooks WebhookAdmin
	// Feeds makes and serves the providers' calendar feeds; nil serves
	// none of them.
	Feeds FeedAdmin
	// Waitlist keeps customers waiting for a slot that fits (/v1/waitlist,
	// with Verifier); nil serves none of its endpoints.
	Waitlist Waitlist

	// The edge: browser origins allowed (CORS), proxies trusted to name
	// the client, whether TLS is on (for HSTS), rate limits, and an
	// observer of requests (metrics).
	CORSOrigins    []string
	TrustedProxies []netip.Prefix
	TLS            bool
	RateLimits     RateLimits
	Observer       Observer
	// Tracer draws a span per request; nil when tracing is off.
	Tracer trace.TracerProvider
	// IPv6Prefix groups IPv6 clients: addresses that share their first
	// IPv6Prefix bits are one client for every per-client limit (32 to
	// 128; DefaultIPv6Prefix when 0).
	IPv6Prefix int
}

// Observer is told about every request (metrics).
type Observer interface {
	ObserveRequest(route string, status int, d time.Duration)
	RateLimited(class string)
}

// Server serves the API.
type Server struct {
	desk      *booking.Desk
	admin     AdminAuth
	audit     AuditLog
	chat      Chat
	log       *slog.Logger
	ready     *readiness
	maxBody   int64
	version   string
	endpoints []Endpoint
	jobs      JobAdmin
	devMail   DevMailbox
	verifier  EmailVerifier
	webhooks  WebhookAdmin
	feeds     FeedAdmin
	waitlist  Waitlist
	handler   http.Handler
	openapi   []byte

	corsOrigins    []string
	trustedProxies []netip.Prefix
	tls            bool
	limits         RateLimits
	observer       Observer
	ipv6Prefix     int
	tracer         trace.TracerProvider
	limiterWarned  atomic.Int64  // unix time of the last warning
	draining       atomic.Bool   // set by Drain
	bodies         bytepool.Pool // the buffers of writeAppended
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	s := &Server{
		desk: cfg.Desk, admin: cfg.Admin, audit: cfg.Audit, chat: cfg.Chat, log: cfg.Logger,
		ready:   &readiness{checks: cfg.Checks, timeout: cfg.ReadyTimeout, ttl: cfg.ReadyCacheTTL, now: time.Now},
		maxBody: cfg.MaxBodyBytes, version: cfg.Version,
		trustedProxies: cfg.TrustedProxies, tls: cfg.TLS, limits: cfg.RateLimits, observer: cfg.Observer,
		ipv6Prefix: cfg.IPv6Prefix, tracer: cfg.Tracer, jobs: cfg.Jobs, devMail: cfg.DevMail, verifier: cfg.Verifier,
		webhooks: cfg.Webhooks, feeds: cfg.Feeds,
		waitlist: cfg.Waitlist,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ready.timeout <= 0 {
		s.ready.timeout = 2 * time.Second
	}
	if s.ready.ttl <= 0 {
		s.ready.ttl = time.Second
	}
	if s.maxBody <= 0 {
		s.maxBody = 64 << 10
	}
	origins, err := CanonicalOrigins(cfg.CORSOrigins)
	if err != nil {
		return nil, fmt.Errorf("httpapi: CORS origins: %w", err)
	}
	s.corsOrigins = origins
	if s.ipv6Prefix == 0 {
		s.ipv6Prefix = DefaultIPv6Prefix
	}
	if err := checkIPv6Prefix(s.ipv6Prefix); err != nil {
		return nil, err
	}
	s.endpoints = slices.Concat(s.routes(), s.privacyRoutes(), s.chatRoutes(), s.jobRoutes(), s.verificationRoutes(), s.webhookRoutes(), s.feedRoutes(),
		s.waitlistRoutes(), cfg.Extra)
	if err := checkRates(s.endpoints, s.limits); err != nil {
		return nil, err
	}
	if s.admin != nil && s.audit == nil {
		// Administration without its record is refused, not run blind.
		return nil, errors.New("httpapi: administration needs an audit log (Config.Audit)")
	}
	doc, err := buildOpenAPI(s.endpoints, s.version)
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	s.handler = s.buildHandler()
	return s, nil
}

// ServeHTTP serves a request, then gives other connections their turn
// (yieldAfterAnswer).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
	yieldAfterAnswer(w, r)
}

// Endpoints returns the route table (for tests and documentation).
func (s *Server) Endpoints() []Endpoint { return s.endpoints }

// buildHandler registers every endpoint on a private mux (never
// http.DefaultServeMux) and wraps it in the common middleware.
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	paths := http.NewServeMux() // same paths without methods, to tell 405 from 404
	seen := map[string]bool{}
	for _, e := range s.endpoints {
		mux.Handle(e.Method+" "+e.Path, s.endpointHandler(e))
		if !seen[e.Path] {
			seen[e.Path] = true
			paths.Handle(e.Path, http.NotFoundHandler())
		}
	}
	routed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r) // (not the returned handler: ServeHTTP sets the path values)
			return
		}
		// Requests that match no endpoint are counted too: a 404 or a
		// 405 costs a little, and nothing may be asked for free.
		if err := s.limitClient(w, r, RateOps); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		if _, pattern := paths.Handler(r); pattern != "" {
			var allow []string
			for _, e := range s.endpoints {
				if e.Path == pattern {
					allow = append(allow, e.Method)
				}
			}
			w.Header().Set("Allow", joinComma(allow))
			s.writeProblem(w, r, &httpError{status: http.StatusMethodNotAllowed, code: "method_not_allowed", message: r.Method + " is not allowed here"})
			return
		}
		s.writeProblem(w, r, &httpError{status: http.StatusNotFound, code: "not_found", message: "no such endpoint"})
	})
	return s.withTracing(s.withDrain(s.withRequestID(s.withRecover(s.withSecurityHeaders(s.withCORS(s.withAccessLog(routed)))))))
}

// endpointHandler adapts an endpoint: it authenticates as declared, runs
// the handler (recorded in the audit log when audited: audit.go) and
// turns a returned error into a problem.
func (s *Server) endpointHandler(e Endpoint) http.Handler {
	handle := s.withAudit(e)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setRoute(r.Context(), e.Method+" "+e.Path)
		nameSpan(r.Context(), e.Method+" "+e.Path)
		// Limits come before authentication, so that guessing tokens or
		// keys is limited too.
		if err := s.limitClient(w, r, e.RateClass); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		if e.Auth == AuthAdmin {
			k, err := s.authorizeAdmin(r)
			if err != nil {
				s.writeProblem(w, r, err)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), adminKeyKey{}, k))
		}
		if err := handle(w, r); err != nil {
			s.writeProblem(w, r, err)
		}
	})
}

func joinComma(items []string) string {
	out := ""
	for i, it := range items {
		if i > 0 {
			out += ", "
		}
		out += it
	}
	return out
}
