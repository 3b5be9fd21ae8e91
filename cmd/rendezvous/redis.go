package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/redis"
)

// redisParts are what Redis provides when RENDEZVOUS_REDIS_URL is set:
// sessions and rate limits shared by every instance.
type redisParts struct {
	client   *redis.Client
	sessions chat.SessionStore
	limiter  httpapi.RateLimiter
	daily    llm.DailyCounter
}

func (r *redisParts) ping(ctx context.Context) error { return r.client.Ping(ctx) }
func (r *redisParts) close() error                   { return r.client.Close() }

func openRedis(ctx context.Context, cfg *config, log *slog.Logger, tp trace.TracerProvider) (*redisParts, error) {
	// go-redis reports dial failures through its own logger: send them to ours.
	redis.SetLogger(log)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, err := redis.Open(ctx, cfg.RedisURL)
	if err != nil {
		return nil, &settingError{cfg.nameOf("RENDEZVOUS_REDIS_URL"), fmt.Sprintf("cannot reach Redis: %v", err)}
	}
	if tp != nil {
		if err := c.Trace(tp); err != nil {
			c.Close()
			return nil, err
		}
	}
	return &redisParts{
		client:   c,
		sessions: c.Sessions(cfg.RedisPrefix+"sessions:", cfg.Sessions, nil),
		limiter:  c.RateLimiter(cfg.RedisPrefix + "ratelimit:"),
		daily:    c.DailyCounter(cfg.RedisPrefix+"llm-tokens:", nil),
	}, nil
}
