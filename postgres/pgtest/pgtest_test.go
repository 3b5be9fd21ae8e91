package pgtest_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// TestURL migrates a store in a test's schema, then checks that the
// schema went with the test and that btree_gist stayed in public.
func TestURL(t *testing.T) {
	ctx := context.Background()
	var schema string
	t.Run("Test", func(t *testing.T) {
		u := pgtest.URL(t)
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		schema, _, _ = strings.Cut(parsed.Query().Get("search_path"), ",")
		if !strings.HasPrefix(schema, "rdv_test_") {
			t.Fatalf("URL %s: search_path does not name a test schema", u)
		}
		s, err := postgres.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var table *string
		if err := pgxQueryRow(t, u, `SELECT to_regclass(current_schema() || '.bookings')::text`, &table); table == nil || err != nil {
			t.Fatalf("no bookings table in the test schema (%v)", err)
		}
	})
	if schema == "" {
		return // skipped or failed
	}
	base := os.Getenv(pgtest.EnvURL)
	var left int
	if err := pgxQueryRow(t, base, `SELECT count(*) FROM pg_namespace WHERE nspname = '`+schema+`'`, &left); err != nil || left != 0 {
		t.Errorf("schema %s left behind (%d, %v)", schema, left, err)
	}
	var ext string
	if err := pgxQueryRow(t, base, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'btree_gist'`, &ext); err != nil || ext != "public" {
		t.Errorf("btree_gist is in %q (%v), want public", ext, err)
	}
}

func pgxQueryRow(t *testing.T, u, query string, dest any) error {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	return conn.QueryRow(ctx, query).Scan(dest)
}

func TestURLSkipsWithoutServer(t *testing.T) {
	if os.Getenv(pgtest.EnvURL) != "" {
		t.Skip(pgtest.EnvURL + " is set")
	}
	var skipped bool
	t.Run("Test", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		pgtest.URL(t)
	})
	if !skipped {
		t.Error("URL did not skip without a server")
	}
}

// TestURLFailsWhenUnreachable runs TestUnreachableChild in a child process
// whose server URL points nowhere: it must fail, not skip.
func TestURLFailsWhenUnreachable(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnreachableChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PGTEST_CHILD=1",
		pgtest.EnvURL+"=postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--- FAIL: TestUnreachableChild") {
		t.Errorf("child with an unreachable server did not fail (%v):\n%s", err, out)
	}
}

func TestUnreachableChild(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") == "" {
		t.Skip("runs only as TestURLFailsWhenUnreachable's child")
	}
	pgtest.URL(t)
}
