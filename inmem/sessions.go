// Package inmem holds the in-process implementations of one instance: a
// bounded chat session store and a bounded rate limiter. Both keep memory
// flat whatever the clients send, and neither starts a goroutine.
package inmem

import (
	"container/list"
	"context"
	"sync"
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
type Sessions struct {
	limits rendezvous.SessionLimits
	now    func() time.Time

	mu        sync.Mutex
	byID      map[string]*entry
	byAge     *list.List // of *entry; front: least recently active
	byCreated *list.List // of *entry; front: oldest
	byClient  map[string]int
	bytes     int64 // the sum of cost over byID
}

// entryOverhead is what a stored session costs beyond its data, id and
// client: the entry, the session, two list elements and its share of two
// maps, measured at 310 to 380 bytes with runtime.ReadMemStats
// (TestMemoryPerSession), rounded up.
const entryOverhead = 512

// cost is what the store counts for s against MaxBytes: its bytes, plus
// an eighth of its data for the rounding of the allocation to Go's size
// classes (at most 12.5 %), plus the bookkeeping.
func cost(s *rendezvous.Session) int64 {
	return int64(len(s.Data)+len(s.Data)/8+len(s.ID)+len(s.Client)) + entryOverhead
}

type entry struct {
	s       *rendezvous.Session
	age     *list.Element
	created *list.Element
}

// NewSessions returns an empty store; now is the clock (time.Now if nil).
func NewSessions(limits rendezvous.SessionLimits, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{limits: limits, now: now, byID: map[string]*entry{}, byAge: list.New(), byCreated: list.New(), byClient: map[string]int{}}
}

func clone(s *rendezvous.Session) *rendezvous.Session {
	c := *s
	c.Data = append([]byte(nil), s.Data...)
	return &c
}

func (m *Sessions) expired(s *rendezvous.Session, now time.Time) bool {
	return !now.Before(s.ExpiresAt(m.limits))
}

// removeLocked drops one session.
func (m *Sessions) removeLocked(e *entry) {
	m.byAge.Remove(e.age)
	m.byCreated.Remove(e.created)
	delete(m.byID, e.s.ID)
	m.bytes -= cost(e.s)
	if m.byClient[e.s.Client]--; m.byClient[e.s.Client] <= 0 {
		delete(m.byClient, e.s.Client)
	}
}

// sweepLocked removes expired sessions: from the least recently active
// end of one list (idle expiry) and from the oldest end of the other
// (absolute expiry), stopping at the first live one of each.
func (m *Sessions) sweepLocked(now time.Time) int {
	n := 0
	for f := m.byAge.Front(); f != nil && !now.Before(f.Value.(*entry).s.LastSeen.Add(m.limits.IdleTTL)); f = m.byAge.Front() {
		m.removeLocked(f.Value.(*entry))
		n++
	}
	for f := m.byCreated.Front(); f != nil && !now.Before(f.Value.(*entry).s.CreatedAt.Add(m.limits.AbsoluteTTL)); f = m.byCreated.Front() {
		m.removeLocked(f.Value.(*entry))
		n++
	}
	return n
}

func (m *Sessions) tooLarge(s *rendezvous.Session) error {
	if m.limits.MaxDataBytes > 0 && len(s.Data) > m.limits.MaxDataBytes {
		return rendezvous.Errorf(rendezvous.EINVALID, "the conversation is too long")
	}
	return nil
}

// full reports whether adding grow bytes would pass limit, a share of
// MaxBytes.
func (m *Sessions) full(grow, limit int64) bool {
	return m.limits.MaxBytes > 0 && m.bytes+grow > limit
}

// createLimit is the share of MaxBytes new sessions may fill: the rest is
// kept for the conversations under way to grow.
func (m *Sessions) createLimit() int64 { return m.limits.MaxBytes - m.limits.MaxBytes/8 }

func storeFull() error {
	return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "the service holds too many conversations; try again later")
}

// Create stores a new session within the limits.
func (m *Sessions) Create(_ context.Context, s *rendezvous.Session) error {
	if err := m.tooLarge(s); err != nil {
		return err
	}
	now := m.now()
	// The copy is made before taking the lock: every conversation's first
	// message goes through this lock, and an allocation made under it (a
	// GC assist, a page fault) would make the others wait.
	c := clone(s)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.LastSeen, c.Version = now, 1
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[s.ID]; ok {
		return rendezvous.Errorf(rendezvous.ECONFLICT, "session exists")
	}
	m.sweepLocked(now) // amortised O(1): each session is removed once
	if (m.limits.Max > 0 && len(m.byID) >= m.limits.Max) || m.full(cost(s), m.createLimit()) {
		return storeFull()
	}
	if m.limits.PerClient > 0 && m.byClient[s.Client] >= m.limits.PerClient {
		return rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, rendezvous.ReasonTooManySessions, "too many open conversations from your address; close one or try again later")
	}
	s.CreatedAt, s.LastSeen, s.Version = c.CreatedAt, c.LastSeen, c.Version
	e := &entry{s: c}
	e.age = m.byAge.PushBack(e)
	e.created = m.byCreated.PushBack(e)
	m.byID[s.ID] = e
	m.byClient[s.Client]++
	m.bytes += cost(e.s)
	return nil
}

// Get returns a live session.
func (m *Sessions) Get(_ context.Context, id string) (*rendezvous.Session, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byID[id]
	if !ok {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	if m.expired(e.s, now) {
		m.removeLocked(e)
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	return clone(e.s), nil
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
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byID[s.ID]
	if !ok || m.expired(e.s, now) {
		if ok {
			m.removeLocked(e)
		}
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "no such conversation (it may have expired)")
	}
	if e.s.Version != s.Version {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSessionConflict, "another message of this conversation is being handled")
	}
	// Only the data changes size: id and client are the stored ones.
	grow := int64(len(s.Data)+len(s.Data)/8) - int64(len(e.s.Data)+len(e.s.Data)/8)
	if grow > 0 && m.full(grow, m.limits.MaxBytes) {
		if m.sweepLocked(now); m.full(grow, m.limits.MaxBytes) {
			return storeFull()
		}
	}
	// The store owns identity and activity times: a save is activity.
	s.Client, s.CreatedAt, s.LastSeen = e.s.Client, e.s.CreatedAt, now
	s.Version++
	c.Client, c.CreatedAt, c.LastSeen, c.Version = s.Client, s.CreatedAt, s.LastSeen, s.Version
	m.bytes += grow
	e.s = c
	m.byAge.MoveToBack(e.age)
	return nil
}

// Delete removes a session.
func (m *Sessions) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.byID[id]; ok {
		m.removeLocked(e)
	}
	return nil
}

// Sweep removes expired sessions.
func (m *Sessions) Sweep(_ context.Context) (int, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sweepLocked(now), nil
}

// Count returns the number of live sessions.
func (m *Sessions) Count(_ context.Context) (int, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(now)
	return len(m.byID), nil
}

// Ping always succeeds: the store is this process's memory.
func (m *Sessions) Ping(context.Context) error { return nil }
