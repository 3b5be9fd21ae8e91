package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// TestErasureLeavesNoBytes reads the database file itself after an
// erasure and a checkpoint: the customer's details must be overwritten,
// not merely unlinked (secure_delete), or anyone with a copy of the file
// would read them back from its free space.
func TestErasureLeavesNoBytes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "erase.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := &rendezvous.Provider{Name: "Cabinet", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Policy: rendezvous.DefaultPolicy(),
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := s.SetHours(ctx, p.ID, hours); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	customer := rendezvous.Customer{Name: "Zéphyrin Quarkbottle", Email: "zephyrin.quarkbottle@example.com", Phone: "+33698765432"}
	b := &rendezvous.Booking{ID: "RDV-ERASEBYTES", ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: now.Add(24 * time.Hour), Customer: customer}
	if err := s.CreateBooking(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseBooking(ctx, b.ID, 0, now); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"Quarkbottle", customer.Email, customer.Phone} {
		if bytes.Contains(raw, []byte(v)) {
			t.Errorf("the database file still holds %q after the erasure", v)
		}
	}
}
