package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// Problem is an RFC 9457 problem detail, with a stable machine-readable
// code and, for validation errors, the fields at fault.
type Problem struct {
	Type      string                  `json:"type" doc:"urn:rendezvous:problem:<code>"`
	Title     string                  `json:"title"`
	Status    int                     `json:"status"`
	Detail    string                  `json:"detail"`
	Instance  string                  `json:"instance,omitempty"`
	Code      string                  `json:"code" doc:"stable machine-readable code, e.g. slot_taken, validation_failed, not_found"`
	RequestID string                  `json:"request_id,omitempty"`
	Errors    []rendezvous.FieldError `json:"errors,omitempty"`
}

// statusClientClosed is nginx's code for a request its client abandoned.
const statusClientClosed = 499

// statusOf maps a domain error category to its HTTP status: the one place
// where that mapping lives.
var statusOf = map[rendezvous.ErrorCode]int{
	rendezvous.ENOTFOUND:     http.StatusNotFound,
	rendezvous.EINVALID:      http.StatusUnprocessableEntity,
	rendezvous.ECONFLICT:     http.StatusConflict,
	rendezvous.EUNAUTHORIZED: http.StatusUnauthorized,
	rendezvous.EFORBIDDEN:    http.StatusForbidden,
	rendezvous.ERATELIMITED:  http.StatusTooManyRequests,
	rendezvous.EUNAVAILABLE:  http.StatusServiceUnavailable,
	rendezvous.EINTERNAL:     http.StatusInternalServerError,
}

// httpError is an error raised by the HTTP layer itself (bad JSON, bad
// query parameter, body too large…) with its own status and code.
type httpError struct {
	status  int
	code    string
	message string
	fields  []rendezvous.FieldError
}

func (e *httpError) Error() string { return e.code + ": " + e.message }

func badRequest(code, message string, fields ...rendezvous.FieldError) error {
	return &httpError{status: http.StatusBadRequest, code: code, message: message, fields: fields}
}

// badParam reports a query or path parameter that cannot be read.
func badParam(name, message string) error {
	return badRequest("invalid_parameter", name+": "+message, rendezvous.FieldError{Field: name, Message: message})
}

// problemOf builds the problem for err. Unknown errors become a bare
// "internal error"; their detail goes to the log only.
func problemOf(err error) Problem {
	var he *httpError
	if errors.As(err, &he) {
		return Problem{Status: he.status, Code: he.code, Detail: he.message, Errors: he.fields}
	}
	switch {
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		return Problem{Status: statusClientClosed, Code: "client_closed_request", Detail: "the request was cancelled"}
	case errors.Is(err, context.DeadlineExceeded):
		return Problem{Status: http.StatusServiceUnavailable, Code: "timeout", Detail: "the request took too long; please try again"}
	}
	code := rendezvous.ErrorCodeOf(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	return Problem{
		Status: status,
		Code:   rendezvous.ErrorReasonOf(err),
		Detail: rendezvous.ErrorMessageOf(err),
		Errors: rendezvous.ErrorFieldsOf(err),
	}
}

// writeProblem writes err as application/problem+json.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	p.Type = "urn:rendezvous:problem:" + p.Code
	p.Title = titleOf(p.Code)
	p.Instance = r.URL.Path
	p.RequestID = requestIDFrom(r.Context())
	if p.Status >= 500 && p.Status != statusClientClosed {
		// Only unexpected errors are logged with detail, by kind and with a
		// bounded message; callers see the request id.
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("error_kind", p.Code), slog.String("error", boundedError(err)))
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rendezvous"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	writeBody(w, p.Status, p)
}

// boundedError keeps error messages in logs short.
func boundedError(err error) string {
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}

// titleOf turns a code into a short human title: "slot_taken" → "Slot taken".
func titleOf(code string) string {
	if code == "" {
		return "Error"
	}
	t := strings.ReplaceAll(code, "_", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

func fieldError(field, message string) rendezvous.FieldError {
	return rendezvous.FieldError{Field: field, Message: message}
}
