package sqlite_test

import (
	"context"
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
