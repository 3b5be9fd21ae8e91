package chat_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/demo"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// BenchmarkFullSessionMemory plays a whole session (as many messages as a
// session allows) through the real dialogue manager and the embedded
// brain, with the default limits, then stores 5,000 copies of it in an
// in-memory store, and reports what one session stores and what it costs
// in heap (the figures of docs/security.md):
//
//	go test -run '^$' -bench FullSessionMemory -benchtime 1x ./chat/
func BenchmarkFullSessionMemory(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "memory.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := st.Import(ctx, demo.Generate(demo.Options{Seed: 3, Providers: 200, Now: time.Now()})); err != nil {
		b.Fatal(err)
	}
	tokens, _ := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("m"), 32)})
	desk := booking.NewDesk(st, tokens, booking.Options{})
	manager := dialogue.NewManager(dialogue.ManagerConfig{Brain: dialogue.NewEmbeddedBrain(desk.Names, 0),
		Tools: dialogue.NewRegistry(desk, dialogue.Limits{}, nil), Zones: desk.CityZone, Cities: desk.Cities})
	bookingTurns := []string{"I need a dentist in Lyon tomorrow", "the first one", "I'm Marguerite Yourcenar",
		"marguerite.yourcenar@example.org", "06 48 27 93 15", "yes"}
	for name, message := range map[string]func(i int) string{
		"LongMessages": func(int) string { return strings.Repeat("<", 1000) }, // six bytes each in JSON
		"Bookings":     func(i int) string { return bookingTurns[i%len(bookingTurns)] },
	} {
		b.Run(name, func(b *testing.B) {
			limits := rendezvous.DefaultSessionLimits()
			limits.PerClient, limits.MaxBytes = 1<<20, 1<<40 // the figures of N sessions, not the budget
			store := inmem.NewSessions(limits, nil)
			svc := chat.NewService(store, manager, tokens, chat.Limits{Sessions: limits}, nil)
			o, err := svc.Open(ctx, "192.0.2.1", "en")
			if err != nil {
				b.Fatal(err)
			}
			sent := 0
			for ; sent < 199; sent++ {
				if _, err := svc.Send(ctx, o.SessionID, o.Token, message(sent), ""); err != nil {
					b.Logf("message %d: %v", sent+1, err)
					break
				}
			}
			full, err := store.Get(ctx, o.SessionID)
			if err != nil {
				b.Fatal(err)
			}
			const n = 5000
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			copies := inmem.NewSessions(limits, nil)
			for i := range n {
				s := &rendezvous.Session{ID: fmt.Sprintf("ses_%026d", i), Client: fmt.Sprintf("192.0.%d.%d", i>>8&255, i&255), Data: full.Data}
				if err := copies.Create(ctx, s); err != nil {
					b.Fatal(err)
				}
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(copies)
			b.ReportMetric(float64(sent), "messages")
			b.ReportMetric(float64(len(full.Data)), "stored-B/session")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-B/session")
		})
	}
}
