package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand: the operator's path, on SQLite — a file with a bad
// line is refused whole, with the line named; --dry-run writes nothing;
// the import is idempotent; the export reads back as the same directory.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rendezvous.db"), "RENDEZVOUS_SEED_DEMO": "false"}
	good, err := os.ReadFile("../../directory/testdata/directory.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := file("bad.jsonl", string(good)+`{"external_id":"x","name":"X","kind":"plumber","city":"Lyon","timezone":"Europe/Paris","services":[],"hours":[]}`+"\n")
	_, stderr, err := runApp(t, env, "import", bad)
	if err == nil || !strings.Contains(err.Error(), "1 of 3 lines are wrong: nothing was imported") ||
		!strings.Contains(stderr, "line 4 (x) kind: must be one of") || !strings.Contains(stderr, "services: at least one service") {
		t.Fatalf("bad file: %v\n%s", err, stderr)
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"import", "--dry-run", file("good.jsonl", string(good))}, "would import 2 providers: 2 created, 0 updated, 0 unchanged"},
		{[]string{"import", filepath.Join(dir, "good.jsonl")}, "imported 2 providers: 2 created, 0 updated, 0 unchanged"},
		{[]string{"import", filepath.Join(dir, "good.jsonl")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
		{[]string{"export", filepath.Join(dir, "export.jsonl")}, ""},
		{[]string{"import", filepath.Join(dir, "export.jsonl")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
	}
	for _, s := range steps {
		out, _, err := runApp(t, env, s.args...)
		if err != nil || !strings.Contains(out, s.want) {
			t.Fatalf("%v: %q, %v", s.args, out, err)
		}
	}
	// Hours widened by an import free time, as the admin API's do: the
	// waitlist's matcher is queued (for a server's workers), one job a
	// Monday evening opened in the waitlist's horizon.
	matchers := func() int {
		t.Helper()
		db, err := sql.Open("sqlite", env["RENDEZVOUS_DATABASE_URL"])
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'waitlist.match'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := matchers(); n != 0 {
		t.Fatalf("%d matcher jobs before any time was freed", n)
	}
	wider := file("wider.jsonl", strings.Replace(string(good), `"end":"18:30"`, `"end":"19:00"`, 1))
	if out, _, err := runApp(t, env, "import", wider); err != nil || !strings.Contains(out, "1 updated") {
		t.Fatalf("import of wider hours: %q, %v", out, err)
	}
	if n := matchers(); n < 8 || n > 9 {
		t.Errorf("wider hours queued %d matcher jobs, want one a Monday for 60 days (8 or 9)", n)
	}
	exported, err := os.ReadFile(filepath.Join(dir, "export.jsonl"))
	if err != nil || strings.Count(string(exported), "\n") != 2 || !strings.Contains(string(exported), `"external_id":"clinic-42"`) {
		t.Fatalf("export: %s %v", exported, err)
	}
	if out, _ := runCommand(t, env, "seed", "--if-empty"); !strings.Contains(out, "the directory has 2 providers: nothing seeded") {
		t.Errorf("seed --if-empty after an import: %q", out)
	}
}
