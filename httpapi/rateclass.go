package httpapi

import (
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// RateClass names the rate limit an endpoint is under. Every endpoint
// has one: New refuses an endpoint without a class, or with a class that
// RateClasses does not list, so that no endpoint is unlimited by mistake.
type RateClass string

// The rate classes. RateClasses lists them with their defaults.
const (
	// RateOps covers liveness and the OpenAPI document: cheap, and
	// generous so that load balancers and probes never meet it.
	RateOps RateClass = "ops"
	// RateReady covers /readyz, whose answer runs dependency checks.
	RateReady RateClass = "ready"
	// RateMetrics covers /metrics behind the admin key: each request
	// looks the key up in the database.
	RateMetrics RateClass = "metrics"
	// RateRead covers the directory and availability.
	RateRead RateClass = "read"
	// RateBooking covers booking, reading, cancelling and rescheduling.
	RateBooking RateClass = "booking"
	// RateAdmin covers administration.
	RateAdmin RateClass = "admin"
	// RateSession counts chat sessions opened per client address: POST
	// /v1/sessions, and a first message to /v1/chat without a session.
	RateSession RateClass = "session"
	// RateChat is the ceiling of chat requests per client address,
	// whatever session they name: everyone behind one NAT shares it, and
	// requests with a forged or unknown session count here too.
	RateChat RateClass = "chat"
	// RateChatSession counts the requests of one chat session (messages,
	// history, end) once its token is verified, so that customers behind
	// one address do not share a budget.
	RateChatSession RateClass = "chat_session"
	// RateWeb covers the web front door's pages and assets: a page view
	// fetches about ten files, most of them cached afterwards.
	RateWeb RateClass = "web"
	// RateVerification counts the one-time codes a client address asks
	// for (POST /v1/email-verifications): each sends an email.
	RateVerification RateClass = "email_verification"
)

// RateClassSpec describes a rate class.
type RateClassSpec struct {
	Class RateClass
	// Per is what a budget is counted for: "address" (a client address,
	// IPv6 grouped by prefix) or "session".
	Per string
	// Covers says which requests count, for documentation.
	Covers string
	// Default is the rate of a server without configuration.
	Default rendezvous.Rate
}

// RateClasses is the one list of rate classes and their default rates;
// configuration, metrics and New all derive from it.
func RateClasses() []RateClassSpec {
	perMin := func(n, burst int) rendezvous.Rate {
		return rendezvous.Rate{Count: n, Period: time.Minute, Burst: burst}
	}
	return []RateClassSpec{
		{RateOps, "address", "/healthz and /openapi.json", perMin(600, 100)},
		{RateReady, "address", "/readyz (whose answer is reused for a second)", perMin(120, 30)},
		{RateMetrics, "address", "/metrics with an admin key", perMin(30, 10)},
		{RateRead, "address", "directory and availability", perMin(120, 40)},
		{RateBooking, "address", "bookings made, read, cancelled, rescheduled", perMin(20, 10)},
		{RateAdmin, "address", "administration", perMin(60, 30)},
		{RateSession, "address", "chat sessions opened (POST /v1/sessions, a first /v1/chat message)", perMin(10, 5)},
		{RateChat, "address", "every chat request, whatever its session: a ceiling per address", perMin(120, 60)},
		{RateChatSession, "session", "messages, history and end of one chat session", perMin(20, 10)},
		{RateWeb, "address", "the web pages, their assets and the widget's script", perMin(300, 100)},
		{RateVerification, "address", "one-time codes sent to email addresses (POST /v1/email-verifications)", rendezvous.Rate{Count: 10, Period: time.Hour, Burst: 5}},
	}
}

// DefaultRates returns every class's default rate, in a fresh map.
func DefaultRates() map[RateClass]rendezvous.Rate {
	out := map[RateClass]rendezvous.Rate{}
	for _, c := range RateClasses() {
		out[c.Class] = c.Default
	}
	return out
}

func knownRateClass(c RateClass) bool {
	for _, k := range RateClasses() {
		if k.Class == c {
			return true
		}
	}
	return false
}

// checkRates refuses, when limits are on, a missing limiter and a class
// without a valid rate, and in any case an endpoint without a known class
// and a rate for a class that does not exist (a typo would otherwise go
// unnoticed).
func checkRates(endpoints []Endpoint, l RateLimits) error {
	for _, e := range endpoints {
		switch {
		case e.RateClass == "":
			return fmt.Errorf("httpapi: endpoint %s %s has no rate class", e.Method, e.Path)
		case !knownRateClass(e.RateClass):
			return fmt.Errorf("httpapi: endpoint %s %s has an unknown rate class %q", e.Method, e.Path, e.RateClass)
		}
	}
	for c := range l.Rates {
		if !knownRateClass(c) {
			return fmt.Errorf("httpapi: a rate is set for the unknown class %q", c)
		}
	}
	if l.Off {
		return nil
	}
	if l.Limiter == nil {
		return fmt.Errorf("httpapi: rate limits are on but no limiter is given (set RateLimits.Off to serve without limits)")
	}
	for _, c := range RateClasses() {
		r, ok := l.Rates[c.Class]
		if !ok {
			return fmt.Errorf("httpapi: rate class %q has no rate", c.Class)
		}
		if r.Count <= 0 || r.Period <= 0 || r.Burst <= 0 {
			return fmt.Errorf("httpapi: rate class %q has an invalid rate %s", c.Class, r)
		}
	}
	return nil
}
