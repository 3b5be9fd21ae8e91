package abuse_test

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// store is a database a scenario runs on.
type store struct {
	name string
	// open returns the RENDEZVOUS_DATABASE_URL of a fresh database with a
	// small demo directory.
	open func(t *testing.T) string
}

// stores are the two databases: SQLite always, PostgreSQL when
// RENDEZVOUS_TEST_POSTGRES_URL is set (skipped otherwise). The scenarios
// that push bad input into the database run on both, since each has its
// own way of refusing what it cannot store.
func stores() []store {
	return []store{
		{"SQLite", func(t *testing.T) string { return sqliteDB(t, 20) }},
		{"Postgres", func(t *testing.T) string {
			url := pgtest.URL(t)
			runCommand(t, map[string]string{"RENDEZVOUS_DATABASE_URL": url}, "seed", "--providers", "20")
			return url
		}},
	}
}

// templates caches seeded SQLite databases, one per directory size, so
// that the suite seeds each size once and every test gets its own copy.
var templates struct {
	dir   string
	mu    sync.Mutex
	paths map[int]string
}

// sqliteDB returns the path of a fresh SQLite database in t's temporary
// directory, holding the demo directory of the given number of providers
// (none if 0) and migrated.
func sqliteDB(t testing.TB, providers int) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "rendezvous.db")
	src := seededTemplate(t, providers)
	if err := copyFile(dst, src); err != nil {
		t.Fatal(err)
	}
	return dst
}

func seededTemplate(t testing.TB, providers int) string {
	t.Helper()
	templates.mu.Lock()
	defer templates.mu.Unlock()
	if p, ok := templates.paths[providers]; ok {
		return p
	}
	p := filepath.Join(templates.dir, "seed-"+strconv.Itoa(providers)+".db")
	// The seed command closes the database, checkpointing its WAL: the
	// file alone is the whole database.
	runCommand(t, map[string]string{"RENDEZVOUS_DATABASE_URL": p}, "seed", "--providers", strconv.Itoa(providers))
	if templates.paths == nil {
		templates.paths = map[int]string{}
	}
	templates.paths[providers] = p
	return p
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
