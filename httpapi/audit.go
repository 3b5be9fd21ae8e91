package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// AuditLog keeps the record of administrative actions (the stores
// implement it).
type AuditLog interface {
	AddAuditEntry(ctx context.Context, e *rendezvous.AuditEntry) error
	AuditEntries(ctx context.Context, after int64, limit int) ([]*rendezvous.AuditEntry, error)
}

// auditTimeout bounds the write of an entry. It runs even when the client
// has gone: a change that was made is recorded.
const auditTimeout = 5 * time.Second

// audited reports whether calls of e are recorded in the audit log: the
// administrative calls that change something, or whose answer carries
// customers' personal data.
func audited(e Endpoint) bool {
	return e.Auth == AuthAdmin && (e.Method != http.MethodGet || e.PersonalData)
}

type adminKeyKey struct{}

// adminKeyFrom returns the admin key a request was authorised with.
func adminKeyFrom(ctx context.Context) *rendezvous.AdminKey {
	k, _ := ctx.Value(adminKeyKey{}).(*rendezvous.AdminKey)
	return k
}

// auditTarget collects what a handler says about the target of its action
// beyond the path's ids: counts and email digests, never personal data.
type auditTarget struct{ parts []string }

type auditTargetKey struct{}

// noteAudit adds part ("bookings=2", rendezvous.AuditEmail(addr)) to the
// audit entry of the request, if it has one.
func noteAudit(ctx context.Context, part string) {
	if t, ok := ctx.Value(auditTargetKey{}).(*auditTarget); ok {
		t.parts = append(t.parts, part)
	}
}

// withAudit returns e's handler, wrapped when e is audited so that every
// call — accepted or refused — leaves an entry: which key, which
// operation, which ids, the status, the request id. An answer that carries
// personal data is held back until its entry is written, and replaced by
// 503 when that fails: personal data is not given out unrecorded. A change
// is answered anyway (it has happened), and the failure logged.
func (s *Server) withAudit(e Endpoint) func(w http.ResponseWriter, r *http.Request) error {
	if !audited(e) {
		return e.Handle
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		target := &auditTarget{}
		r = r.WithContext(context.WithValue(r.Context(), auditTargetKey{}, target))
		rec := &auditRecorder{w: w, header: http.Header{}, hold: e.PersonalData}
		if !rec.hold {
			rec.header = w.Header()
		}
		err := e.Handle(rec, r)
		status := rec.status
		switch {
		case err != nil:
			status = problemOf(err).Status
		case status == 0:
			status = http.StatusOK
		}
		entry := &rendezvous.AuditEntry{At: s.desk.Now(), Actor: actorOf(r.Context()), Action: e.OperationID,
			Target: auditTargetOf(e, r, target), Status: status, RequestID: requestIDFrom(r.Context())}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), auditTimeout)
		aerr := s.audit.AddAuditEntry(ctx, entry)
		cancel()
		if aerr != nil {
			s.log.LogAttrs(r.Context(), slog.LevelError, "audit entry not recorded",
				slog.String("action", e.OperationID), slog.Int("status", status), slog.String("error", boundedError(aerr)))
			if rec.hold && err == nil {
				return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the access could not be recorded; please try again")
			}
		}
		if err == nil && rec.hold {
			rec.release()
		}
		return err
	}
}

// actorOf names who acts: the admin key's public prefix.
func actorOf(ctx context.Context) string {
	if k := adminKeyFrom(ctx); k != nil {
		return "key:" + k.Prefix
	}
	return "key:unknown"
}

// auditTargetOf names the target of a call: the ids of its path, then what
// the handler noted. A path value that is not an id is recorded as
// "invalid", whatever it holds: a mistyped path must not carry personal
// data into the log.
func auditTargetOf(e Endpoint, r *http.Request, t *auditTarget) string {
	var parts []string
	for _, p := range e.Params {
		if p.In != "path" {
			continue
		}
		v := r.PathValue(p.Name)
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			v = strconv.FormatInt(n, 10)
		} else if !booking.IsReference(v) {
			v = "invalid"
		}
		parts = append(parts, p.Name+"="+v)
	}
	out := strings.Join(append(parts, t.parts...), " ")
	if len(out) > rendezvous.MaxAuditTargetLength {
		out = out[:rendezvous.MaxAuditTargetLength]
	}
	return out
}

// auditRecorder remembers an answer's status and, when hold is set, keeps
// the whole answer until release.
type auditRecorder struct {
	w      http.ResponseWriter
	header http.Header
	hold   bool
	status int
	body   []byte
}

func (a *auditRecorder) Header() http.Header { return a.header }

func (a *auditRecorder) WriteHeader(code int) {
	if a.status != 0 {
		return
	}
	a.status = code
	if !a.hold {
		a.w.WriteHeader(code)
	}
}

func (a *auditRecorder) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.WriteHeader(http.StatusOK)
	}
	if a.hold {
		a.body = append(a.body, b...)
		return len(b), nil
	}
	return a.w.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (a *auditRecorder) Unwrap() http.ResponseWriter { return a.w }

// release sends a held answer.
func (a *auditRecorder) release() {
	h := a.w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	a.w.WriteHeader(a.status)
	_, _ = a.w.Write(a.body)
}

// listAudit serves a page of the audit log.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	after, err := queryInt(r, "after", 0, 0, 1<<62)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	entries, err := s.audit.AuditEntries(r.Context(), after, int(limit))
	if err != nil {
		return err
	}
	out := AuditListJSON{Entries: make([]AuditEntryJSON, 0, len(entries)), NextAfter: after}
	for _, e := range entries {
		out.Entries = append(out.Entries, AuditEntryJSON{ID: e.ID, At: e.At.UTC(), Actor: e.Actor, Action: e.Action, Target: e.Target, Status: e.Status, RequestID: e.RequestID})
		out.NextAfter = e.ID
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}
