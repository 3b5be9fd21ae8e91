// Package sqlite is the embedded store: Rendezvous's system of record in a
// single SQLite file, through the pure-Go modernc.org/sqlite driver (no cgo).
//
// Writes go through one connection whose transactions begin IMMEDIATE, so
// a check-then-insert is atomic; a trigger in the schema refuses
// overlapping active bookings even if that discipline were broken. Reads
// use a separate pool of read-only connections, which WAL lets run beside
// the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/queue"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ booking.Store = (*Store)(nil)

// Store is a booking.Store on a SQLite database file.
type Store struct {
	path          string
	write, read   *sql.DB
	writeP, readP *prepared
	writeLock     writeLock // held for every write transaction
	queue         bookingQueue

	// River's connection, its driver and the inserter of jobs (jobs.go).
	riverDB   *sql.DB
	jobDriver *riversqlite.Driver
	jobs      *queue.Inserter[*sql.Tx]

	// lock is shared while the store is open, so that Restore cannot
	// replace the file under it.
	lock *fileLock
}

// Open opens (creating if needed) the SQLite database at path. It does not
// migrate; call Migrate. path may be a file path or a "file:" URI; ":memory:"
// is refused because each connection would see its own empty database.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" || strings.Contains(path, "mode=memory") {
		return nil, fmt.Errorf("sqlite: %q: need a file (an in-memory database is private to one connection)", path)
	}
	lock, err := lockFile(filePath(path), false)
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return nil, fmt.Errorf("sqlite: open %s: a restore is replacing it", path)
		}
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		lock.unlock()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// One writer at a time: transactions queue on writeLock in Go instead
	// of spinning on SQLITE_BUSY, and BEGIN IMMEDIATE makes
	// check-and-insert atomic. The second connection only prepares
	// statements while the first is inside a transaction.
	write.SetMaxOpenConns(2)
	write.SetMaxIdleConns(2)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		lock.unlock()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		lock.unlock()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	s := &Store{path: path, write: write, read: read, writeP: newPrepared(write), readP: newPrepared(read),
		writeLock: make(writeLock, 1), lock: lock}
	if err := s.openJobs(); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

// filePath is the file a path or "file:" URI names.
func filePath(path string) string {
	if rest, ok := strings.CutPrefix(path, "file:"); ok {
		rest, _, _ = strings.Cut(rest, "?")
		if p, err := url.PathUnescape(rest); err == nil {
			return p
		}
		return rest
	}
	return path
}

// dsn builds the driver's connection string: WAL so that readers never
// wait for the writer, a busy timeout for the rare cross-process write (the
// CLI beside a running server), foreign keys on, and synchronous=FULL so
// that a booking acknowledged to a customer survives a power cut.
func dsn(path string, readOnly bool) string {
	u := path
	if !strings.HasPrefix(u, "file:") {
		u = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", "cache_size(-8192)") // KiB: 8 MiB per reader
	} else {
		q.Set("_txlock", "immediate")
		// An erased customer's details are overwritten in the file, not
		// only unlinked from the b-tree (docs/privacy.md).
		q.Add("_pragma", "secure_delete(1)")
		// A larger cache for the one writer keeps big transactions (the demo
		// import) from spilling pages mid-transaction.
		q.Add("_pragma", "cache_size(-32768)")
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + q.Encode()
}

// Migrate applies the embedded migrations that have not run yet.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.write, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", s.path, err)
	}
	// The job queue's tables, in the same file, by River's own migrations.
	if err := queue.Migrate(ctx, s.jobDriver); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", s.path, err)
	}
	return s.rekey(ctx)
}

// MigrationStatus returns the current schema version and the latest one
// embedded in the binary.
func (s *Store) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, 0, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.write, sub)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: migrations: %w", err)
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: migration status: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.reader().QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", translate(err))
	}
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	s.readP.close()
	s.writeP.close()
	var rerr error
	if s.riverDB != nil {
		rerr = s.riverDB.Close()
	}
	return errors.Join(rerr, s.read.Close(), s.write.Close(), s.lock.unlock())
}

// reader runs queries on the read-only pool.
func (s *Store) reader() handle { return handle{p: s.readP} }

// withTx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it.
func (s *Store) withTx(ctx context.Context, fn func(tx handle) error) error {
	if err := s.writeLock.lock(ctx); err != nil {
		return err
	}
	defer s.writeLock.unlock()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	if err := fn(handle{p: s.writeP, tx: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return translateCommit(err)
	}
	return nil
}

// unix converts an instant to the stored form.
func unix(t time.Time) int64 { return t.Unix() }

// fromUnix converts the stored form to a UTC instant.
func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// PoolStats returns the figures of the readers' connection pool, where
// requests wait when the database is busy (the one writer queues on a
// lock of its own).
func (s *Store) PoolStats() sql.DBStats { return s.read.Stats() }
