package httpapi

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// RateLimiter decides whether a request of a key may pass.
type RateLimiter interface {
	Allow(ctx context.Context, key string, rate rendezvous.Rate) (rendezvous.RateDecision, error)
}

// RateLimits configures rate limiting: a limit per class of endpoints
// (RateClasses), counted per client address or per chat session.
type RateLimits struct {
	// Off serves without any limit, for load tests in development only.
	// Otherwise New requires a Limiter and a rate for every class: the
	// zero value fails closed.
	Off bool
	// Limiter counts requests (in memory, or in Redis to share the limit
	// between instances).
	Limiter RateLimiter
	// Fallback counts requests while Limiter fails (Redis down): limits
	// then hold per instance rather than not at all.
	Fallback RateLimiter
	// Rates by class; see RateClasses and DefaultRates.
	Rates map[RateClass]rendezvous.Rate
}

// limitClient counts a request against its client's budget in class and,
// for an IPv6 client, against the budgets of the wider networks it belongs
// to: a /48 gets 8 times a client's budget and a /32 64 times. One /64 is a
// client; whoever holds a /48 (which tunnel brokers give away) holds 65,536
// of them, and without the wider budgets could spend them all at once.
func (s *Server) limitClient(w http.ResponseWriter, r *http.Request, class RateClass) error {
	if err := s.rateLimit(w, r, class, s.clientKey(r), 1); err != nil {
		return err
	}
	for _, n := range s.networkKeys(r) {
		if err := s.rateLimit(w, r, class, n.key, n.scale); err != nil {
			return err
		}
	}
	return nil
}

// networkKey is a network wider than a client, and how many clients'
// budgets it gets.
type networkKey struct {
	key   string
	scale int
}

// networkKeys returns the wider networks of an IPv6 client: its /48 and
// its /32, when the client prefix is narrower.
func (s *Server) networkKeys(r *http.Request) []networkKey {
	a, _ := s.clientAddr(r)
	if !a.IsValid() || !a.Is6() {
		return nil
	}
	var out []networkKey
	for _, n := range []struct{ bits, scale int }{{48, 8}, {32, 64}} {
		if s.ipv6Prefix <= n.bits {
			continue
		}
		if p, err := a.WithZone("").Prefix(n.bits); err == nil {
			out = append(out, networkKey{p.String(), n.scale})
		}
	}
	return out
}

// rateLimit counts a request against the budget of class for key (a
// client key, a network, or a session id), scale times the class's rate
// and burst. It sets the RateLimit-* headers and answers 429 with
// Retry-After when the client must wait; a refused request's connection
// is closed, so that a client cannot hold connections open past its
// budget. A limiter that fails, with no fallback, refuses: an uncounted
// request is unlimited.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, class RateClass, key string, scale int) error {
	if s.limits.Off {
		return nil
	}
	rate := s.limits.Rates[class] // present: New checked every class
	rate.Count, rate.Burst = rate.Count*scale, rate.Burst*scale
	key = RateKey(class, key)
	d, err := s.limits.Limiter.Allow(r.Context(), key, rate)
	if err != nil {
		s.limiterFailed(r.Context(), err)
		if s.limits.Fallback == nil {
			return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the request could not be counted; try again shortly")
		}
		if d, err = s.limits.Fallback.Allow(r.Context(), key, rate); err != nil {
			return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the request could not be counted; try again shortly")
		}
	}
	h := w.Header()
	// A request counted more than once (per address, per network, then
	// per session) shows the budget that is closest to running out.
	if prev, err := strconv.Atoi(h.Get("RateLimit-Remaining")); err != nil || d.Remaining <= prev || !d.Allowed {
		h.Set("RateLimit-Limit", strconv.Itoa(d.Limit))
		h.Set("RateLimit-Remaining", strconv.Itoa(d.Remaining))
		h.Set("RateLimit-Reset", strconv.Itoa(ceilSeconds(d.ResetAfter)))
	}
	if d.Allowed {
		return nil
	}
	if s.observer != nil {
		s.observer.RateLimited(string(class))
	}
	wait := max(1, ceilSeconds(d.RetryAfter))
	h.Set("Retry-After", strconv.Itoa(wait))
	h.Set("Connection", "close")
	unit := "seconds"
	if wait == 1 {
		unit = "second"
	}
	return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, "rate_limited", "too many requests; try again in %d %s", wait, unit)
}

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}

// limiterFailed logs a failing limiter at most once a minute.
func (s *Server) limiterFailed(ctx context.Context, err error) {
	now := time.Now().Unix()
	last := s.limiterWarned.Load()
	if now-last < 60 || !s.limiterWarned.CompareAndSwap(last, now) {
		return
	}
	s.log.LogAttrs(ctx, slog.LevelWarn, "rate limiter unavailable: counting in memory on this instance",
		slog.String("error_kind", string(rendezvous.ErrorCodeOf(err))), slog.String("error", boundedError(err)))
}

// RateKey is the limiter key of a client's (or a session's) budget in a
// class. Other counters of the same budget — the chat's bookings and
// booking lookups count against the booking class — use it too, so that a
// budget is one budget whichever way it is spent.
func RateKey(class RateClass, key string) string { return string(class) + ":" + key }
