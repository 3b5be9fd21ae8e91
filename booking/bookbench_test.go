package booking_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

func BenchmarkBookSQLite(b *testing.B) {
	ctx := context.Background()
	s := openStore(b)
	desk := booking.NewDesk(s, newTokens(b), booking.Options{})
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	p := &rendezvous.Provider{Name: "P", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy:   rendezvous.BookingPolicy{SlotStep: 5 * time.Minute, Horizon: 700 * 24 * time.Hour},
		Services: []rendezvous.Service{{Name: "C", Duration: 5 * time.Minute}}}
	if err := desk.CreateProvider(ctx, p, hours); err != nil {
		b.Fatal(err)
	}
	start := time.Now().Truncate(24 * time.Hour).Add(48 * time.Hour)
	i := 0
	for b.Loop() {
		_, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start.Add(time.Duration(i) * 5 * time.Minute),
			Customer: rendezvous.Customer{Name: "A", Email: fmt.Sprintf("a%d@example.com", i), Phone: "0612345678"}})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkBookSQLiteParallel(b *testing.B) {
	ctx := context.Background()
	s := openStore(b)
	desk := booking.NewDesk(s, newTokens(b), booking.Options{})
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	var ps []*rendezvous.Provider
	for range 16 {
		p := &rendezvous.Provider{Name: "P", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Languages: []string{"fr"},
			Policy:   rendezvous.BookingPolicy{SlotStep: 5 * time.Minute, Horizon: 700 * 24 * time.Hour},
			Services: []rendezvous.Service{{Name: "C", Duration: 5 * time.Minute}}}
		if err := desk.CreateProvider(ctx, p, hours); err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	start := time.Now().Truncate(24 * time.Hour).Add(48 * time.Hour)
	var n atomic.Int64
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			p := ps[i%16]
			_, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start.Add(time.Duration(i/16) * 5 * time.Minute),
				Customer: rendezvous.Customer{Name: "A", Email: fmt.Sprintf("a%d@example.com", i), Phone: "0612345678"}})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
