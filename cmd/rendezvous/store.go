package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/feed"
	"github.com/rendezvous-oss/rendezvous/metrics"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/verify"
	"github.com/rendezvous-oss/rendezvous/waitlist"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// store is a booking.Store that can migrate itself.
type store interface {
	booking.Store
	booking.SpanSource
	notify.SentLog
	verify.Store
	webhook.Store
	feed.Store
	waitlist.Store
	// SweepMessagesSent deletes the records of messages sent before before.
	SweepMessagesSent(ctx context.Context, before time.Time) (int, error)
	// The links from another system's ids, for import and export.
	LinkExternalID(ctx context.Context, kind, externalID string, id int64) error
	ExternalIDs(ctx context.Context, kind string) (map[string]int64, error)
	Migrate(ctx context.Context) error
	MigrationStatus(ctx context.Context) (current, latest int64, err error)
}

// openStore opens the database RENDEZVOUS_DATABASE_URL names: postgres://
// or postgresql:// for PostgreSQL; a sqlite: URL or a plain path for the
// embedded SQLite file. tp, when not nil, traces its queries.
func openStore(ctx context.Context, cfg *config, tp trace.TracerProvider) (store, string, error) {
	url, name := cfg.DatabaseURL, cfg.nameOf("RENDEZVOUS_DATABASE_URL")
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		var opts []postgres.Option
		if tp != nil {
			opts = append(opts, postgres.WithTracer(tp))
		}
		s, err := postgres.Open(ctx, url, opts...)
		if err != nil {
			return nil, "", &settingError{name, fmt.Sprintf("cannot open PostgreSQL: %v", err)}
		}
		return s, "postgres", nil
	default:
		path, _ := sqlitePath(url)
		if path == "" {
			return nil, "", &settingError{name, "empty SQLite path"}
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, "", &settingError{name, err.Error()}
		}
		if tp != nil {
			s.WithTracer(tp)
		}
		return s, "sqlite", nil
	}
}

// openMigrated opens the store and applies the migrations, as every
// command that reads or writes the directory does first.
func openMigrated(ctx context.Context, cfg *config) (store, error) {
	st, _, err := openStore(ctx, cfg, nil)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return st, nil
}

// sqlitePath returns the SQLite file a database URL names, and false for
// a PostgreSQL URL: sqlite:path, sqlite://relative/path,
// sqlite:///absolute/path, or a plain path.
func sqlitePath(url string) (string, bool) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return "", false
	}
	if rest, ok := strings.CutPrefix(url, "sqlite:"); ok {
		return strings.TrimPrefix(rest, "//"), true
	}
	return url, true
}

// poolStats reads the store's connection pool for the metrics.
func poolStats(st store) func() metrics.PoolStats {
	switch s := st.(type) {
	case *postgres.Store:
		return func() metrics.PoolStats {
			p := s.PoolStat()
			return metrics.PoolStats{InUse: int(p.AcquiredConns()), Idle: int(p.IdleConns()), Max: int(p.MaxConns()),
				Waits: p.EmptyAcquireCount(), WaitTime: p.EmptyAcquireWaitTime()}
		}
	case *sqlite.Store:
		return func() metrics.PoolStats {
			p := s.PoolStats()
			return metrics.PoolStats{InUse: p.InUse, Idle: p.Idle, Max: p.MaxOpenConnections, Waits: p.WaitCount, WaitTime: p.WaitDuration}
		}
	}
	return nil
}
