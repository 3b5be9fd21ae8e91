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

// A shard keeps its sessions in a slab, found by id through maps whose
// keys and values hold no pointer: every collection marks what a busy
// server holds, and a map of strings to entries of strings, times and
// links cost it twice what the sessions' data alone did
// (BenchmarkCollectWithSessions). Only an entry's data and client key
// (and an id too long for a key, which the chat never makes) are
// pointers.
type shard struct {
	mu        sync.Mutex
	byID      map[idKey]ref  // ids of up to idKeyLen bytes
	byLongID  map[string]ref // the others
	slab      slab
	free      ref       // the first free slot of slab, the others chained by links[0].next
	byAge     entryList // front: least recently active
	byCreated entryList // front: oldest
	_         [64]byte  // keeps neighbouring shards' locks off one cache line
}

// ref is an entry's place in its shard's slab; none is no entry.
type ref int32

const none ref = -1

// idKeyLen is the longest id kept in a key (a chat session id has 30
// bytes).
const idKeyLen = 31

type idKey struct {
	n byte
	b [idKeyLen]byte
}

func newShard() shard {
	return shard{byID: map[idKey]ref{}, byLongID: map[string]ref{}, free: none, byAge: newEntryList(0), byCreated: newEntryList(1)}
}

// lists are the lists every entry of the shard is in.
func (sh *shard) lists() [2]*entryList { return [2]*entryList{&sh.byAge, &sh.byCreated} }

// lookup finds a session's entry.
func (sh *shard) lookup(id string) (ref, bool) {
	if len(id) > idKeyLen {
		r, ok := sh.byLongID[id]
		return r, ok
	}
	r, ok := sh.byID[keyOf(id)]
	return r, ok
}

func keyOf(id string) idKey {
	k := idKey{n: byte(len(id))}
	copy(k.b[:], id)
	return k
}

// index makes r the entry of id.
func (sh *shard) index(id string, r ref) {
	e := sh.slab.at(r)
	if len(id) > idKeyLen {
		e.longID = id
		sh.byLongID[id] = r
		return
	}
	e.key = keyOf(id)
	sh.byID[e.key] = r
}

// alloc returns a free slot, growing the slab when none is.
func (sh *shard) alloc() ref {
	if r := sh.free; r != none {
		sh.free = sh.slab.at(r).links[0].next
		return r
	}
	return sh.slab.grow()
}

// release frees r's slot (out of both lists and the maps), dropping what
// it pointed to.
func (sh *shard) release(r ref) {
	*sh.slab.at(r) = entry{links: [2]links{{next: sh.free}}}
	sh.free = r
}

type clientShard struct {
	mu sync.Mutex
	n  map[string]clientCount
	_  [64]byte
}

// clientCount is how many sessions a client holds, with the client key
// its sessions share (interned: one string per client, however many of
// its sessions are stored).
type clientCount struct {
	key string
	n   int
}

// entryOverhead is what a stored session costs beyond its data, id and
// client: its slot in the slab, its key in the id map and its share of
// the client map, measured with runtime.ReadMemStats (TestMemoryPerSession:
// 685 bytes for a session of 300 bytes of data, 30 of id and 11 of
// client), rounded up. A slab keeps its pages once its sessions are gone
// (as Go's maps keep their room): at most Max slots of 168 bytes, 10.5 MiB
// with the default limits, for the next sessions to reuse.
const entryOverhead = 512

// cost is what the store counts for s against MaxBytes: its bytes, plus
// an eighth of its data for the rounding of the allocation to Go's size
// classes (at most 12.5 %), plus the bookkeeping.
func cost(s *rendezvous.Session) int64 { return sessionCost(len(s.Data), len(s.ID), len(s.Client)) }

func sessionCost(data, id, client int) int64 {
	return int64(data+data/8+id+client) + entryOverhead
}

// entry is a stored session. Its data is never written once stored (Save
// stores a new copy), so that Get copies the bytes outside the lock.
type entry struct {
	key    idKey
	longID string // the id, when longer than a key holds
	client string // interned (clientCount)
	data   []byte
	// The times as the store's clock gave them, monotonic reading and
	// zone included: idle expiry is measured on the monotonic clock, which
	// a step of the wall clock does not move.
	created  time.Time
	seen     time.Time
	messages int
	version  int64
	links    [2]links // in byAge, in byCreated
}

func (e *entry) idLen() int {
	if e.longID != "" {
		return len(e.longID)
	}
	return int(e.key.n)
}

func (e *entry) cost() int64 { return sessionCost(len(e.data), e.idLen(), len(e.client)) }

// session is the entry of id as a session, its data copied.
func (e *entry) session(id string) *rendezvous.Session {
	return &rendezvous.Session{ID: id, Client: e.client, CreatedAt: e.created, LastSeen: e.seen,
		Messages: e.messages, Version: e.version, Data: copyData(e.data)}
}

// NewSessions returns an empty store; now is the clock (time.Now if nil).
func NewSessions(limits rendezvous.SessionLimits, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	m := &Sessions{limits: limits, now: now, seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i] = newShard()
		m.clients[i].n = map[string]clientCount{}
	}
	return m
}

func (m *Sessions) shard(id string) *shard {
	return &m.shards[maphash.String(m.seed, id)%shardCount]
}

func (m *Sessions) clientShard(client string) *clientShard {
	return &m.clients[maphash.String(m.seed, client)%shardCount]
}

func copyData(b []byte) []byte { return append([]byte(nil), b...) }

func (m *Sessions) expired(e *entry, now time.Time) bool {
	s := rendezvous.Session{CreatedAt: e.created, LastSeen: e.seen}
	return !now.Before(s.ExpiresAt(m.limits))
}

