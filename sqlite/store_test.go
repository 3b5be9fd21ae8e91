package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/storetest"
)

// openStore opens a migrated store in a fresh temporary directory.
func openStore(t *testing.T) booking.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rendezvous.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, openStore)
}

func TestOpenRefusesMemory(t *testing.T) {
	if _, err := sqlite.Open(context.Background(), ":memory:"); err == nil {
		t.Fatal("Open(:memory:) succeeded")
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	cur, latest, err := s.MigrationStatus(ctx)
	if err != nil || cur != latest || latest < 1 {
		t.Fatalf("MigrationStatus = %d, %d, %v", cur, latest, err)
	}
}

func TestMigrateRekeysOldFolds(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rekey.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.RunRekey(t, s, func(t *testing.T, id int64, nameKey, cityKey string) {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, `UPDATE providers SET name_key = ?, city_key = ? WHERE id = ?`, nameKey, cityKey, id); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWebhookContract(t *testing.T) {
	storetest.RunWebhooks(t, func(t *testing.T) storetest.WebhookStore { return openStore(t).(*sqlite.Store) })
}

func TestExternalIDContract(t *testing.T) {
	storetest.RunExternalIDs(t, func(t *testing.T) storetest.ExternalIDStore { return openStore(t).(*sqlite.Store) })
}
