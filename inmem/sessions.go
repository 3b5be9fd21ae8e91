// Package inmem holds the in-process implementations of one instance: a
// bounded chat session store and a bounded rate limiter. Both keep memory
// flat whatever the clients send, and neither starts a goroutine.
package inmem

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
)

var _ chat.SessionStore = (*Sessions)(nil)

// Sessions is a bounded in-memory session store. Each session sits in two
// lists, one ordered by last activity (idle expiry) and one by creation
// (absolute expiry), so that finding and evicting expired sessions costs
// O(1) each. Memory is bounded twice: by Max sessions, and by MaxBytes
// counted on what each session holds plus entryOverhead, so that neither a
// flood of small sessions nor a smaller number of large ones can grow it
// past the budget.
//
// When the budget is spent the store refuses new sessions rather than
// evicting live ones: evicting would let whoever opens sessions fastest
// end real customers' conversations. Only expired sessions are removed to
// make room.
//
// The store is split into shards by a hash of the session id, each with
// its own lock, maps and lists: every conversation's every message goes
// through the store, and under 64 connections on two cores one lock made
// a convoy (a waiter handed the lock must first be scheduled, behind the
// other runnable goroutines). The limits stay global: the count of
// sessions and of bytes are atomic counters, reserved before a session is
// added and given back when it is not, and the sessions per client are
// counted in maps sharded by the client.
type Sessions struct {
	limits rendezvous.SessionLimits
	now    func() time.Time
	seed   maphash.Seed

	shards  [shardCount]shard
	clients [shardCount]clientShard
	count   atomic.Int64 // sessions held
	bytes   atomic.Int64 // the sum of cost over the sessions held
	// lastSweep is when a refusal last swept every shard (Unix ns of the
	// store's clock).
	lastSweep atomic.Int64
}

// shardCount is the number of shards: enough that two goroutines rarely
// want the same lock, few enough that sweeping them all is cheap.
const shardCount = 32

type shard struct {
	mu        sync.Mutex
	byID      map[string]*entry
	byAge     entryList // front: least recently active
	byCreated entryList // front: oldest
	_         [64]byte  // keeps neighbouring shards' locks off one cache line
}

type clientShard struct {
	mu sync.Mutex
	n  map[string]int
	_  [64]byte
}

// entryOverhead is what a stored session costs beyond its data, id and
// client: the entry (with its links in both lists), the session and its
// share of two maps, measured at 310 to 380 bytes with runtime.ReadMemStats
// (TestMemoryPerSession) when the lists were container/list's (about 70
// bytes less since), rounded up.
const entryOverhead = 512

// cost is what the store counts for s against MaxBytes: its bytes, plus
// an eighth of its data for the rounding of the allocation to Go's size
// classes (at most 12.5 %), plus the bookkeeping.
func cost(s *rendezvous.Session) int64 {
	return int64(len(s.Data)+len(s.Data)/8+len(s.ID)+len(s.Client)) + entryOverhead
}

type entry struct {
	s     *rendezvous.Session // never changed once stored: Save stores a new copy
	links [2]links            // in byAge, in byCreated
}

// NewSessions returns an empty store; now is the clock (time.Now if nil).
func NewSessions(limits rendezvous.SessionLimits, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	m := &Sessions{limits: limits, now: now, seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i] = shard{byID: map[string]*entry{}, byAge: entryList{k: 0}, byCreated: entryList{k: 1}}
		m.clients[i].n = map[string]int{}
	}
	return m
}

func (m *Sessions) shard(id string) *shard {
	return &m.shards[maphash.String(m.seed, id)%shardCount]
}

func (m *Sessions) clientShard(client string) *clientShard {
	return &m.clients[maphash.String(m.seed, client)%shardCount]
}

func clone(s *rendezvous.Session) *rendezvous.Session {
	c := *s
	c.Data = append([]byte(nil), s.Data...)
	return &c
}

func (m *Sessions) expired(s *rendezvous.Session, now time.Time) bool {
	return !now.Before(s.ExpiresAt(m.limits))
}

// removeLocked drops one session of sh, whose lock is held (a client
// shard's lock is only ever taken inside a shard's, never the reverse).
func (m *Sessions) removeLocked(sh *shard, e *entry) {
	sh.byAge.remove(e)
	sh.byCreated.remove(e)
	delete(sh.byID, e.s.ID)
	m.count.Add(-1)
	m.bytes.Add(-cost(e.s))
	m.release(e.s.Client)
}

