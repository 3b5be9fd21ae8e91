package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/storetest"
)

// twoInstances opens two stores on one schema, each with its desk, its
// index and its change feed: two instances of Rendezvous on one database.
func twoInstances(t *testing.T, now time.Time) (*postgres.Store, string, []storetest.Instance) {
	t.Helper()
	a, url := openWithURL(t)
	b, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	insts := []storetest.Instance{
		storetest.NewInstance(t, a, a.Feed(), now),
		storetest.NewInstance(t, b, b.Feed(), now),
	}
	for _, in := range insts {
		waitReady(t, in.Index, now)
	}
	return a, url, insts
}

func waitReady(t *testing.T, idx *booking.Index, now time.Time) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !idx.Ready(now) {
		if time.Now().After(deadline) {
			t.Fatal("the index did not become ready in 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestIndexesAcrossInstances is the property of the availability index
// across instances: after random bookings, cancellations, reschedules,
// time off and hours changes, each made on either instance, both answer as
// the database does once their feeds have caught up, and no slot is ever
// booked twice.
func TestIndexesAcrossInstances(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	s, _, insts := twoInstances(t, now)
	var lags []time.Duration
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			lags = append(lags, storetest.IndexProperty(t, s, insts, seed, 40)...)
		})
	}
	slices.Sort(lags)
	if len(lags) > 0 {
		t.Logf("%d changes: caught up in p50 %s, p99 %s, max %s", len(lags),
			lags[len(lags)/2], lags[len(lags)*99/100], lags[len(lags)-1])
	}
}

// TestIndexResyncsAfterReconnect cuts the feeds' connections: an instance
// stops answering from its index (reads the store) until the feed listens
// again and the index is rebuilt, and the change made meanwhile on the
// other instance is in it.
func TestIndexResyncsAfterReconnect(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	s, url, insts := twoInstances(t, now)
	p := &rendezvous.Provider{Name: "Feed", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Hour, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := insts[0].Desk.CreateProvider(ctx, p, rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60}}); err != nil {
		t.Fatal(err)
	}
	storetest.CheckIndexes(t, s, insts, now, 5*time.Second)

	// Cut both instances' listening connections from the server's side.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN ' || quote_ident('rendezvous.' || current_schema())`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("terminated %d listening connections, want 2", n)
	}
	start := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC) // 09:00 in Paris
	c, err := insts[0].Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start,
		Customer: rendezvous.Customer{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+33612345678"}})
	if err != nil {
		t.Fatal(err)
	}
	lag := storetest.CheckIndexes(t, s, insts, now, 10*time.Second)
	t.Logf("caught up %s after the cut", lag)
	got := insts[1].Index.Spans(p.ID, now, now.Add(48*time.Hour), nil)
	want := []rendezvous.Span{{Start: c.Booking.Start, End: c.Booking.BlockedUntil}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
		t.Errorf("instance 1's spans after the reconnect (-want +got):\n%s", diff)
	}
}

func TestParseChange(t *testing.T) {
	tests := []struct {
		payload string
		want    booking.Change
		wantErr bool
	}{
		{"b:1,22,333", booking.Change{Providers: []int64{1, 22, 333}}, false},
		{"b:*", booking.Change{AllProviders: true}, false},
		{"s", booking.Change{Schedules: true}, false},
		{"b:", booking.Change{}, true},
		{"b:1,x", booking.Change{}, true},
		{"z", booking.Change{}, true},
	}
	for _, tt := range tests {
		got, err := postgres.ParseChange(tt.payload)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseChange(%q) error = %v, want error %v", tt.payload, err, tt.wantErr)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseChange(%q) (-want +got):\n%s", tt.payload, diff)
		}
	}
}

// BenchmarkFeedStaleness measures how long a booking made on one instance
// takes to reach the other's index: from the moment the booking returns on
// instance 0 to the moment instance 1's index holds its span. Each op is
// one booking, then its cancellation (also timed).
func BenchmarkFeedStaleness(b *testing.B) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Hour).Add(-time.Hour)
	a, url := openWithURL(b)
	other, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { other.Close() })
	writer := storetest.NewInstance(b, a, a.Feed(), now)
	reader := storetest.NewInstance(b, other, other.Feed(), now)
	for _, in := range []storetest.Instance{writer, reader} {
		deadline := time.Now().Add(10 * time.Second)
		for !in.Index.Ready(now) {
			if time.Now().After(deadline) {
				b.Fatal("the index did not become ready in 10 s")
			}
			time.Sleep(time.Millisecond)
		}
	}
	p := &rendezvous.Provider{Name: "Stale", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "UTC", Languages: []string{"en"},
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Minute, Horizon: 365 * 24 * time.Hour, SlotStep: 5 * time.Minute},
		Services: []rendezvous.Service{{Name: "Check-up", Duration: 5 * time.Minute}}}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := writer.Desk.CreateProvider(ctx, p, hours); err != nil {
		b.Fatal(err)
	}
	holds := func(start time.Time) bool {
		for _, s := range reader.Index.Spans(p.ID, start, start.Add(time.Minute), nil) {
			if s.Start.Equal(start) {
				return true
			}
		}
		return false
	}
	wait := func(want bool, start time.Time) time.Duration {
		t0 := time.Now()
		for holds(start) != want {
			if time.Since(t0) > 10*time.Second {
				b.Fatalf("instance 1 did not see the change in 10 s")
			}
			time.Sleep(50 * time.Microsecond)
		}
		return time.Since(t0)
	}
	var lags []time.Duration
	i := 0
	for b.Loop() {
		start := now.Add(24*time.Hour + time.Duration(i)*10*time.Minute)
		i++
		c, err := writer.Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start,
			Customer: rendezvous.Customer{Name: "Ada Lovelace", Email: fmt.Sprintf("ada%d@example.com", i), Phone: fmt.Sprintf("+336%08d", i)}})
		if err != nil {
			b.Fatal(err)
		}
		lags = append(lags, wait(true, start))
		if _, err := writer.Desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
			b.Fatal(err)
		}
		lags = append(lags, wait(false, start))
	}
	slices.Sort(lags)
	b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lags[(len(lags)-1)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lags[len(lags)-1].Microseconds())/1000, "max-ms")
}
