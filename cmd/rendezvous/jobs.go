package main

import (
	"context"
	"log/slog"
	"time"
)

// idempotencySweepInterval is how often the records of idempotency keys
// that have expired (after 24 hours) are deleted. Lookups ignore expired
// records already, so this only reclaims space: a few minutes' worth per
// sweep keeps each DELETE short.
const idempotencySweepInterval = 5 * time.Minute

// sweep runs fn every interval until ctx ends: a job of the server's
// lifecycle, started and stopped with it. Failures are logged and the
// next tick tries again.
func sweep(ctx context.Context, what string, interval time.Duration, fn func(ctx context.Context) (int, error), log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			sctx, cancel := context.WithTimeout(ctx, interval)
			n, err := fn(sctx)
			cancel()
			if err != nil {
				log.Warn("sweep failed", slog.String("what", what), slog.String("error", err.Error()))
			} else if n > 0 {
				log.Debug("expired records removed", slog.String("what", what), slog.Int("count", n))
			}
		}
	}
}
