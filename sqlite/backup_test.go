package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/demo"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// seeded opens a migrated store at path with a small demo directory.
func seeded(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, demo.Generate(demo.Options{Providers: 20, Now: time.Now()})); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "rendezvous.db")
	s := seeded(t, db)
	backup := filepath.Join(dir, "backup.db")
	info, err := sqlite.Backup(ctx, db, backup)
	if err != nil {
		t.Fatal(err)
	}
	latest, _ := sqlite.LatestSchemaVersion()
	if info.SchemaVersion != latest || info.Providers != 20 || info.Bookings == 0 {
		t.Fatalf("backup info = %+v (latest schema %d)", info, latest)
	}
	if _, err := sqlite.Backup(ctx, db, backup); err == nil {
		t.Fatal("Backup overwrote an existing file")
	}

	// While the store is open, nothing replaces it.
	if _, _, err := sqlite.Restore(ctx, backup, db); !errors.Is(err, sqlite.ErrInUse) {
		t.Fatalf("Restore under an open store: %v, want ErrInUse", err)
	}
	// A change after the backup, which the restore must undo.
	conn, err := sql.Open("sqlite", db+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("DELETE FROM bookings"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	s.Close()

	got, kept, err := sqlite.Restore(ctx, backup, db)
	if err != nil {
		t.Fatal(err)
	}
	if got != info || kept == "" {
		t.Fatalf("Restore = %+v, kept %q; want %+v", got, kept, info)
	}
	if before, err := sqlite.Inspect(ctx, kept); err != nil || before.Bookings != 0 {
		t.Fatalf("the replaced database, kept: %+v, %v", before, err)
	}
	if _, err := os.Stat(db + "-wal"); err == nil {
		// A WAL left from the replaced database would be replayed onto
		// the restored one.
		t.Fatal("the replaced database's WAL is still beside the restored one")
	}
	s2, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now, err := sqlite.Inspect(ctx, db)
	if err != nil || now.Bookings != info.Bookings || now.Providers != info.Providers {
		t.Fatalf("restored database: %+v, %v; want the backup's %+v", now, err, info)
	}
}

func TestRestoreRefusesBadBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "rendezvous.db")
	seeded(t, db).Close()
	good := filepath.Join(dir, "good.db")
	if _, err := sqlite.Backup(ctx, db, good); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A page in the middle overwritten: SQLite's integrity check sees it.
	corrupt := append([]byte(nil), raw...)
	for i := len(corrupt) / 2; i < len(corrupt)/2+4096 && i < len(corrupt); i++ {
		corrupt[i] = 0xA5
	}
	newer := write("newer.db", raw)
	conn, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	tests := []struct {
		name, file, want string
	}{
		{"NotADatabase", write("text.db", []byte(strings.Repeat("not a database\n", 500))), "not a database"},
		{"Corrupt", write("corrupt.db", corrupt), ""},
		{"Missing", filepath.Join(dir, "missing.db"), "no such file"},
		{"NewerSchema", newer, "made by a newer Rendezvous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(db)
			_, _, err := sqlite.Restore(ctx, tt.file, db)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore(%s) = %v, want an error with %q", tt.name, err, tt.want)
			}
			if after, _ := os.ReadFile(db); string(after) != string(before) {
				t.Fatal("a refused restore changed the database")
			}
		})
	}
}
