package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// directory generates a directory of n providers spread over five kinds
// and ten cities, each open on weekdays with two services and perProvider
// back-to-back one-hour bookings from 2026-11-23 on.
func directory(n, perProvider int) func(yield func(*rendezvous.DirectoryEntry) bool) {
	return func(yield func(*rendezvous.DirectoryEntry) bool) {
		base := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		var hours rendezvous.WeeklyHours
		for d := time.Monday; d <= time.Friday; d++ {
			hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 9 * 60, End: 18 * 60})
		}
		for i := int64(1); i <= int64(n); i++ {
			e := &rendezvous.DirectoryEntry{Hours: hours, Provider: rendezvous.Provider{
				ID: i, Name: fmt.Sprintf("Cabinet %d", i), Kind: rendezvous.Kinds()[i%5], City: fmt.Sprintf("Ville %d", i%7),
				TimeZone: "Europe/Paris", Languages: []string{"fr"}, Policy: rendezvous.DefaultPolicy(),
				Services: []rendezvous.Service{
					{ID: 2*i - 1, ProviderID: i, Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500},
					{ID: 2 * i, ProviderID: i, Name: "Contrôle", Duration: 45 * time.Minute, PriceCents: 4000},
				},
			}}
			for j := range perProvider {
				start := base.Add(time.Duration(j) * time.Hour)
				e.Bookings = append(e.Bookings, rendezvous.Booking{
					ID: fmt.Sprintf("RDV-%d-%d", i, j), ServiceID: 2*i - 1, Start: start, End: start.Add(30 * time.Minute),
					BlockedUntil: start.Add(30 * time.Minute), Status: rendezvous.StatusBooked, CreatedAt: base, UpdatedAt: base,
					Customer: rendezvous.Customer{Name: "Demo", Email: fmt.Sprintf("c%d@example.invalid", j), Phone: "+33199000000"},
				})
			}
			if !yield(e) {
				return
			}
		}
	}
}

// BenchmarkImport loads 5,000 providers and 100,000 bookings, a tenth of
// the demo directory.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, _ := openWithURL(b)
		b.StartTimer()
		if err := s.Import(ctx, directory(5_000, 20)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBusySpans reads a week of busy spans of a city's 143 dentists
// among 5,000 providers with 100 bookings each.
func BenchmarkBusySpans(b *testing.B) {
	ctx := context.Background()
	s, _ := openWithURL(b)
	if err := s.Import(ctx, directory(5_000, 100)); err != nil {
		b.Fatal(err)
	}
	group, err := s.Group(ctx, rendezvous.KindDentist, "Ville 1", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil || len(group) != 143 {
		b.Fatalf("Group = %d providers, %v", len(group), err)
	}
	ids := make([]int64, len(group))
	for i, ps := range group {
		ids[i] = ps.Provider.ID
	}
	from := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		spans, err := s.BusySpans(ctx, ids, from, from.AddDate(0, 0, 7))
		if err != nil || len(spans) != len(ids) {
			b.Fatalf("BusySpans = %d providers, %v", len(spans), err)
		}
	}
}

// BenchmarkGroup fills the search cache for a city's 143 dentists.
func BenchmarkGroup(b *testing.B) {
	ctx := context.Background()
	s, _ := openWithURL(b)
	if err := s.Import(ctx, directory(5_000, 0)); err != nil {
		b.Fatal(err)
	}
	since := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		group, err := s.Group(ctx, rendezvous.KindDentist, "Ville 1", since)
		if err != nil || len(group) != 143 {
			b.Fatalf("Group = %d providers, %v", len(group), err)
		}
	}
}
