package httpapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// HealthJSON is the liveness answer.
type HealthJSON struct {
	Status  string `json:"status" enum:"ok"`
	Version string `json:"version"`
}

// CheckJSON is the state of one dependency.
type CheckJSON struct {
	Name      string  `json:"name"`
	Status    string  `json:"status" enum:"up,degraded,down"`
	Required  bool    `json:"required"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

// ReadyJSON is the readiness answer.
type ReadyJSON struct {
	Status string      `json:"status" enum:"ready,degraded,unavailable"`
	Checks []CheckJSON `json:"checks"`
}

// healthz is liveness: the process serves HTTP. It checks no dependency,
// so that an orchestrator never restarts a healthy process because the
// database is slow.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, HealthJSON{Status: "ok", Version: s.version})
	return nil
}

// readyz runs every dependency check in parallel, each with a deadline,
// and answers 503 when a required one is down.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	results := make([]CheckJSON, len(s.checks))
	var wg sync.WaitGroup
	for i, c := range s.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(r.Context(), s.readyTO)
			defer cancel()
			start := time.Now()
			err := c.Check(ctx)
			res := CheckJSON{Name: c.Name, Required: c.Required, Status: "up", LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				res.Status = "down"
				if Degraded(err) {
					res.Status = "degraded"
				}
				res.Error = boundedError(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	out := ReadyJSON{Status: "ready", Checks: results}
	status := http.StatusOK
	for _, c := range results {
		if c.Status == "down" && c.Required {
			out.Status, status = "unavailable", http.StatusServiceUnavailable
			break
		}
		if c.Status != "up" {
			out.Status = "degraded"
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, out)
	return nil
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