// release gives back one session of client.
func (m *Sessions) release(client string) {
	cs := m.clientShard(client)
	cs.mu.Lock()
	if cs.n[client]--; cs.n[client] <= 0 {
		delete(cs.n, client)
	}
	cs.mu.Unlock()
}

// sweepLocked removes the expired sessions of sh: from the least recently
// active end of one list (idle expiry) and from the oldest end of the
// other (absolute expiry), stopping at the first live one of each.
func (m *Sessions) sweepLocked(sh *shard, now time.Time) int {
	n := 0
	for f := sh.byAge.front(); f != nil && !now.Before(f.s.LastSeen.Add(m.limits.IdleTTL)); f = sh.byAge.front() {
		m.removeLocked(sh, f)
		n++
	}
	for f := sh.byCreated.front(); f != nil && !now.Before(f.s.CreatedAt.Add(m.limits.AbsoluteTTL)); f = sh.byCreated.front() {
		m.removeLocked(sh, f)
		n++
	}
	return n
}

// sweepAllToMakeRoom is sweepAll for a refusal, at most once per
// sweepInterval of the store's clock: a flood of refused sessions must not
// lock every shard for each of them. A session that expired within the
// interval may then be counted for that long.
func (m *Sessions) sweepAllToMakeRoom(now time.Time) int {
	last := m.lastSweep.Load()
	if n := now.UnixNano(); n >= last && n-last < int64(sweepInterval) || !m.lastSweep.CompareAndSwap(last, n) {
		return 0
	}
	return m.sweepAll(now)
}

// sweepInterval is how often refusals sweep every shard, at most.
const sweepInterval = 10 * time.Millisecond

// sweepAll sweeps every shard, one lock at a time.
func (m *Sessions) sweepAll(now time.Time) int {
	n := 0
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		n += m.sweepLocked(sh, now)
		sh.mu.Unlock()
	}
	return n
}

func (m *Sessions) tooLarge(s *rendezvous.Session) error {
	if m.limits.MaxDataBytes > 0 && len(s.Data) > m.limits.MaxDataBytes {
		return rendezvous.Errorf(rendezvous.EINVALID, "the conversation is too long")
	}
	return nil
}

// reserveBytes counts grow more bytes, unless that would pass limit, a
// share of MaxBytes: then it counts nothing and returns false.
func (m *Sessions) reserveBytes(grow, limit int64) bool {
	if m.limits.MaxBytes <= 0 || grow <= 0 {
		m.bytes.Add(grow)
		return true
	}
	if m.bytes.Add(grow) > limit {
		m.bytes.Add(-grow)
		return false
	}
	return true
}

// fullNow reports whether a new session of cost c would find the store
// full, reserving nothing.
func (m *Sessions) fullNow(c int64) bool {
	return (m.limits.Max > 0 && m.count.Load() >= int64(m.limits.Max)) ||
		(m.limits.MaxBytes > 0 && m.bytes.Load()+c > m.createLimit())
}

// reserveSession counts one more session, unless the store holds Max.
func (m *Sessions) reserveSession() bool {
	if m.count.Add(1) > int64(m.limits.Max) && m.limits.Max > 0 {
		m.count.Add(-1)
		return false
	}
	return true
}

// reserveClient counts one more session of client, unless it has
// PerClient.
func (m *Sessions) reserveClient(client string) bool {
	cs := m.clientShard(client)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if m.limits.PerClient > 0 && cs.n[client] >= m.limits.PerClient {
		return false
	}
	cs.n[client]++
	return true
}

// createLimit is the share of MaxBytes new sessions may fill: the rest is
// kept for the conversations under way to grow.
func (m *Sessions) createLimit() int64 { return m.limits.MaxBytes - m.limits.MaxBytes/8 }

func storeFull() error {
	return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "the service holds too many conversations; try again later")
}

// errFull and errClientFull say that the store, or the client's share of
// it, had no room before the other shards were swept.
var (
	errFull       = errors.New("full")
	errClientFull = errors.New("client full")
)

func clientFull() error {
	return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "too many open conversations from your address; close one or try again later")
}

