// Package postgres is the server store: Rendezvous's system of record in a
// PostgreSQL database (13 or later), through pgx and its connection pool.
//
// No double booking, at two levels. A booking transaction locks its
// provider's row FOR NO KEY UPDATE, reads the schedule and the bookings
// near the requested start, and checks the start with the availability
// engine before inserting. Changes of one provider — bookings, hours, time
// off, services, policy — thus take turns, and each sees the previous
// one's result; bookings of different providers run in parallel. Beneath
// that, the schema's exclusion constraint refuses any two active bookings
// of a provider with overlapping [start_at, blocked_until) ranges, whatever
// writes them (SQLSTATE 23P01, reported as ECONFLICT/slot_taken).
//
// The schema lives in versioned SQL migrations embedded in the binary and
// applied with goose (Migrate). It needs the btree_gist extension, which
// the first migration creates if it is missing.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"runtime"
	"strings"
	"time"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ booking.Store = (*Store)(nil)

// Connection defaults, each overridable in the URL (pool_max_conns,
// connect_timeout, application_name).
const (
	// minPoolSize is the smallest default pool. A booking transaction
	// spends most of its time waiting (round trips, the commit's WAL
	// flush), so more connections than cores keep the server busy:
	// measured with 32 HTTP clients on 2 cores, 8 connections gave 960
	// bookings/s and 16 gave 1,060 (32 gave no more). Extra clients queue
	// in the pool.
	minPoolSize = 16
	// maxPoolSize caps the default on large machines, far below
	// PostgreSQL's default max_connections of 100.
	maxPoolSize = 64
	// connectTimeout bounds each connection attempt, so that an
	// unreachable server fails Open and requests fast instead of hanging.
	connectTimeout = 5 * time.Second
	// migrationLockWait bounds how long Migrate waits for another process
	// migrating the same schema.
	migrationLockWait = 5 * time.Minute
)

// Store is a booking.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	// where names the server and database for error messages; it never
	// holds the password.
	where string

	// River's driver on the pool and the inserter of jobs (jobs.go).
	jobDriver *riverpgxv5.Driver
	jobs      *queue.Inserter[pgx.Tx]
}

// Option configures Open.
type Option func(*options)

type options struct {
	tracer trace.TracerProvider
}

// WithTracer makes every query a span of tp's traces (otelpgx).
func WithTracer(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracer = tp }
}

// Open connects to the PostgreSQL database at url, a postgres:// URL or a
// keyword/value connection string (see pgx's ParseConfig). Unknown URL
// parameters are sent to the server as run-time parameters, so
// "search_path=myschema" selects the schema the store works in. Open pings
// the server, so an unreachable or misconfigured server is an error here;
// it does not migrate (call Migrate).
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgconn's parse errors redact the password.
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// pgxpool's own default is max(4, NumCPU): too few for the number
	// of concurrent clients a server has. (ParseConfig removes the pool_*
	// parameters it reads, so the URL itself says whether they were set.)
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = int32(min(maxPoolSize, max(minPoolSize, 8*runtime.GOMAXPROCS(0))))
	}
	// One warm connection spares the first request after a quiet spell
	// the connection set-up.
	if !strings.Contains(url, "pool_min_conns") {
		cfg.MinConns = 1
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "rendezvous"
	}
	cfg.AfterConnect = scanInstantsAsUTC
	if o.tracer != nil {
		// Statements with their placeholders, never their values.
		cfg.ConnConfig.Tracer = otelpgx.NewTracer(otelpgx.WithTracerProvider(o.tracer),
			otelpgx.WithMeterProvider(metricnoop.NewMeterProvider()))
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", where, err)
	}
	s := &Store{pool: pool, where: where}
	if err := s.openJobs(); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", where, err)
	}
	return s, nil
}

