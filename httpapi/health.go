package httpapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// HealthJSON is the liveness answer.
type HealthJSON struct {
	Status  string `json:"status" enum:"ok"`
	Version string `json:"version"`
}

// CheckJSON is the public state of one dependency: up or down, and
// nothing that would help an attacker (no error text, no address).
type CheckJSON struct {
	Name   string `json:"name"`
	Status string `json:"status" enum:"up,degraded,down"`
}

// ReadyJSON is the public readiness answer.
type ReadyJSON struct {
	Status string      `json:"status" enum:"ready,degraded,unavailable,draining"`
	Checks []CheckJSON `json:"checks"`
}

// CheckDetailJSON is the state of one dependency for operators.
type CheckDetailJSON struct {
	Name      string  `json:"name"`
	Status    string  `json:"status" enum:"up,degraded,down"`
	Required  bool    `json:"required"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty" doc:"why the check failed (may name addresses)"`
}

// ReadyDetailJSON is the readiness answer for operators: the admin-keyed
// /v1/admin/readyz and /readyz on the metrics listener.
type ReadyDetailJSON struct {
	Status    string            `json:"status" enum:"ready,degraded,unavailable"`
	CheckedAt time.Time         `json:"checked_at" doc:"when the checks ran: results are reused for a second"`
	Checks    []CheckDetailJSON `json:"checks"`
}

// healthz is liveness: the process serves HTTP. It checks no dependency,
// so that an orchestrator never restarts a healthy process because the
// database is slow.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, HealthJSON{Status: "ok", Version: s.version})
	return nil
}

// readyz answers 503 when a required dependency is down, with the state
// of each check by name only.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.draining.Load() {
		// Stopping: load balancers take the instance out while it
		// finishes what it has (Drain).
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusServiceUnavailable, ReadyJSON{Status: "draining", Checks: []CheckJSON{}})
		return nil
	}
	rep := s.ready.report(r.Context())
	out := ReadyJSON{Status: rep.Status, Checks: make([]CheckJSON, len(rep.Checks))}
	for i, c := range rep.Checks {
		out.Checks[i] = CheckJSON{Name: c.Name, Status: c.Status}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, rep.httpStatus(), out)
	return nil
}

// Drain starts a graceful stop: from now on /readyz answers 503
// "draining", so that load balancers stop sending requests, while every
// request is still served; each answer closes its connection, so that
// clients holding one open reconnect elsewhere.
func (s *Server) Drain() { s.draining.Store(true) }

// withDrain closes connections after their answer once draining.
func (s *Server) withDrain(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

// readyzDetail is readyz with latencies and error texts.
func (s *Server) readyzDetail(w http.ResponseWriter, r *http.Request) error {
	rep := s.ready.report(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, rep.httpStatus(), rep)
	return nil
}

// ReadinessHandler serves the detailed readiness answer without any
// credential, for a listener that only operators reach (the metrics
// address); on the public address it is /v1/admin/readyz.
func (s *Server) ReadinessHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _ = s.readyzDetail(w, r) })
}

// readiness runs the dependency checks for /readyz. A result is reused
// for a short while, and concurrent callers share one run, so that a
// flood of /readyz costs the database and Redis a ping a second at most.
type readiness struct {
	checks  []Check
	timeout time.Duration
	ttl     time.Duration
	now     func() time.Time

	runs singleflight.Group
	mu   sync.Mutex
	last *ReadyDetailJSON
}

// report returns a fresh enough result, running the checks if needed.
func (rd *readiness) report(ctx context.Context) *ReadyDetailJSON {
	if rep := rd.cached(); rep != nil {
		return rep
	}
	v, _, _ := rd.runs.Do("checks", func() (any, error) {
		if rep := rd.cached(); rep != nil {
			return rep, nil // a run ended between our look and this one
		}
		// The run serves every caller waiting on it: one caller leaving
		// must not cancel it (each check has its own deadline).
		rep := rd.run(context.WithoutCancel(ctx))
		rd.mu.Lock()
		rd.last = rep
		rd.mu.Unlock()
		return rep, nil
	})
	return v.(*ReadyDetailJSON)
}

func (rd *readiness) cached() *ReadyDetailJSON {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.last != nil && rd.now().Sub(rd.last.CheckedAt) < rd.ttl {
		return rd.last
	}
	return nil
}

// run runs every check in parallel, each with the timeout.
func (rd *readiness) run(ctx context.Context) *ReadyDetailJSON {
	rep := &ReadyDetailJSON{Status: "ready", CheckedAt: rd.now(), Checks: make([]CheckDetailJSON, len(rd.checks))}
	var wg sync.WaitGroup
	for i, c := range rd.checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, rd.timeout)
			defer cancel()
			start := time.Now()
			err := c.Check(ctx)
			res := CheckDetailJSON{Name: c.Name, Required: c.Required, Status: "up", LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				res.Status = "down"
				if Degraded(err) {
					res.Status = "degraded"
				}
				res.Error = boundedError(err)
			}
			rep.Checks[i] = res
		})
	}
	wg.Wait()
	for _, c := range rep.Checks {
		if c.Status == "down" && c.Required {
			rep.Status = "unavailable"
			break
		}
		if c.Status != "up" {
			rep.Status = "degraded"
		}
	}
	return rep
}

func (rep *ReadyDetailJSON) httpStatus() int {
	if rep.Status == "unavailable" {
		return http.StatusServiceUnavailable
	}
	return http.StatusOK
}

// Degraded reports whether a check's error says the dependency works with
// less to give (a model whose daily budget is nearly spent) rather than
// not at all: the error, or one it wraps, has a Degraded method that
// returns true. Such a check is reported "degraded" and leaves the
// instance ready, even when it is required.
func Degraded(err error) bool {
	var d interface{ Degraded() bool }
	return errors.As(err, &d) && d.Degraded()
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.openapi)
	return nil
}
