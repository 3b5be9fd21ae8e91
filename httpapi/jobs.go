package httpapi

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// JobAdmin lists and retries the background jobs (emails, reminders).
type JobAdmin interface {
	List(ctx context.Context, f queue.JobFilter) ([]queue.JobView, string, error)
	Retry(ctx context.Context, id int64) (queue.JobView, error)
}

// DevMailbox is the development mailbox: what would have been emailed.
type DevMailbox interface {
	// List returns at most limit messages, newest first, as JSON-ready
	// values.
	ListMail(limit int) ([]DevMailJSON, error)
	// Raw returns a message as RFC 5322 text; an error wrapping
	// fs.ErrNotExist for an unknown id.
	Raw(id string) ([]byte, error)
}

// JobJSON is a background job as the admin API shows it: what it is
// about (a booking's reference and version, never its customer), its
// state and the errors of its attempts.
type JobJSON struct {
	ID          int64          `json:"id"`
	Kind        string         `json:"kind"`
	State       string         `json:"state" enum:"available,cancelled,completed,discarded,pending,retryable,running,scheduled"`
	Queue       string         `json:"queue"`
	BookingID   string         `json:"booking_id,omitempty"`
	Version     int            `json:"version,omitempty"`
	Attempt     int            `json:"attempt"`
	MaxAttempts int            `json:"max_attempts"`
	CreatedAt   time.Time      `json:"created_at"`
	ScheduledAt time.Time      `json:"scheduled_at"`
	FinalizedAt *time.Time     `json:"finalized_at,omitempty"`
	Errors      []JobErrorJSON `json:"errors"`
}

// JobErrorJSON is one failed attempt of a job.
type JobErrorJSON struct {
	At      time.Time `json:"at"`
	Attempt int       `json:"attempt"`
	Error   string    `json:"error"`
}

