package redis

import (
	"context"
	"fmt"
	"log/slog"

	goredis "github.com/redis/go-redis/v9"
)

// SetLogger sends the log lines of go-redis itself (a failed dial, a pool
// in trouble), which it otherwise prints to the standard error, to l at
// level Warn. go-redis has one logger per process: call SetLogger once,
// from main, before opening clients.
func SetLogger(l *slog.Logger) {
	goredis.SetLogger(slogPrinter{l})
}

// slogPrinter adapts a slog.Logger to go-redis's Printf logger.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Printf(ctx context.Context, format string, v ...any) {
	p.l.WarnContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
