package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// maxPrepared bounds the statement cache: queries are a fixed set, except
// for IN lists, whose variants (one per list length) also stay few.
const maxPrepared = 512

// prepared runs queries through statements prepared once per query text
// and kept: in the pure-Go driver, parsing a statement costs more than
// running it.
type prepared struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	// tracer draws a span per statement; nil when tracing is off (and
	// then the statements run with no wrapper at all).
	tracer trace.Tracer
}

func newPrepared(db *sql.DB) *prepared {
	return &prepared{db: db, stmts: map[string]*sql.Stmt{}}
}

// WithTracer makes every statement a span of tp's traces (its text, with
// placeholders, never the values). Call it before the store is used.
func (s *Store) WithTracer(tp trace.TracerProvider) *Store {
	t := tp.Tracer("github.com/rendezvous-oss/rendezvous/sqlite")
	s.readP.tracer, s.writeP.tracer = t, t
	return s
}

// span starts the span of a statement, named by its operation (SELECT,
// INSERT…) like otelpgx names PostgreSQL's.
func (p *prepared) span(ctx context.Context, query string) (context.Context, trace.Span) {
	if parent := trace.SpanFromContext(ctx); !parent.IsRecording() {
		// A query of a request that is not sampled (or of no request):
		// its span would be dropped; not drawing it saves its name and
		// attributes. Ending the parent's non-recording span is a no-op.
		return ctx, parent
	}
	op, _, _ := strings.Cut(strings.TrimSpace(query), " ")
	return p.tracer.Start(ctx, "sqlite "+strings.ToUpper(op), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system.name", "sqlite"), attribute.String("db.query.text", query)))
}

// stmt returns the prepared statement of query, preparing it if needed;
// nil when the cache is full or preparing failed (the caller then runs the
// query unprepared, which reports any error itself).
func (p *prepared) stmt(ctx context.Context, query string) *sql.Stmt {
	p.mu.Lock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxPrepared
	p.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, ok := p.stmts[query]; ok {
		st.Close()
		return prev
	}
	p.stmts[query] = st
	return st
}

func (p *prepared) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = map[string]*sql.Stmt{}
}

// handle is where queries run: the pool, or one transaction of it.
type handle struct {
	p  *prepared
	tx *sql.Tx
}

func (h handle) statement(ctx context.Context, query string) *sql.Stmt {
	st := h.p.stmt(ctx, query)
	if st != nil && h.tx != nil {
		return h.tx.StmtContext(ctx, st)
	}
	return st
}

// QueryContext runs a query that returns rows.
func (h handle) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if h.p.tracer != nil {
		var span trace.Span
		ctx, span = h.p.span(ctx, query)
		defer span.End()
	}
	if st := h.statement(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	if h.tx != nil {
		return h.tx.QueryContext(ctx, query, args...)
	}
	return h.p.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row.
func (h handle) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if h.p.tracer != nil {
		var span trace.Span
		ctx, span = h.p.span(ctx, query)
		defer span.End()
	}
	if st := h.statement(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if h.tx != nil {
		return h.tx.QueryRowContext(ctx, query, args...)
	}
	return h.p.db.QueryRowContext(ctx, query, args...)
}

// ExecContext runs a statement that returns no rows.
func (h handle) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if h.p.tracer != nil {
		var span trace.Span
		ctx, span = h.p.span(ctx, query)
		defer span.End()
	}
	if st := h.statement(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	if h.tx != nil {
		return h.tx.ExecContext(ctx, query, args...)
	}
	return h.p.db.ExecContext(ctx, query, args...)
}
