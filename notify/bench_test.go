package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/mailer"
	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// benchStore is a store with its job driver, either kind.
type benchStore interface {
	booking.Store
	notify.SentLog
	Migrate(ctx context.Context) error
}

// BenchmarkEmailThroughput queues the confirmations of 1,000 bookings,
// then starts the workers and times them until an SMTP server in the
// process has every message: emails per second, rendering, invite,
// SMTP session and sent record included (docs/benchmarks.md).
func BenchmarkEmailThroughput(b *testing.B) {
	for _, kind := range []string{"SQLite", "Postgres"} {
		b.Run(kind, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				benchEmails(b, kind, 1000, 20)
			}
		})
	}
}

func benchEmails(b *testing.B, kind string, n, workers int) {
	ctx := context.Background()
	var (
		st     benchStore
		runner interface {
			Run(context.Context, time.Duration) error
		}
	)
	log := slog.New(slog.DiscardHandler)
	srv := smtptest.Start(b)
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{URL: srv.URL(), From: "rdv@rendezvous.example"})
	if err != nil {
		b.Fatal(err)
	}
	tokens, _ := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("k"), 32)})
	cfg := queue.Config{Workers: workers, PollInterval: 50 * time.Millisecond, Logger: log}
	var desk *booking.Desk
	handlers := func() map[string]queue.Handler {
		return (&notify.Notifier{Bookings: desk, Sent: st, Sender: sender, Logger: log,
			Renderer: notify.Renderer{From: "rdv@rendezvous.example", PublicURL: "https://rdv.example"}}).Handlers()
	}
	switch kind {
	case "SQLite":
		s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		st = s
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		desk = booking.NewDesk(st, tokens, booking.Options{Jobs: notify.Planner{}, MaxUpcomingPerCustomer: 1 << 30})
		r, err := queue.NewRunner(s.JobDriver(), cfg, handlers())
		if err != nil {
			b.Fatal(err)
		}
		runner = r
	default:
		s, err := postgres.Open(ctx, pgtest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		st = s
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		desk = booking.NewDesk(st, tokens, booking.Options{Jobs: notify.Planner{}, MaxUpcomingPerCustomer: 1 << 30})
		r, err := queue.NewRunner(s.JobDriver(), cfg, handlers())
		if err != nil {
			b.Fatal(err)
		}
		runner = r
	}
	p := &rendezvous.Provider{Name: "Cabinet Dupont", Kind: rendezvous.KindDentist, City: "Lyon", Address: "1 place Bellecour",
		TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Minute, Horizon: 200 * 24 * time.Hour, SlotStep: 15 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 15 * time.Minute}}}
	if err := st.CreateProvider(ctx, p); err != nil {
		b.Fatal(err)
	}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := st.SetHours(ctx, p.ID, hours); err != nil {
		b.Fatal(err)
	}
	base := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	for i := range n {
		if _, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: base.Add(time.Duration(i) * 15 * time.Minute),
			Customer: rendezvous.Customer{Name: "Client Numéro", Email: fmt.Sprintf("c%d@example.org", i), Phone: "+33612345678"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.StartTimer()
	start := time.Now()
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runner.Run(rctx, 5*time.Second) }()
	srv.Wait(b, n, 5*time.Minute)
	took := time.Since(start)
	b.StopTimer()
	cancel()
	<-done
	b.ReportMetric(float64(n)/took.Seconds(), "emails/s")
}
