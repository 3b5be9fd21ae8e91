package httpapi

import (
	"context"
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
	Status    string  `json:"status" enum:"up,down"`
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
				res.Error = boundedError(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	out := ReadyJSON{Status: "ready", Checks: results}
	status := http.StatusOK
	for _, c := range results {
		if c.Status == "down" {
			if c.Required {
				out.Status, status = "unavailable", http.StatusServiceUnavailable
				break
			}
			out.Status = "degraded"
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, out)
	return nil
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.openapi)
	return nil
}