// Create stores a new session within the limits.
func (m *Sessions) Create(_ context.Context, s *rendezvous.Session) error {
	if err := m.tooLarge(s); err != nil {
		return err
	}
	now := m.now()
	// The copy is made before taking the lock: an allocation made under
	// it (a GC assist, a page fault) would make the others wait.
	c := clone(s)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.LastSeen, c.Version = now, 1
	e := &entry{s: c}
	err := m.create(e, now)
	if (errors.Is(err, errFull) || errors.Is(err, errClientFull)) && m.sweepAllToMakeRoom(now) > 0 {
		// Expired sessions of the other shards make room too.
		err = m.create(e, now)
	}
	switch {
	case errors.Is(err, errFull):
		return storeFull()
	case errors.Is(err, errClientFull):
		return clientFull()
	case err != nil:
		return err
	}
	s.CreatedAt, s.LastSeen, s.Version = c.CreatedAt, c.LastSeen, c.Version
	return nil
}

func (m *Sessions) create(e *entry, now time.Time) error {
	s := e.s
	sh := m.shard(s.ID)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.byID[s.ID]; ok {
		return rendezvous.Errorf(rendezvous.ECONFLICT, "session exists")
	}
	m.sweepLocked(sh, now) // amortised O(1): each session is removed once
	// A full store is said before a client's limit, as it was with one
	// lock; the client's share is reserved before the store's, so that a
	// client over its limit never holds, even for a moment, room another
	// client needs.
	if m.fullNow(cost(s)) {
		return errFull
	}
	if !m.reserveClient(s.Client) {
		return errClientFull
	}
	if !m.reserveSession() {
		m.release(s.Client)
		return errFull
	}
	if !m.reserveBytes(cost(s), m.createLimit()) {
		m.count.Add(-1)
		m.release(s.Client)
		return errFull
	}
	sh.byAge.pushBack(e)
	sh.byCreated.pushBack(e)
	sh.byID[s.ID] = e
	return nil
}

// Get returns a live session.
func (m *Sessions) Get(_ context.Context, id string) (*rendezvous.Session, error) {
	now := m.now()
	sh := m.shard(id)
	sh.mu.Lock()
	e, ok := sh.byID[id]
	if ok && m.expired(e.s, now) {
		m.removeLocked(sh, e)
		ok = false
	}
	var s *rendezvous.Session
	if ok {
		s = e.s
	}
	sh.mu.Unlock()
	if !ok {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	return clone(s), nil // outside the lock: a stored session is never changed
}

// Save writes a session whose version has not moved. Returns ERATELIMITED
// (too_many_sessions) when the session would grow past MaxBytes even after
// expired sessions are removed.
func (m *Sessions) Save(_ context.Context, s *rendezvous.Session) error {
	if err := m.tooLarge(s); err != nil {
		return err
	}
	now := m.now()
	c := clone(s) // before the lock, as in Create
	err := m.save(s, c, now)
	if errors.Is(err, errFull) && m.sweepAllToMakeRoom(now) > 0 {
		err = m.save(s, c, now)
	}
	if errors.Is(err, errFull) {
		return storeFull()
	}
	return err
}

func (m *Sessions) save(s, c *rendezvous.Session, now time.Time) error {
	sh := m.shard(s.ID)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.byID[s.ID]
	if !ok || m.expired(e.s, now) {
		if ok {
			m.removeLocked(sh, e)
		}
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	if e.s.Version != s.Version {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSessionConflict, "another message of this conversation is being handled")
	}
	// Only the data changes size: id and client are the stored ones.
	grow := int64(len(s.Data)+len(s.Data)/8) - int64(len(e.s.Data)+len(e.s.Data)/8)
	if !m.reserveBytes(grow, m.limits.MaxBytes) {
		if m.sweepLocked(sh, now); !m.reserveBytes(grow, m.limits.MaxBytes) {
			return errFull
		}
	}
	// The store owns identity and activity times: a save is activity.
	s.Client, s.CreatedAt, s.LastSeen = e.s.Client, e.s.CreatedAt, now
	s.Version++
	c.Client, c.CreatedAt, c.LastSeen, c.Version = s.Client, s.CreatedAt, s.LastSeen, s.Version
	e.s = c
	sh.byAge.moveToBack(e)
	return nil
}

// Delete removes a session.
func (m *Sessions) Delete(_ context.Context, id string) error {
	sh := m.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e, ok := sh.byID[id]; ok {
		m.removeLocked(sh, e)
	}
	return nil
}

// Sweep removes expired sessions.
func (m *Sessions) Sweep(_ context.Context) (int, error) {
	return m.sweepAll(m.now()), nil
}

// Count returns the number of live sessions.
func (m *Sessions) Count(_ context.Context) (int, error) {
	m.sweepAll(m.now())
	return int(m.count.Load()), nil
}

// Ping always succeeds: the store is this process's memory.
func (m *Sessions) Ping(context.Context) error { return nil }