// removeLocked drops one session of sh, whose lock is held (a client
// shard's lock is only ever taken inside a shard's, never the reverse).
func (m *Sessions) removeLocked(sh *shard, r ref) {
	e := sh.slab.at(r)
	for _, l := range sh.lists() {
		l.remove(&sh.slab, r)
	}
	if e.longID != "" {
		delete(sh.byLongID, e.longID)
	} else {
		delete(sh.byID, e.key)
	}
	m.count.Add(-1)
	m.bytes.Add(-e.cost())
	m.release(e.client)
	sh.release(r)
}

// release gives back one session of client.
func (m *Sessions) release(client string) {
	cs := m.clientShard(client)
	cs.mu.Lock()
	if c := cs.n[client]; c.n <= 1 {
		delete(cs.n, client)
	} else {
		c.n--
		cs.n[client] = c
	}
	cs.mu.Unlock()
}

// sweepLocked removes the expired sessions of sh: from the least recently
// active end of one list (idle expiry) and from the oldest end of the
// other (absolute expiry), stopping at the first live one of each.
func (m *Sessions) sweepLocked(sh *shard, now time.Time) int {
	n := 0
	for f := sh.byAge.front(); f != none && !now.Before(sh.slab.at(f).seen.Add(m.limits.IdleTTL)); f = sh.byAge.front() {
		m.removeLocked(sh, f)
		n++
	}
	for f := sh.byCreated.front(); f != none && !now.Before(sh.slab.at(f).created.Add(m.limits.AbsoluteTTL)); f = sh.byCreated.front() {
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
// PerClient, and returns the client's interned key.
func (m *Sessions) reserveClient(client string) (string, bool) {
	cs := m.clientShard(client)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.n[client]
	if m.limits.PerClient > 0 && c.n >= m.limits.PerClient {
		return "", false
	}
	if !ok {
		c.key = client
	}
	c.n++
	cs.n[client] = c
	return c.key, true
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
	data := copyData(s.Data)
	created := s.CreatedAt
	if created.IsZero() {
		created = now
	}
	err := m.create(s, data, created, now)
	if (errors.Is(err, errFull) || errors.Is(err, errClientFull)) && m.sweepAllToMakeRoom(now) > 0 {
		// Expired sessions of the other shards make room too.
		err = m.create(s, data, created, now)
	}
	switch {
	case errors.Is(err, errFull):
		return storeFull()
	case errors.Is(err, errClientFull):
		return clientFull()
	case err != nil:
		return err
	}
	s.CreatedAt, s.LastSeen, s.Version = created, now, 1
	return nil
}

func (m *Sessions) create(s *rendezvous.Session, data []byte, created, now time.Time) error {
	sh := m.shard(s.ID)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.lookup(s.ID); ok {
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
	client, ok := m.reserveClient(s.Client)
	if !ok {
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
	r := sh.alloc()
	*sh.slab.at(r) = entry{client: client, data: data, created: created, seen: now, messages: s.Messages, version: 1}
	sh.index(s.ID, r)
	for _, l := range sh.lists() {
		l.pushBack(&sh.slab, r)
	}
	return nil
}

// Get returns a live session.
func (m *Sessions) Get(_ context.Context, id string) (*rendezvous.Session, error) {
	now := m.now()
	sh := m.shard(id)
	sh.mu.Lock()
	r, ok := sh.lookup(id)
	if ok && m.expired(sh.slab.at(r), now) {
		m.removeLocked(sh, r)
		ok = false
	}
	var e entry
	if ok {
		e = *sh.slab.at(r)
	}
	sh.mu.Unlock()
	if !ok {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	return e.session(id), nil // the bytes copied outside the lock: stored data is never written
}

// Save writes a session whose version has not moved. Returns ERATELIMITED
// (too_many_sessions) when the session would grow past MaxBytes even after
// expired sessions are removed.
func (m *Sessions) Save(_ context.Context, s *rendezvous.Session) error {
	if err := m.tooLarge(s); err != nil {
		return err
	}
	now := m.now()
	data := copyData(s.Data) // before the lock, as in Create
	err := m.save(s, data, now)
	if errors.Is(err, errFull) && m.sweepAllToMakeRoom(now) > 0 {
		err = m.save(s, data, now)
	}
	if errors.Is(err, errFull) {
		return storeFull()
	}
	return err
}

func (m *Sessions) save(s *rendezvous.Session, data []byte, now time.Time) error {
	sh := m.shard(s.ID)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r, ok := sh.lookup(s.ID)
	if !ok || m.expired(sh.slab.at(r), now) {
		if ok {
			m.removeLocked(sh, r)
		}
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	e := sh.slab.at(r)
	if e.version != s.Version {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSessionConflict, "another message of this conversation is being handled")
	}
	// Only the data changes size: id and client are the stored ones.
	grow := sessionCost(len(data), e.idLen(), len(e.client)) - e.cost()
	if !m.reserveBytes(grow, m.limits.MaxBytes) {
		// The sweep removes others, never this live one, and moves no
		// entry (pages stay where they are): e still points at it.
		if m.sweepLocked(sh, now); !m.reserveBytes(grow, m.limits.MaxBytes) {
			return errFull
		}
	}
	// The store owns identity and activity times: a save is activity.
	s.Client, s.CreatedAt, s.LastSeen = e.client, e.created, now
	s.Version++
	e.data, e.seen, e.version, e.messages = data, now, s.Version, s.Messages
	sh.byAge.moveToBack(&sh.slab, r)
	return nil
}

// Delete removes a session.
func (m *Sessions) Delete(_ context.Context, id string) error {
	sh := m.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if r, ok := sh.lookup(id); ok {
		m.removeLocked(sh, r)
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