// JobListJSON is a page of jobs.
type JobListJSON struct {
	Jobs       []JobJSON `json:"jobs"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// DevMailJSON is a message of the development mailbox.
type DevMailJSON struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
}

// DevMailListJSON lists the development mailbox.
type DevMailListJSON struct {
	Messages []DevMailJSON `json:"messages"`
}

// jobRoutes are the admin API of the job queue and, in development, the
// mailbox.
func (s *Server) jobRoutes() []Endpoint {
	var out []Endpoint
	if s.jobs != nil {
		out = append(out,
			Endpoint{Method: "GET", Path: "/v1/admin/jobs", OperationID: "adminListJobs", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
				Summary:     "Background jobs (emails, reminders), oldest first",
				Description: "state=discarded lists the jobs that failed their every attempt; retry them with POST /v1/admin/jobs/{id}/retry.",
				Params: []Param{
					{Name: "state", In: "query", Type: "string", Enum: queue.States()},
					{Name: "kind", In: "query", Type: "string", Description: "e.g. email.reminder"},
					{Name: "limit", In: "query", Type: "integer", Description: "1 to 500, default 100"},
					{Name: "cursor", In: "query", Type: "string", Description: "next_cursor of the previous page"},
				},
				Responses: append([]Response{ok(200, "A page of jobs", JobListJSON{})}, problems(400, 401, 422)...), Handle: s.adminListJobs},
			Endpoint{Method: "POST", Path: "/v1/admin/jobs/{id}/retry", OperationID: "adminRetryJob", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
				Summary:     "Run a job again now",
				Description: "A discarded (or retryable, or completed) job becomes available at once, with one more attempt. A message already sent is not sent twice.",
				Params:      []Param{{Name: "id", In: "path", Type: "integer", Required: true}},
				Responses:   append([]Response{ok(200, "The job, available", JobJSON{})}, problems(400, 401, 404)...), Handle: s.adminRetryJob},
		)
	}
	if s.devMail != nil {
		out = append(out,
			Endpoint{Method: "GET", Path: "/dev/mail", OperationID: "devListMail", RateClass: RateRead, Tag: "development",
				Summary:     "The development mailbox, newest first (development only)",
				Description: "What would have been emailed. Served only with RENDEZVOUS_ENV=development and no SMTP relay, and only to a client on the server's own machine (a loopback peer, no forwarding header naming another address): 404 to anyone else.",
				Params:      []Param{{Name: "limit", In: "query", Type: "integer", Description: "1 to 500, default 50"}},
				Responses:   append([]Response{ok(200, "The messages", DevMailListJSON{})}, problems(400, 404)...), Handle: s.devListMail},
			Endpoint{Method: "GET", Path: "/dev/mail/{id}", OperationID: "devGetMail", RateClass: RateRead, Tag: "development",
				Summary:   "One message of the development mailbox, as sent (message/rfc822)",
				Params:    []Param{{Name: "id", In: "path", Type: "string", Required: true}},
				Responses: append([]Response{{Status: 200, Description: "The message", ContentType: "message/rfc822"}}, problems(404)...), Handle: s.devGetMail},
		)
	}
	return out
}

// isJobKind reports whether s is spelt like a job kind (lower-case
// letters, digits, dots, dashes and underscores, at most 64): anything
// else matches no job, and a NUL or invalid UTF-8 would only reach the
// database to be refused there.
func isJobKind(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (s *Server) adminListJobs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := queue.JobFilter{State: q.Get("state"), Kind: q.Get("kind"), After: q.Get("cursor")}
	if f.State != "" && !slices.Contains(queue.States(), f.State) {
		return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "state", Message: "must be one of the job states"}})
	}
	if f.Kind != "" && !isJobKind(f.Kind) {
		return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "kind", Message: "must be a job kind such as email.reminder"}})
	}
	limit, err := queryInt(r, "limit", 100, 1, 500)
	if err != nil {
		return err
	}
	f.Limit = int(limit)
	jobs, next, err := s.jobs.List(r.Context(), f)
	if err != nil {
		if f.After != "" {
			return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "cursor", Message: "is not a cursor of this list"}})
		}
		return err
	}
	out := JobListJSON{Jobs: make([]JobJSON, 0, len(jobs)), NextCursor: next}
	for _, j := range jobs {
		out.Jobs = append(out.Jobs, jobJSON(j))
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) adminRetryJob(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return &httpError{status: http.StatusBadRequest, code: "bad_request", message: "the job id must be a positive integer"}
	}
	j, err := s.jobs.Retry(r.Context(), id)
	if queue.IsNotFound(err) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "job %d not found", id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobJSON(j))
	return nil
}

func jobJSON(j queue.JobView) JobJSON {
	out := JobJSON{ID: j.ID, Kind: j.Kind, State: j.State, Queue: j.Queue, BookingID: j.BookingID, Version: j.Version,
		Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, CreatedAt: j.CreatedAt, ScheduledAt: j.ScheduledAt, FinalizedAt: j.FinalizedAt,
		Errors: make([]JobErrorJSON, 0, len(j.Errors))}
	for _, e := range j.Errors {
		out.Errors = append(out.Errors, JobErrorJSON{At: e.At, Attempt: e.Attempt, Error: e.Error})
	}
	return out
}

// fromThisMachine reports whether r was sent from the machine the server
// runs on: a loopback peer, and no forwarding header naming anyone else
// (a reverse proxy on the same machine relaying the internet's requests
// names them). The development mailbox holds every verification code
// and manage link sent: served to the network (the container image
// listens on :8080 in development), it gave anyone the bookings of any
// address. Elsewhere it does not exist (404).
func fromThisMachine(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	if a, err := netip.ParseAddr(host); err != nil || !a.Unmap().IsLoopback() {
		return false
	}
	if len(r.Header.Values("Forwarded")) > 0 {
		return false
	}
	for _, v := range r.Header.Values("X-Forwarded-For") {
		for _, hop := range strings.Split(v, ",") {
			if a, err := netip.ParseAddr(strings.TrimSpace(hop)); err != nil || !a.Unmap().IsLoopback() {
				return false
			}
		}
	}
	return true
}

func (s *Server) devListMail(w http.ResponseWriter, r *http.Request) error {
	if !fromThisMachine(r) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "not found")
	}
	limit, err := queryInt(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	msgs, err := s.devMail.ListMail(int(limit))
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []DevMailJSON{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, DevMailListJSON{Messages: msgs})
	return nil
}

func (s *Server) devGetMail(w http.ResponseWriter, r *http.Request) error {
	if !fromThisMachine(r) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "not found")
	}
	raw, err := s.devMail.Raw(r.PathValue("id"))
	if errors.Is(err, fs.ErrNotExist) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "no such message")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "message/rfc822")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(raw)
	return nil
}
