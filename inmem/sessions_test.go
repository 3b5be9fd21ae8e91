package inmem_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/sessiontest"
)

func TestContract(t *testing.T) {
	open := func(t *testing.T, l rendezvous.SessionLimits, now func() time.Time) chat.SessionStore {
		return inmem.NewSessions(l, now)
	}
	sessiontest.Run(t, open)
	sessiontest.RunMemoryBudget(t, open)
}

// TestMemoryPerSession fills stores with the default limits but a 32 MiB
// budget, with sessions as small as they come and as large as they may
// be, and checks that the heap they take stays within the budget: the
// store's estimate of a session's cost is not below what it costs.
func TestMemoryPerSession(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 64 MiB")
	}
	const budget = 32 << 20
	for _, size := range []int{300, 12_700, 16 << 10} { // 12,700 rounds up to 13,568
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			l := rendezvous.DefaultSessionLimits()
			l.Max, l.PerClient, l.MaxBytes = 1<<30, 1<<30, budget
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			st := inmem.NewSessions(l, nil)
			data := make([]byte, size)
			n := 0
			for ; ; n++ {
				s := &rendezvous.Session{ID: fmt.Sprintf("ses_%026d", n), Client: fmt.Sprintf("192.0.%d.%d", n>>8&255, n&255), Data: data}
				if err := st.Create(context.Background(), s); err != nil {
					break
				}
				if n > budget/size {
					t.Fatalf("%d sessions of %d bytes fit in a budget of %d bytes", n, size, budget)
				}
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
			t.Logf("%d sessions of %d bytes: heap %.1f MiB, %d bytes a session", n, size, float64(heap)/(1<<20), heap/int64(n))
			if heap > budget*7/8 { // new sessions may fill 7/8 of the budget
				t.Errorf("%d sessions take %.1f MiB of heap, over 7/8 of the %d MiB budget", n, float64(heap)/(1<<20), budget>>20)
			}
			runtime.KeepAlive(st)
		})
	}
}
