package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// ErrInUse is returned by Restore while a process has the database open.
var ErrInUse = errors.New("the database is open in another process (a server, a worker or a command): stop it first")

// BackupInfo describes a backup file.
type BackupInfo struct {
	// SchemaVersion is the last migration applied to the copy.
	SchemaVersion int64
	Providers     int64
	Bookings      int64
	Bytes         int64
}

// Backup writes a consistent copy of the database at src to dst with
// VACUUM INTO, while servers go on reading and writing it: the copy is
// one read transaction's snapshot, so it holds every booking committed
// before it began and none half-written. The copy is checked (integrity
// and schema version) under a temporary name, synced, and only then
// renamed to dst, which must not exist.
func Backup(ctx context.Context, src, dst string) (BackupInfo, error) {
	if _, err := os.Stat(src); err != nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup: %s exists: choose a new name", dst)
	}
	tmp, err := tempName(dst)
	if err != nil {
		return BackupInfo{}, err
	}
	defer os.Remove(tmp) // gone once renamed; removed on any failure
	db, err := sql.Open("sqlite", dsn(src, false))
	if err != nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup %s: %w", src, err)
	}
	info, err := Inspect(ctx, tmp)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup: the copy fails its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return BackupInfo{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	return info, syncDir(filepath.Dir(dst))
}

// Inspect checks a database file without changing it: SQLite's integrity
// check, and the schema version it was migrated to. It fails on a file
// that is not a Rendezvous database.
func Inspect(ctx context.Context, path string) (BackupInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return BackupInfo{}, fmt.Errorf("%s: integrity check: %w", path, err)
	}
	if result != "ok" {
		return BackupInfo{}, fmt.Errorf("%s: integrity check: %s", path, result)
	}
	info := BackupInfo{Bytes: st.Size()}
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&info.SchemaVersion); err != nil {
		return BackupInfo{}, fmt.Errorf("%s: not a Rendezvous database (no schema version): %w", path, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM providers), (SELECT COUNT(*) FROM bookings)").Scan(&info.Providers, &info.Bookings); err != nil {
		return BackupInfo{}, fmt.Errorf("%s: not a Rendezvous database: %w", path, err)
	}
	return info, nil
}

// LatestSchemaVersion is the last migration embedded in this binary.
func LatestSchemaVersion() (int64, error) {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		var v int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}

// Restore replaces the database at dst with the backup at src. It refuses
// while any process has dst open (ErrInUse), a backup that fails its
// integrity check, and one made by a newer Rendezvous (a schema version
// past this binary's migrations); an older one is brought forward by the
// next migrate or serve. The database it replaces is kept beside it as
// dst.before-restore-<time>, with its WAL, so that nothing is lost to a
// restore of the wrong file.
func Restore(ctx context.Context, src, dst string) (info BackupInfo, kept string, err error) {
	info, err = Inspect(ctx, src)
	if err != nil {
		return BackupInfo{}, "", fmt.Errorf("sqlite: restore: %w", err)
	}
	latest, err := LatestSchemaVersion()
	if err != nil {
		return BackupInfo{}, "", err
	}
	if info.SchemaVersion > latest {
		return BackupInfo{}, "", fmt.Errorf("sqlite: restore: %s has schema version %d, made by a newer Rendezvous than this one (%d): restore it with that version", src, info.SchemaVersion, latest)
	}
	lock, err := lockFile(dst, true)
	if err != nil {
		return BackupInfo{}, "", fmt.Errorf("sqlite: restore %s: %w", dst, err)
	}
	defer lock.unlock()
	tmp, err := tempName(dst)
	if err != nil {
		return BackupInfo{}, "", err
	}
	defer os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		return BackupInfo{}, "", fmt.Errorf("sqlite: restore: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		kept = dst + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		// The WAL holds committed transactions not yet in the main file:
		// it goes with it, and must never be applied to the restored one.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return BackupInfo{}, "", fmt.Errorf("sqlite: restore: keep the current database: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return BackupInfo{}, kept, fmt.Errorf("sqlite: restore: %w", err)
	}
	return info, kept, syncDir(filepath.Dir(dst))
}

// tempName is a new file name beside path, in the same directory so that
// the final rename is atomic.
func tempName(path string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return path + ".tmp-" + hex.EncodeToString(b[:]), nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
