// Package pgtest gives each test its own PostgreSQL schema, so that tests
// of the postgres store and of everything built on it (the HTTP end-to-end
// tests) run against a real server without seeing each other's data.
//
// The server comes from RENDEZVOUS_TEST_POSTGRES_URL. When that is unset
// the tests are skipped; when it is set, a server that cannot be reached
// fails them: CI must not go green by skipping.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable holding the test server's URL,
// e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvURL = "RENDEZVOUS_TEST_POSTGRES_URL"

// setupTimeout bounds each of the set-up and clean-up steps.
const setupTimeout = 30 * time.Second

// extensionLock is the advisory lock taken while making sure btree_gist
// exists, so that test processes starting together do not race to create
// it.
const extensionLock = 0x52445654455354 // "RDVTEST"

// URL returns a connection URL for a new, empty schema of the test
// database, dropped with everything in it when t ends. The URL sets
// search_path to that schema and then public, where the btree_gist
// extension lives: URL installs it there if it is missing, so that no test
// schema ever owns it and dropping one never drops it. URL skips t when
// RENDEZVOUS_TEST_POSTGRES_URL is unset and fails it when the server
// cannot be reached.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skip(EnvURL + " not set: skipping PostgreSQL tests")
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect to the server in %s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if err := ensureExtension(ctx, conn); err != nil {
		t.Fatalf("pgtest: btree_gist: %v", err)
	}
	schema := "rdv_test_" + randomSuffix()
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create schema %s: %v", schema, err)
	}
	t.Cleanup(func() { dropSchema(t, base, schema) })
	u, err := withSearchPath(base, schema)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	return u
}

// ensureExtension installs btree_gist in public, or moves it there from
// another schema (which dropping would take the extension with it).
func ensureExtension(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(extensionLock)); err != nil {
			return err
		}
		var schema *string
		err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = 'btree_gist'`).Scan(&schema)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			_, err = tx.Exec(ctx, `CREATE EXTENSION btree_gist SCHEMA public`)
			return err
		case err != nil:
			return err
		case *schema != "public":
			_, err = tx.Exec(ctx, `ALTER EXTENSION btree_gist SET SCHEMA public`)
			return err
		}
		return nil
	})
}

// dropSchema drops a test's schema and everything in it.
func dropSchema(t testing.TB, base, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Errorf("pgtest: drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
		t.Errorf("pgtest: drop schema %s: %v", schema, err)
	}
}

// withSearchPath adds search_path=<schema>,public to a URL or keyword/value
// connection string; pgx sends unknown parameters to the server as
// run-time parameters.
func withSearchPath(base, schema string) (string, error) {
	path := schema + ",public"
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return base + " search_path=" + path, nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", path)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// randomSuffix returns 16 lower-case hex digits: a schema name needs no
// quoting, in SQL or in search_path.
func randomSuffix() string {
	var b [8]byte
	rand.Read(b[:]) // never fails
	return hex.EncodeToString(b[:])
}
