package redis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
)

var _ chat.SessionStore = (*Sessions)(nil)

const (
	// createSweepBatch is how many expired sessions each Create removes:
	// more than the one it adds, so that expired sessions cannot pile up
	// in the index between sweeps.
	createSweepBatch = 16
	// sweepBatch is how many expired sessions one script of Sweep removes,
	// so that no script holds Redis for long.
	sweepBatch = 256
	// maxKeyPart bounds a session's id and client, which become key names.
	maxKeyPart = 256
)

// Sessions is a chat.SessionStore in Redis, shared by every instance that
// uses the same server and prefix. See the package documentation for the
// layout and for how it stays consistent. Safe for concurrent use.
type Sessions struct {
	rdb     *goredis.Client
	prefix  string
	limits  rendezvous.SessionLimits
	now     func() time.Time
	scripts sessionScripts
}

// Sessions returns the session store under prefix (e.g. "rendezvous:"),
// bounded by limits; now is the clock of logical expiry (time.Now if nil).
// Instances sharing sessions must use the same prefix and limits.
func (c *Client) Sessions(prefix string, limits rendezvous.SessionLimits, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{rdb: c.rdb, prefix: prefix, limits: limits, now: now, scripts: newSessionScripts()}
}

func (s *Sessions) sessionKey(id string) string    { return s.prefix + "session:" + id }
func (s *Sessions) indexKey() string               { return s.prefix + "sessions" }
func (s *Sessions) clientKey(client string) string { return s.prefix + "client:" + client }

func micros(t time.Time) string { return strconv.FormatInt(t.UnixMicro(), 10) }
func nanos(t time.Time) string  { return strconv.FormatInt(t.UnixNano(), 10) }

func (s *Sessions) unavailable(op string, err error) error {
	return fmt.Errorf("redis: %s: %w", op, unavailable("session store", err))
}

func notFound() error {
	return rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
}

// check refuses what the store does not keep: a conversation over
// MaxDataBytes, an id or a client too long to be part of a key name.
func (s *Sessions) check(sess *rendezvous.Session) error {
	if s.limits.MaxDataBytes > 0 && len(sess.Data) > s.limits.MaxDataBytes {
		return rendezvous.Errorf(rendezvous.EINVALID, "the conversation is too long")
	}
	if sess.ID == "" || len(sess.ID) > maxKeyPart || len(sess.Client) > maxKeyPart {
		return rendezvous.Errorf(rendezvous.EINVALID, "invalid session id or client")
	}
	return nil
}

// Create stores a new session, setting CreatedAt (if zero), LastSeen and
// Version. Returns ERATELIMITED (too_many_sessions) when the store or the
// client holds as many live sessions as the limits allow, ECONFLICT when a
// live session has the same id, EINVALID when Data is over MaxDataBytes or
// the id or client over 256 bytes, and EUNAVAILABLE when Redis does not
// answer or is full (over its maxmemory).
func (s *Sessions) Create(ctx context.Context, sess *rendezvous.Session) error {
	if err := s.check(sess); err != nil {
		return err
	}
	now := s.now()
	created := sess.CreatedAt
	if created.IsZero() {
		created = now
	}
	stored := rendezvous.Session{CreatedAt: created, LastSeen: now}
	keys := []string{s.sessionKey(sess.ID), s.indexKey(), s.clientKey(sess.Client)}
	res, err := s.scripts.create.Run(ctx, s.rdb, keys,
		s.prefix, sess.ID, micros(now), micros(stored.ExpiresAt(s.limits)),
		micros(created.Add(s.limits.AbsoluteTTL)), s.limits.Max, s.limits.PerClient, createSweepBatch,
		sess.Client, nanos(created), nanos(now), sess.Messages, sess.Data).Int()
	if err != nil {
		return s.unavailable("create session", err)
	}
	switch res {
	case 0:
	case 1:
		return rendezvous.Errorf(rendezvous.ECONFLICT, "session exists")
	case 2:
		return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "the service holds too many conversations; try again later")
	case 3:
		return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "too many open conversations from your address; close one or try again later")
	default:
		return fmt.Errorf("redis: create session: unexpected reply %d", res)
	}
	sess.CreatedAt, sess.LastSeen, sess.Version = created, now, 1
	return nil
}

