package httpapi

import (
	"net/http"
	"strings"
)

// withSecurityHeaders sets the headers every response carries. The API
// serves JSON only: nothing may be framed, run or sniffed.
func (s *Server) withSecurityHeaders(next http.Handler) http.Handler {
	// The values are made once and shared by every response, rather than
	// a slice for each header of each response (Header.Set): nothing
	// changes a header's values in place (Add appends to a copy).
	type header struct {
		key   string
		value []string
	}
	headers := []header{
		{"Content-Security-Policy", []string{"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}},
		{"X-Content-Type-Options", []string{"nosniff"}},
		{"X-Frame-Options", []string{"DENY"}},
		{"Referrer-Policy", []string{"no-referrer"}},
	}
	if s.tls {
		headers = append(headers, header{"Strict-Transport-Security", []string{"max-age=63072000; includeSubDomains"}})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range headers {
			h[kv.key] = kv.value // keys in canonical form, as Set would make them
		}
		next.ServeHTTP(w, r)
	})
}

// withCORS lets the configured web origins call the API from a browser.
// Only listed origins get an Access-Control-Allow-Origin (their own,
// echoed, never "*" together with credentials: the API's credentials are
// bearer tokens, so Access-Control-Allow-Credentials is never sent). A
// preflight from another origin is refused with 403.
func (s *Server) withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Origin")
		allowed := s.originAllowed(origin)
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if preflight {
			// Preflights are counted like any request.
			if err := s.limitClient(w, r, RateOps); err != nil {
				s.writeProblem(w, r, err)
				return
			}
			w.Header().Add("Vary", "Access-Control-Request-Method")
			w.Header().Add("Vary", "Access-Control-Request-Headers")
			if !allowed {
				s.writeProblem(w, r, &httpError{status: http.StatusForbidden, code: "origin_not_allowed", message: "this origin may not call the API"})
				return
			}
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID, Idempotency-Key")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Expose-Headers", "X-Request-ID, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) originAllowed(origin string) bool {
	o := strings.ToLower(origin)
	for _, a := range s.corsOrigins {
		if a == "*" || a == o {
			return true
		}
	}
	return false
}
