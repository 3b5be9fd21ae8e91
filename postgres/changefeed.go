package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// Feed is the change feed of a schema (migration 00025): the triggers
// NOTIFY, in each writing transaction, which providers' bookings changed
// and whether schedules did; Feed LISTENs on a connection of its own and
// hands the notifications to a booking.FeedHandler.
type Feed struct {
	cfg *pgx.ConnConfig
	// ping is how long the connection may stay silent before Feed checks
	// that it is alive: a server that vanished without closing the
	// connection is noticed within ping plus the connect timeout.
	ping time.Duration
}

var _ booking.ChangeFeed = (*Feed)(nil)

// Feed returns the store's change feed, on its own connection (outside
// the pool) made with the store's settings.
func (s *Store) Feed() *Feed {
	cfg := s.pool.Config().ConnConfig.Copy()
	// A wait that times out must leave the connection usable: by default
	// pgx would send the server a cancel request, which could cancel the
	// next statement instead.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	return &Feed{cfg: cfg, ping: 15 * time.Second}
}

// Follow implements booking.ChangeFeed: it listens until ctx ends,
// reconnecting after a lost connection with a backoff of up to 5 seconds.
func (f *Feed) Follow(ctx context.Context, h booking.FeedHandler) error {
	backoff := time.Duration(0)
	for {
		err := f.listen(ctx, h)
		if ctx.Err() != nil {
			return nil
		}
		h.Lost(err)
		backoff = min(max(2*backoff, 50*time.Millisecond), 5*time.Second)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
	}
}

// listen runs one connection: LISTEN, then Listening, then every
// notification until the connection fails.
func (f *Feed) listen(ctx context.Context, h booking.FeedHandler) error {
	conn, err := pgx.ConnectConfig(ctx, f.cfg)
	if err != nil {
		return fmt.Errorf("change feed: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var schema *string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil || schema == nil {
		return fmt.Errorf("change feed: current schema: %v", err)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{Channel(*schema)}.Sanitize()); err != nil {
		return fmt.Errorf("change feed: listen: %w", err)
	}
	h.Listening()
	for {
		wctx, cancel := context.WithTimeout(ctx, f.ping)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			c, perr := ParseChange(n.Payload)
			if perr != nil {
				// Unknown payload (a newer version's?): assume the worst.
				c = booking.Change{AllProviders: true, Schedules: true}
			}
			h.Changed(c)
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			if err := conn.Ping(ctx); err != nil {
				return fmt.Errorf("change feed: ping: %w", err)
			}
		default:
			return fmt.Errorf("change feed: wait: %w", err)
		}
	}
}

// Channel is the NOTIFY channel of a schema's changes.
func Channel(schema string) string { return "rendezvous." + schema }

// ParseChange reads a notification of migration 00025: "b:1,2,3", "b:*"
// or "s".
func ParseChange(payload string) (booking.Change, error) {
	switch {
	case payload == "s":
		return booking.Change{Schedules: true}, nil
	case payload == "b:*":
		return booking.Change{AllProviders: true}, nil
	case strings.HasPrefix(payload, "b:"):
		var c booking.Change
		for f := range strings.SplitSeq(payload[2:], ",") {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return booking.Change{}, fmt.Errorf("change feed: payload %q: %w", payload, err)
			}
			c.Providers = append(c.Providers, id)
		}
		return c, nil
	}
	return booking.Change{}, fmt.Errorf("change feed: unknown payload %q", payload)
}
