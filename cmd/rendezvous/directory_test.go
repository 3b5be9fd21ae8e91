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

// TestImportCommandCSV: the spreadsheet operator's path, on SQLite — the
// four files as French Excel saves them, with a bad row, are refused
// whole with the file, line and column named, and nothing is written;
// --dry-run writes nothing; the files or their directory import,
// idempotently; a CSV export imports back unchanged; mistakes on the
// command line are clear.
func TestImportCommandCSV(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rendezvous.db"), "RENDEZVOUS_SEED_DEMO": "false"}
	names := []string{"providers.csv", "services.csv", "hours.csv", "time_off.csv"}
	// excel writes the documented files as French Excel does: a byte order
	// mark, semicolons, CRLF.
	excel := func(sub string, edit func(name, text string) string) []string {
		d := filepath.Join(dir, sub)
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, name := range names {
			b, err := os.ReadFile(filepath.Join("../../directory/testdata/csv", name))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.NewReplacer(",", ";", "République; ", "République, ", "Intendance; ", "Intendance, ").Replace(string(b))
			text = "\ufeff" + strings.ReplaceAll(edit(name, text), "\n", "\r\n")
			p := filepath.Join(d, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		return paths
	}
	good := excel("good", func(_, text string) string { return text })
	bad := excel("bad", func(name, text string) string {
		switch name {
		case "providers.csv":
			return strings.Replace(text, "dentist", "plumber", 1)
		case "services.csv":
			return strings.Replace(text, ";45;4500", ";45;45,00", 1)
		}
		return text
	})
	_, stderr, err := runApp(t, env, append([]string{"import"}, bad...)...)
	if err == nil || !strings.Contains(err.Error(), "2 rows are wrong: nothing was imported") ||
		!strings.Contains(stderr, "providers.csv line 2 (clinic-42) kind: must be one of") ||
		!strings.Contains(stderr, "services.csv line 4 (salon-7) price_cents: must be a whole number of cents") {
		t.Fatalf("bad files: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(env["RENDEZVOUS_DATABASE_URL"]); !os.IsNotExist(err) {
		t.Fatalf("refused files opened the database: %v", err)
	}
	steps := []struct {
		args []string
		want string
	}{
		{append([]string{"import", "--dry-run"}, good...), "would import 2 providers: 2 created, 0 updated, 0 unchanged"},
		{[]string{"import", "--dry-run", filepath.Join(dir, "good")}, "would import 2 providers: 2 created, 0 updated, 0 unchanged"},
		{append([]string{"import"}, good...), "imported 2 providers: 2 created, 0 updated, 0 unchanged"},
		{[]string{"import", filepath.Join(dir, "good")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
		{[]string{"export", "--format", "csv", filepath.Join(dir, "export")}, ""},
		{[]string{"import", filepath.Join(dir, "export")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
		{[]string{"export", "--format", "csv", "--separator", ";", filepath.Join(dir, "export-fr")}, ""},
		{[]string{"import", "--format", "csv", filepath.Join(dir, "export-fr")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
		{[]string{"export", filepath.Join(dir, "export.jsonl")}, ""},
		{[]string{"import", filepath.Join(dir, "export.jsonl")}, "imported 2 providers: 0 created, 0 updated, 2 unchanged"},
	}
	for _, s := range steps {
		out, stderr, err := runApp(t, env, s.args...)
		if err != nil || !strings.Contains(out, s.want) {
			t.Fatalf("%v: %q, %v\n%s", s.args, out, err, stderr)
		}
	}
	fr, err := os.ReadFile(filepath.Join(dir, "export-fr", "providers.csv"))
	if err != nil || !strings.HasPrefix(string(fr), "\ufeffprovider_id;name;kind;city;timezone;") || !strings.Contains(string(fr), "clinic-42;Cabinet Dentaire du Parc;dentist;Lyon") {
		t.Errorf("export with ;: %q %v", fr, err)
	}
	mistakes := []struct {
		name string
		args []string
		want string
	}{
		{"OneCSVFile", []string{"import", good[0]}, "a CSV import takes four files"},
		{"UnknownFormat", []string{"import", "--format", "xml", good[0]}, `--format "xml": want jsonl or csv`},
		{"JSONLinesAsCSV", []string{"import", "--format", "csv", filepath.Join(dir, "export.jsonl")}, "export.jsonl: this is JSON, not CSV"},
		{"CSVFromStdin", []string{"import", "--format", "csv", "-"}, "CSV files cannot be read from standard input"},
		{"TwoJSONLinesFiles", []string{"import", filepath.Join(dir, "export.jsonl"), filepath.Join(dir, "export.jsonl")}, "a JSON Lines import takes one file"},
		{"EmptyDirectory", []string{"import", t.TempDir()}, "has no .csv file"},
		{"ExportOverADirectory", []string{"export", "--format", "csv", filepath.Join(dir, "export")}, "file exists"},
		{"ExportCSVToStdout", []string{"export", "--format", "csv"}, "usage: rendezvous export --format csv"},
		{"BadSeparator", []string{"export", "--format", "csv", "--separator", "|", filepath.Join(dir, "x")}, `--separator "|": want , or ;`},
	}
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			_, _, err := runApp(t, env, m.args...)
			if err == nil || !strings.Contains(err.Error(), m.want) {
				t.Errorf("%v: %v, want %q", m.args, err, m.want)
			}
		})
	}
}
