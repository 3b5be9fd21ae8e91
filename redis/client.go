package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	"github.com/redis/go-redis/extra/redisotel/v9"
	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
)

// Timeouts and pool bounds, used unless the URL sets them (go-redis reads
// dial_timeout, read_timeout, write_timeout, pool_timeout, pool_size and
// max_retries from its query).
const (
	dialTimeout  = 2 * time.Second
	readTimeout  = time.Second
	writeTimeout = time.Second
	poolTimeout  = 2 * time.Second
	maxPoolSize  = 64
	// maxRetries is one: a script is not idempotent, and a retry after a
	// lost reply would run it twice; one retry covers a connection that
	// the server closed while it sat in the pool.
	maxRetries = 1
	// dialAttempts bounds the dials per connection, so that an unreachable
	// server fails fast.
	dialAttempts = 2
	// openTimeout bounds the ping of Open.
	openTimeout = 5 * time.Second
)

// Client is a connection pool to one Redis server, safe for concurrent use.
// Its Sessions and RateLimiter share the pool.
type Client struct {
	rdb *goredis.Client
}

// Trace makes every command a span of tp's traces (redisotel): commands
// by name, never their arguments (session data, keys made of client
// addresses).
func (c *Client) Trace(tp trace.TracerProvider) error {
	if err := redisotel.InstrumentTracing(c.rdb, redisotel.WithTracerProvider(tp), redisotel.WithDBStatement(false)); err != nil {
		return fmt.Errorf("redis: tracing: %w", err)
	}
	return nil
}

// Open connects to the Redis server at rawURL (redis://[user:password@]host:port/db
// or rediss:// for TLS), and pings it, so that an unreachable server fails
// here. Returns EUNAVAILABLE when the server does not answer.
func Open(ctx context.Context, rawURL string) (*Client, error) {
	opt, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	c := &Client{rdb: goredis.NewClient(opt)}
	pctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := c.rdb.Ping(pctx).Err(); err != nil {
		c.rdb.Close()
		return nil, fmt.Errorf("redis: ping %s: %w", opt.Addr, unavailable("redis", err))
	}
	return c, nil
}

// parseURL reads rawURL and completes its options with our defaults. Its
// errors never quote the URL, which may hold a password.
func parseURL(rawURL string) (*goredis.Options, error) {
	if _, err := url.Parse(rawURL); err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("redis: invalid URL: %w", err)
	}
	opt, err := goredis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis: invalid URL: %w", err)
	}
	setDefault(&opt.DialTimeout, dialTimeout)
	setDefault(&opt.ReadTimeout, readTimeout)
	setDefault(&opt.WriteTimeout, writeTimeout)
	setDefault(&opt.PoolTimeout, poolTimeout)
	setDefault(&opt.PoolSize, min(10*runtime.GOMAXPROCS(0), maxPoolSize))
	setDefault(&opt.MaxRetries, maxRetries)
	setDefault(&opt.DialerRetries, dialAttempts)
	opt.ContextTimeoutEnabled = true // every call ends at its ctx's deadline
	// Maintenance notifications are a Redis Enterprise / Redis Cloud
	// feature; against a plain Redis, the handshake that probes for them
	// fails on every connection (and some go-redis versions log it).
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return opt, nil
}

func setDefault[T comparable](field *T, value T) {
	var zero T
	if *field == zero {
		*field = value
	}
}

// Ping checks that the server answers. Returns EUNAVAILABLE when it does
// not.
func (c *Client) Ping(ctx context.Context) error {
	if err := c.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: ping: %w", unavailable("redis", err))
	}
	return nil
}

// Close closes the connections. The Sessions and RateLimiters of c fail
// once it is closed.
func (c *Client) Close() error {
	return c.rdb.Close()
}

// unavailable wraps a Redis error in an EUNAVAILABLE domain error naming
// what is unavailable, keeping the cause for errors.Is and the logs.
func unavailable(what string, err error) error {
	return fmt.Errorf("%w: %w", rendezvous.Errorf(rendezvous.EUNAVAILABLE, "%s unavailable", what), err)
}
