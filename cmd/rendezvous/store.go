package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/metrics"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/verify"
)

// store is a booking.Store that can migrate itself.
type store interface {
	booking.Store
	notify.SentLog
	verify.Store
	// SweepMessagesSent deletes the records of messages sent before before.
	SweepMessagesSent(ctx context.Context, before time.Time) (int, error)
	Migrate(ctx context.Context) error
	MigrationStatus(ctx context.Context) (current, latest int64, err error)
}

// openStore opens the database RENDEZVOUS_DATABASE_URL names: postgres://
// or postgresql:// for PostgreSQL; a sqlite: URL or a plain path for the
// embedded SQLite file. tp, when not nil, traces its queries.
func openStore(ctx context.Context, url string, tp trace.TracerProvider) (store, string, error) {
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
			return nil, "", &settingError{"RENDEZVOUS_DATABASE_URL", fmt.Sprintf("cannot open PostgreSQL: %v", err)}
		}
		return s, "postgres", nil
	default:
		path, _ := sqlitePath(url)
		if path == "" {
			return nil, "", &settingError{"RENDEZVOUS_DATABASE_URL", "empty SQLite path"}
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, "", &settingError{"RENDEZVOUS_DATABASE_URL", err.Error()}
		}
		if tp != nil {
			s.WithTracer(tp)
		}
		return s, "sqlite", nil
	}
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
