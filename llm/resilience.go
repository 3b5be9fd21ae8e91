package llm

import (
	"context"
	"errors"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/sony/gobreaker/v2"
)

// Resilience bounds what calling a backend may cost in time and retries.
type Resilience struct {
	// CallTimeout bounds one attempt (20 s).
	CallTimeout time.Duration
	// MaxAttempts bounds attempts of one call, the first included (3).
	MaxAttempts int
	// BackoffInitial and BackoffMax shape the exponential backoff between
	// attempts, with jitter (200 ms, 2 s). A retry-after asked by the API
	// is honoured when it fits in the turn's time.
	BackoffInitial, BackoffMax time.Duration
	// BreakerFailures is how many consecutive failures open the circuit
	// breaker (5); BreakerOpen how long it stays open before a probe
	// (30 s).
	BreakerFailures int
	BreakerOpen     time.Duration
}

func (r Resilience) withDefaults() Resilience {
	if r.CallTimeout <= 0 {
		r.CallTimeout = 20 * time.Second
	}
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 3
	}
	if r.BackoffInitial <= 0 {
		r.BackoffInitial = 200 * time.Millisecond
	}
	if r.BackoffMax <= 0 {
		r.BackoffMax = 2 * time.Second
	}
	if r.BreakerFailures <= 0 {
		r.BreakerFailures = 5
	}
	if r.BreakerOpen <= 0 {
		r.BreakerOpen = 30 * time.Second
	}
	return r
}

// ErrBreakerOpen is returned while the circuit breaker keeps the backend
// from being called.
var ErrBreakerOpen = errors.New("model backend circuit breaker is open")

// caller calls a backend through a circuit breaker, with bounded retries.
type caller struct {
	backend Backend
	res     Resilience
	breaker *gobreaker.CircuitBreaker[*Response]
	onState func(backend string, state string)
}

func newCaller(b Backend, res Resilience, onState func(backend, state string)) *caller {
	res = res.withDefaults()
	c := &caller{backend: b, res: res, onState: onState}
	c.breaker = gobreaker.NewCircuitBreaker[*Response](gobreaker.Settings{
		Name:        b.Name(),
		MaxRequests: 1, // one probe when half-open
		Timeout:     res.BreakerOpen,
		ReadyToTrip: func(counts gobreaker.Counts) bool {
			return counts.ConsecutiveFailures >= uint32(res.BreakerFailures)
		},
		// A request abandoned by its own caller says nothing about the
		// backend; a request refused as invalid is the request's fault.
		IsExcluded: func(err error) bool {
			var ae *APIError
			return errors.Is(err, context.Canceled) || (errors.As(err, &ae) && !ae.Retryable())
		},
		OnStateChange: func(name string, _, to gobreaker.State) {
			if c.onState != nil {
				c.onState(name, to.String())
			}
		},
	})
	return c
}

// state is the breaker's state: "closed", "half-open" or "open".
func (c *caller) state() string { return c.breaker.State().String() }

// call sends req, retrying what is worth retrying while the turn (ctx)
// has time: never after ctx's deadline, never more than MaxAttempts.
func (c *caller) call(ctx context.Context, req Request) (*Response, error) {
	op := func() (*Response, error) {
		resp, err := c.breaker.Execute(func() (*Response, error) {
			actx, cancel := context.WithTimeout(ctx, c.res.CallTimeout)
			defer cancel()
			return c.backend.Complete(actx, req)
		})
		switch {
		case err == nil:
			return resp, nil
		case errors.Is(err, gobreaker.ErrOpenState), errors.Is(err, gobreaker.ErrTooManyRequests):
			return nil, backoff.Permanent(ErrBreakerOpen)
		case ctx.Err() != nil:
			return nil, backoff.Permanent(ctx.Err()) // the turn is over
		case !Retryable(err):
			return nil, backoff.Permanent(err)
		}
		var ae *APIError
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < ae.RetryAfter {
				return nil, backoff.Permanent(err) // not worth waiting: the turn would end first
			}
			return nil, &backoff.RetryAfterError{Duration: ae.RetryAfter}
		}
		return nil, err
	}
	eb := backoff.NewExponentialBackOff()
	eb.InitialInterval, eb.MaxInterval, eb.RandomizationFactor = c.res.BackoffInitial, c.res.BackoffMax, 0.5
	opts := []backoff.RetryOption{backoff.WithBackOff(eb), backoff.WithMaxTries(uint(c.res.MaxAttempts))}
	if dl, ok := ctx.Deadline(); ok {
		opts = append(opts, backoff.WithMaxElapsedTime(time.Until(dl)))
	}
	return backoff.Retry(ctx, op, opts...)
}