// scanInstantsAsUTC makes a connection return timestamptz values in UTC,
// whatever the server's or the process's time zone: the domain's instants
// are UTC.
func scanInstantsAsUTC(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name:  "timestamptz",
		OID:   pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return nil
}

// Migrate applies the embedded migrations that have not run yet, in the
// first schema of the connection's search_path. Concurrent Migrate calls on
// one schema (several instances starting at once) take turns on an
// advisory lock named after the schema.
func (s *Store) Migrate(ctx context.Context) error {
	schema, err := s.currentSchema(ctx)
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(migrationLockID(schema)),
		lock.WithLockTimeout(1, uint64(migrationLockWait/time.Second)),
	)
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	p, err := s.migrator(goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	defer p.Close()
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate %s schema %s: %w", s.where, schema, err)
	}
	// The job queue's tables, in the same schema, by River's own
	// migrations; then the providers' keys as the current fold writes them.
	if err := s.migrateJobs(ctx, schema); err != nil {
		return err
	}
	return s.rekey(ctx)
}

// MigrationStatus returns the current schema version (0 before the first
// migration) and the latest one embedded in the binary.
func (s *Store) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := s.migrator()
	if err != nil {
		return 0, 0, err
	}
	defer p.Close()
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: migration status of %s: %w", s.where, err)
	}
	return current, latest, nil
}

// migrator returns a goose provider on a database/sql view of the pool;
// closing it leaves the pool open.
func (s *Store) migrator(opts ...goose.ProviderOption) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, opts...)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	return p, nil
}

// currentSchema returns the schema that unqualified CREATE TABLE uses.
func (s *Store) currentSchema(ctx context.Context) (string, error) {
	var schema *string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return "", fmt.Errorf("postgres: current schema: %w", translate(err))
	}
	if schema == nil {
		return "", fmt.Errorf("postgres: no schema of the search_path exists in %s", s.where)
	}
	return *schema, nil
}

// migrationLockID derives the advisory lock of a schema's migrations, so
// that migrations of different schemas (one per test) do not queue.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("rendezvous migrations " + schema))
	return int64(h.Sum64())
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping %s: %w", s.where, translate(err))
	}
	return nil
}

// Close closes the pool's connections, waiting for those in use to be
// released. It always returns nil.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// inTx runs fn in a transaction and commits it. queue, if not nil, queues
// queries that travel with BEGIN in the transaction's first round trip;
// their callbacks have run when fn is called. An error of fn rolls back and
// is returned as is; callbacks should record "no rows" rather than fail,
// since a failed callback drops the connection's cached statements. A
// connection lost before the COMMIT is EUNAVAILABLE (the transaction is
// rolled back); one lost after it was sent is EUNAVAILABLE/outcome_unknown.
func (s *Store) inTx(ctx context.Context, queue func(b *pgx.Batch), fn func(tx pgx.Tx) error) error {
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	if queue != nil {
		queue(b)
	}
	br := s.pool.SendBatch(ctx, b)
	tx := br.Tx()
	if err := br.Close(); err != nil {
		_ = tx.Rollback(ctx) // releases the connection; the error is err's echo
		return translate(err)
	}
	if fn != nil {
		if err := fn(tx); err != nil {
			_ = tx.Rollback(ctx)
			return err
		}
	}
	// A connection already lost cannot have sent the COMMIT: pgx reports
	// both that and a connection lost after sending it as "conn closed".
	if tx.Conn().PgConn().IsClosed() {
		_ = tx.Rollback(ctx)
		return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is unavailable, try again")
	}
	return translateCommit(tx.Commit(ctx))
}

// instant converts an instant to the stored form: UTC, whole seconds (the
// SQLite store's precision, so that both stores return the same values).
func instant(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// optInstant is instant for a nullable column.
func optInstant(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := instant(*t)
	return &v
}

// PoolStat returns the connection pool's figures (for metrics).
func (s *Store) PoolStat() *pgxpool.Stat { return s.pool.Stat() }
