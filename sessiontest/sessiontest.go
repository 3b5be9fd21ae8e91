// Package sessiontest is the contract of chat.SessionStore: one suite run
// against the in-memory and the Redis store alike.
package sessiontest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
)

// Clock is a settable test clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at a fixed instant.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Opener returns an empty store with the given limits and clock.
type Opener func(t *testing.T, limits rendezvous.SessionLimits, now func() time.Time) chat.SessionStore

var seq atomic.Int64

func newSession(client string, data string) *rendezvous.Session {
	return &rendezvous.Session{ID: fmt.Sprintf("s%d-%d", time.Now().UnixNano(), seq.Add(1)), Client: client, Data: []byte(data)}
}

func limits() rendezvous.SessionLimits {
	return rendezvous.SessionLimits{Max: 5, PerClient: 3, IdleTTL: 30 * time.Minute, AbsoluteTTL: 24 * time.Hour, MaxDataBytes: 1024}
}

func wantCode(t *testing.T, err error, code rendezvous.ErrorCode) {
	t.Helper()
	if got := rendezvous.ErrorCodeOf(err); got != code {
		t.Fatalf("got %v (%s), want %s", err, got, code)
	}
}

// Run runs the suite.
func Run(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("CreateGetSaveDelete", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		s := newSession("10.0.0.1", `{"a":1}`)
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		if s.Version != 1 || !s.CreatedAt.Equal(clock.Now()) || !s.LastSeen.Equal(clock.Now()) {
			t.Fatalf("after Create: %+v", s)
		}
		got, err := st.Get(ctx, s.ID)
		if err != nil || string(got.Data) != `{"a":1}` || got.Client != "10.0.0.1" || got.Version != 1 {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		clock.Advance(time.Minute)
		got.Data, got.Messages = []byte(`{"a":2}`), 1
		if err := st.Save(ctx, got); err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || !got.LastSeen.Equal(clock.Now()) {
			t.Fatalf("after Save: %+v", got)
		}
		again, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(again.Data) != `{"a":2}` || again.Messages != 1 || !again.CreatedAt.Equal(s.CreatedAt) {
			t.Fatalf("saved session = %+v", again)
		}
		if n, _ := st.Count(ctx); n != 1 {
			t.Errorf("Count = %d", n)
		}
		if err := st.Delete(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		_, err = st.Get(ctx, s.ID)
		wantCode(t, err, rendezvous.ENOTFOUND)
		if err := st.Delete(ctx, s.ID); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
		wantCode(t, st.Save(ctx, again), rendezvous.ENOTFOUND)
		if err := st.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
	t.Run("KeepsNothingOfTheCallersData", func(t *testing.T) {
		// The chat service reuses its encoding buffer once Create or
		// Save has returned.
		st := open(t, limits(), NewClock().Now)
		buf := []byte(`{"a":1}`)
		s := newSession("10.0.0.1", "")
		s.Data = buf
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		copy(buf, `{"b":9}`)
		got, err := st.Get(ctx, s.ID)
		if err != nil || string(got.Data) != `{"a":1}` {
			t.Fatalf("after Create and a write to the caller's buffer: %q, %v", got.Data, err)
		}
		copy(buf, `{"a":2}`)
		got.Data = buf
		if err := st.Save(ctx, got); err != nil {
			t.Fatal(err)
		}
		copy(buf, `{"b":9}`)
		if got, err = st.Get(ctx, s.ID); err != nil || string(got.Data) != `{"a":2}` {
			t.Fatalf("after Save and a write to the caller's buffer: %q, %v", got.Data, err)
		}
	})
	t.Run("SaveIsCompareAndSwap", func(t *testing.T) {
		st := open(t, limits(), NewClock().Now)
		s := newSession("c", "{}")
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		a, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Save(ctx, a); err != nil {
			t.Fatal(err)
		}
		err = st.Save(ctx, b)
		wantCode(t, err, rendezvous.ECONFLICT)
		if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonSessionConflict {
			t.Errorf("reason %s", rendezvous.ErrorReasonOf(err))
		}
	})
	t.Run("ConcurrentSavesOneWins", func(t *testing.T) {
		st := open(t, limits(), NewClock().Now)
		s := newSession("c", "{}")
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		var wins atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := st.Get(ctx, s.ID)
				if err != nil {
					t.Error(err)
					return
				}
				c.Data = []byte(`{"w":1}`)
				if st.Save(ctx, c) == nil {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		final, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if final.Version != 1+wins.Load() || wins.Load() < 1 {
			t.Errorf("%d saves won, final version %d", wins.Load(), final.Version)
		}
	})
	t.Run("Limits", func(t *testing.T) {
		st := open(t, limits(), NewClock().Now)
		for i := range 3 {
			if err := st.Create(ctx, newSession("a", "{}")); err != nil {
				t.Fatalf("session %d of client a: %v", i, err)
			}
		}
		err := st.Create(ctx, newSession("a", "{}"))
		wantCode(t, err, rendezvous.ERATELIMITED)
		if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManySessions {
			t.Errorf("reason = %s", rendezvous.ErrorReasonOf(err))
		}
		for i := range 2 {
			if err := st.Create(ctx, newSession(fmt.Sprint("b", i), "{}")); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, st.Create(ctx, newSession("c", "{}")), rendezvous.ERATELIMITED)
		wantCode(t, st.Create(ctx, newSession("d", string(make([]byte, 2000)))), rendezvous.EINVALID)
		if n, _ := st.Count(ctx); n != 5 {
			t.Errorf("Count = %d, want 5", n)
		}
	})
	t.Run("DataBoundOnSave", func(t *testing.T) {
		st := open(t, limits(), NewClock().Now)
		s := newSession("a", "{}")
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Data = make([]byte, limits().MaxDataBytes+1)
		wantCode(t, st.Save(ctx, got), rendezvous.EINVALID)
		got.Data = make([]byte, limits().MaxDataBytes) // exactly the bound
		if err := st.Save(ctx, got); err != nil {
			t.Fatalf("saving %d bytes, the bound: %v", len(got.Data), err)
		}
		again, err := st.Get(ctx, s.ID)
		if err != nil || len(again.Data) != limits().MaxDataBytes {
			t.Fatalf("Get after saving the bound = %d bytes, %v", len(again.Data), err)
		}
	})
	t.Run("IdleExpiry", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		old := newSession("a", "{}")
		if err := st.Create(ctx, old); err != nil {
			t.Fatal(err)
		}
		clock.Advance(20 * time.Minute)
		fresh := newSession("a", "{}")
		if err := st.Create(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		clock.Advance(11 * time.Minute) // old: idle 31 min; fresh: 11 min
		_, err := st.Get(ctx, old.ID)
		wantCode(t, err, rendezvous.ENOTFOUND)
		if _, err := st.Get(ctx, fresh.ID); err != nil {
			t.Fatalf("fresh session expired: %v", err)
		}
		// Activity (a save) keeps a session alive; reading it does not.
		clock.Advance(15 * time.Minute) // fresh: idle 26 min
		f, err := st.Get(ctx, fresh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Save(ctx, f); err != nil {
			t.Fatal(err)
		}
		clock.Advance(25 * time.Minute)
		if _, err := st.Get(ctx, fresh.ID); err != nil {
			t.Fatalf("active session expired: %v", err)
		}
	})
	t.Run("AbsoluteExpiry", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		s := newSession("a", "{}")
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		for range 49 { // active every 29 minutes for 23h41
			clock.Advance(29 * time.Minute)
			c, err := st.Get(ctx, s.ID)
			if err != nil {
				t.Fatalf("expired early at %s: %v", clock.Now(), err)
			}
			if err := st.Save(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(20 * time.Minute) // 24h01 after creation
		_, err := st.Get(ctx, s.ID)
		wantCode(t, err, rendezvous.ENOTFOUND)
	})
	t.Run("SweepFreesRoom", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		for i := range 5 {
			if err := st.Create(ctx, newSession(fmt.Sprint("c", i), "{}")); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, st.Create(ctx, newSession("x", "{}")), rendezvous.ERATELIMITED)
		clock.Advance(31 * time.Minute)
		n, err := st.Sweep(ctx)
		if err != nil || n != 5 {
			t.Fatalf("Sweep = %d, %v; want 5", n, err)
		}
		if c, _ := st.Count(ctx); c != 0 {
			t.Errorf("Count after sweep = %d", c)
		}
		if err := st.Create(ctx, newSession("x", "{}")); err != nil {
			t.Fatalf("create after sweep: %v", err)
		}
	})
	t.Run("CountExcludesExpired", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		for range 2 {
			if err := st.Create(ctx, newSession("a", "{}")); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(31 * time.Minute)
		if n, err := st.Count(ctx); err != nil || n != 0 {
			t.Fatalf("Count after expiry = %d, %v; want 0", n, err)
		}
	})
	t.Run("AbsolutelyExpiredDoesNotCount", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		var ids []string
		for range 3 {
			s := newSession("a", "{}")
			if err := st.Create(ctx, s); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		// Active every 20 minutes for 24 hours: never idle, then too old.
		for range 73 {
			clock.Advance(20 * time.Minute)
			for _, id := range ids {
				if s, err := st.Get(ctx, id); err == nil {
					_ = st.Save(ctx, s)
				}
			}
		}
		if err := st.Create(ctx, newSession("a", "{}")); err != nil {
			t.Fatalf("sessions past their absolute TTL still count: %v", err)
		}
		if n, _ := st.Count(ctx); n != 1 {
			t.Errorf("Count = %d, want 1", n)
		}
	})
	t.Run("ExpiredSessionsDoNotCountAgainstLimits", func(t *testing.T) {
		clock := NewClock()
		st := open(t, limits(), clock.Now)
		for range 3 {
			if err := st.Create(ctx, newSession("a", "{}")); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(31 * time.Minute)
		if err := st.Create(ctx, newSession("a", "{}")); err != nil {
			t.Fatalf("expired sessions still count: %v", err)
		}
	})
}

// budgetLimits bound the store's memory to room for about ten sessions
// of 4,000 bytes, whatever the store's estimate of its own bookkeeping
// (up to 1 KiB a session).
func budgetLimits() rendezvous.SessionLimits {
	l := limits()
	l.Max, l.PerClient, l.MaxDataBytes, l.MaxBytes = 1000, 1000, 8000, 50_000
	return l
}

// fill creates sessions of size bytes of data until the store refuses one,
// and returns those it created.
func fill(t *testing.T, st chat.SessionStore, size int) []*rendezvous.Session {
	t.Helper()
	var made []*rendezvous.Session
	for i := range 1000 {
		s := newSession(fmt.Sprint("client", i), string(make([]byte, size)))
		err := st.Create(context.Background(), s)
		if err != nil {
			wantCode(t, err, rendezvous.ERATELIMITED)
			if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManySessions {
				t.Fatalf("reason %s, want %s", rendezvous.ErrorReasonOf(err), rendezvous.ReasonTooManySessions)
			}
			return made
		}
		made = append(made, s)
	}
	t.Fatalf("1,000 sessions of %d bytes fit in a budget of %d bytes", size, budgetLimits().MaxBytes)
	return nil
}

// RunMemoryBudget is the contract of a store that bounds its memory with
// SessionLimits.MaxBytes (the in-memory store; Redis leaves it to its
// maxmemory): new sessions are refused with too_many_sessions once 7/8 of
// the budget is used, never evicting a live one; conversations under way
// may grow into the rest but not past it; expired and deleted sessions
// give their room back.
func RunMemoryBudget(t *testing.T, open Opener) {
	ctx := context.Background()
	const size = 4000
	t.Run("RefusesNewSessionsWhenFull", func(t *testing.T) {
		st := open(t, budgetLimits(), NewClock().Now)
		made := fill(t, st, size)
		if n := len(made); n < 5 || n*size > int(budgetLimits().MaxBytes)*7/8 {
			t.Fatalf("%d sessions of %d bytes in a budget of %d bytes", n, size, budgetLimits().MaxBytes)
		}
		for _, s := range made {
			if _, err := st.Get(ctx, s.ID); err != nil {
				t.Fatalf("a live session was evicted to make room: %v", err)
			}
		}
	})
	t.Run("ConversationsGrowIntoTheReserveNotPast", func(t *testing.T) {
		st := open(t, budgetLimits(), NewClock().Now)
		made := fill(t, st, size)
		grown := 0
		var err error
		for _, s := range made {
			var got *rendezvous.Session
			if got, err = st.Get(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			got.Data = make([]byte, budgetLimits().MaxDataBytes)
			if err = st.Save(ctx, got); err != nil {
				break
			}
			grown++
		}
		if grown == 0 {
			t.Fatalf("no conversation could grow once new sessions were refused: %v", err)
		}
		if err == nil {
			t.Fatalf("all %d sessions grew to %d bytes in a budget of %d", len(made), budgetLimits().MaxDataBytes, budgetLimits().MaxBytes)
		}
		wantCode(t, err, rendezvous.ERATELIMITED)
		// Keeping or shrinking a conversation's size is always possible.
		s, err := st.Get(ctx, made[len(made)-1].ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Data = []byte("{}")
		if err := st.Save(ctx, s); err != nil {
			t.Fatalf("shrinking a session: %v", err)
		}
	})
	t.Run("ExpiredAndDeletedGiveRoomBack", func(t *testing.T) {
		clock := NewClock()
		st := open(t, budgetLimits(), clock.Now)
		made := fill(t, st, size)
		if err := st.Delete(ctx, made[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := st.Create(ctx, newSession("after-delete", string(make([]byte, size)))); err != nil {
			t.Fatalf("creating after a delete: %v", err)
		}
		clock.Advance(31 * time.Minute)
		again := fill(t, st, size)
		if len(again) != len(made) {
			t.Fatalf("after every session expired, %d fit again, want %d", len(again), len(made))
		}
	})
}
