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

// rateLimit counts a request against the budget of class for key (a
// client key, or a session id). It sets the RateLimit-* headers and
// answers 429 with Retry-After when the client must wait.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, class RateClass, key string) error {
	if s.limits.Off {
		return nil
	}
	rate := s.limits.Rates[class] // present: New checked every class
	key = RateKey(class, key)
	d, err := s.limits.Limiter.Allow(r.Context(), key, rate)
	if err != nil {
		s.limiterFailed(r.Context(), err)
		if s.limits.Fallback == nil {
			return nil
		}
		if d, err = s.limits.Fallback.Allow(r.Context(), key, rate); err != nil {
			return nil
		}
	}
	h := w.Header()
	// A request counted twice (per address, then per session) shows the
	// budget that is closer to running out.
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