// Get returns a live session. Returns ENOTFOUND for an unknown, deleted or
// expired session, and EUNAVAILABLE when Redis does not answer.
func (s *Sessions) Get(ctx context.Context, id string) (*rendezvous.Session, error) {
	if id == "" || len(id) > maxKeyPart {
		return nil, notFound()
	}
	now := s.now()
	fields := []string{"client", "created", "seen", "messages", "version", "data", "exp"}
	vals, err := s.rdb.HMGet(ctx, s.sessionKey(id), fields...).Result()
	if err != nil {
		return nil, s.unavailable("get session", err)
	}
	if vals[0] == nil {
		return nil, notFound()
	}
	var f [7]string
	for i, v := range vals {
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("redis: session %s: field %s missing", id, fields[i])
		}
		f[i] = str
	}
	var n [7]int64 // the numeric fields: created, seen, messages, version, exp
	for _, i := range []int{1, 2, 3, 4, 6} {
		if n[i], err = parseInt(f[i]); err != nil {
			return nil, fmt.Errorf("redis: session %s: field %s: %w", id, fields[i], err)
		}
	}
	if n[6] <= now.UnixMicro() {
		return nil, notFound()
	}
	return &rendezvous.Session{
		ID:        id,
		Client:    f[0],
		CreatedAt: time.Unix(0, n[1]),
		LastSeen:  time.Unix(0, n[2]),
		Messages:  int(n[3]),
		Version:   n[4],
		Data:      []byte(f[5]),
	}, nil
}

// Save writes sess if its stored version is still sess.Version, then
// increments sess.Version, sets LastSeen to now and Client and CreatedAt
// to the stored ones. Returns ECONFLICT (session_busy) when another save
// came first, ENOTFOUND when the session has ended, EINVALID when Data is
// over MaxDataBytes, and EUNAVAILABLE when Redis does not answer.
func (s *Sessions) Save(ctx context.Context, sess *rendezvous.Session) error {
	if err := s.check(sess); err != nil {
		return err
	}
	now := s.now()
	keys := []string{s.sessionKey(sess.ID), s.indexKey()}
	res, err := s.scripts.save.Run(ctx, s.rdb, keys,
		s.prefix, sess.ID, micros(now), s.limits.IdleTTL.Microseconds(), sess.Version,
		nanos(now), sess.Messages, sess.Data).Slice()
	if err != nil {
		return s.unavailable("save session", err)
	}
	if len(res) == 0 {
		return fmt.Errorf("redis: save session: empty reply")
	}
	switch res[0] {
	case int64(0):
	case int64(1):
		return notFound()
	case int64(2):
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSessionConflict, "another message of this conversation is being handled")
	default:
		return fmt.Errorf("redis: save session: unexpected reply %v", res)
	}
	version, ok1 := res[1].(int64)
	client, ok2 := res[2].(string)
	created, ok3 := res[3].(string)
	createdNs, err := parseInt(created)
	if !ok1 || !ok2 || !ok3 || err != nil {
		return fmt.Errorf("redis: save session: unexpected reply %v", res)
	}
	sess.Version, sess.LastSeen = version, now
	sess.Client, sess.CreatedAt = client, time.Unix(0, createdNs)
	return nil
}

// Delete ends a session. Deleting an unknown session is not an error.
// Returns EUNAVAILABLE when Redis does not answer.
func (s *Sessions) Delete(ctx context.Context, id string) error {
	if id == "" || len(id) > maxKeyPart {
		return nil
	}
	err := s.scripts.delete.Run(ctx, s.rdb, []string{s.sessionKey(id), s.indexKey()}, s.prefix, id).Err()
	if err != nil {
		return s.unavailable("delete session", err)
	}
	return nil
}

// Sweep removes expired sessions and returns how many it removed, in
// batches so that no script holds Redis for long. Returns EUNAVAILABLE
// when Redis does not answer; the sessions removed until then stay
// removed.
func (s *Sessions) Sweep(ctx context.Context) (int, error) {
	now := micros(s.now())
	total := 0
	for {
		n, err := s.scripts.sweep.Run(ctx, s.rdb, []string{s.indexKey()}, s.prefix, now, sweepBatch).Int()
		if err != nil {
			return total, s.unavailable("sweep sessions", err)
		}
		total += n
		if n < sweepBatch {
			return total, nil
		}
	}
}

// Count returns the number of live sessions. Returns EUNAVAILABLE when
// Redis does not answer.
func (s *Sessions) Count(ctx context.Context) (int, error) {
	n, err := s.rdb.ZCount(ctx, s.indexKey(), "("+micros(s.now()), "+inf").Result()
	if err != nil {
		return 0, s.unavailable("count sessions", err)
	}
	return int(n), nil
}

// Ping checks that Redis answers. Returns EUNAVAILABLE when it does not.
func (s *Sessions) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return s.unavailable("ping", err)
	}
	return nil
}

// parseInt reads an integer that Redis or a script wrote, in decimal or,
// for a number that went through Lua, possibly in exponent notation.
func parseInt(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f < -(1<<63) || f >= 1<<63 {
		return 0, fmt.Errorf("not an integer: %q", s)
	}
	return int64(f), nil
}
