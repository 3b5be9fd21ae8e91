package inmem_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
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

// TestLimitsUnderConcurrency creates sessions from many goroutines at once
// and checks that the global limits hold exactly across the shards: as
// many sessions as Max, none of a client past PerClient, bytes within the
// share of MaxBytes new sessions may fill.
func TestLimitsUnderConcurrency(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		max, perClient       int
		maxBytes             int64
		clients, attempts    int
		wantMax, wantPerUser int
	}{
		{"by count", 100, 5, 0, 50, 2000, 100, 5},
		{"by client", 10_000, 3, 0, 20, 2000, 60, 3},
		{"by bytes", 10_000, 1000, 8 * 1024, 50, 2000, 0, 1000}, // 7 KiB of 600-byte sessions
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := rendezvous.DefaultSessionLimits()
			l.Max, l.PerClient, l.MaxBytes = tc.max, tc.perClient, tc.maxBytes
			st := inmem.NewSessions(l, nil)
			var mu sync.Mutex
			created := map[string]int{}
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := g; i < tc.attempts; i += 8 {
						client := fmt.Sprintf("198.51.100.%d", i%tc.clients)
						s := &rendezvous.Session{ID: fmt.Sprintf("ses_%d", i), Client: client, Data: []byte("{}")}
						err := st.Create(context.Background(), s)
						if err == nil {
							mu.Lock()
							created[client]++
							mu.Unlock()
						} else if rendezvous.ErrorCodeOf(err) != rendezvous.ERATELIMITED {
							t.Errorf("create: %v", err)
						}
					}
				})
			}
			wg.Wait()
			total := 0
			for c, n := range created {
				total += n
				if n > tc.wantPerUser {
					t.Errorf("client %s holds %d sessions, limit %d", c, n, tc.wantPerUser)
				}
			}
			want := tc.wantMax
			if tc.maxBytes > 0 {
				data := len("{}") // an eighth of it for rounding is 0
				per := int64(data+len("ses_1000")+len("198.51.100.10")) + 512
				want = int(tc.maxBytes * 7 / 8 / per) // about: ids and clients vary by a byte or two
				if total < want-1 || total > want+1 {
					t.Errorf("%d sessions in a budget of %d bytes, want about %d", total, tc.maxBytes, want)
				}
			} else if total != want {
				t.Errorf("%d sessions created, want %d", total, want)
			}
			if n, _ := st.Count(context.Background()); n != total {
				t.Errorf("Count = %d, %d created", n, total)
			}
		})
	}
}

// BenchmarkSessionsParallel is a conversation's first turn on the store
// from 32 × GOMAXPROCS goroutines (as many as the load's connections):
// create, get, save.
func BenchmarkSessionsParallel(b *testing.B) {
	l := rendezvous.DefaultSessionLimits()
	l.Max, l.PerClient, l.MaxBytes = 1<<40, 1<<40, 1<<40
	l.MaxDataBytes = 1 << 20
	st := inmem.NewSessions(l, nil)
	data := make([]byte, 700)
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprintf("ses_%d", n.Add(1))
			s := &rendezvous.Session{ID: id, Client: "203.0.113.7", Data: data}
			if err := st.Create(context.Background(), s); err != nil {
				b.Fatal(err)
			}
			got, err := st.Get(context.Background(), id)
			if err != nil {
				b.Fatal(err)
			}
			got.Data = append(got.Data, '!')
			if err := st.Save(context.Background(), got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
