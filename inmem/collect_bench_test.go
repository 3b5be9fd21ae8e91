package inmem

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// BenchmarkCollectWithSessions is a full collection of a heap holding
// 60,000 small sessions (the load script's chat target opens about as
// many): what each collection marks while conversations are under way.
func BenchmarkCollectWithSessions(b *testing.B) {
	l := rendezvous.SessionLimits{Max: 1 << 30, PerClient: 1 << 30, IdleTTL: time.Hour, AbsoluteTTL: time.Hour, MaxDataBytes: 1 << 20, MaxBytes: 1 << 40}
	st := NewSessions(l, nil)
	for i := range 60_000 {
		s := &rendezvous.Session{ID: fmt.Sprintf("ses_%026d", i), Client: strings.Clone("127.0.0.1"), Data: make([]byte, 1100)}
		if err := st.Create(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	for b.Loop() {
		runtime.GC()
	}
	runtime.KeepAlive(st)
}
