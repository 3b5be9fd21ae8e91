package directory_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/directory"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

var now = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

// TestParseErrors: every bad line is reported with its number and the
// field at fault, good lines around it are kept.
func TestParseErrors(t *testing.T) {
	good := `{"external_id":"p1","name":"A","kind":"dentist","city":"Lyon","timezone":"Europe/Paris","services":[{"external_id":"s","name":"C","duration_minutes":30,"price_cents":0}],"hours":[]}`
	with := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	tests := []struct {
		name, line, want string
	}{
		{"NotJSON", `{"external_id":`, "json: not valid JSON"},
		{"UnknownField", with(`"city"`, `"town":"x","city"`), `json: unknown field "town"`},
		{"WrongType", with(`"duration_minutes":30`, `"duration_minutes":"30"`), "json: services.duration_minutes must be a int"},
		{"NoExternalID", with(`"external_id":"p1"`, `"external_id":""`), "external_id: is required"},
		{"SlashInID", with(`"external_id":"p1"`, `"external_id":"a/b"`), "external_id: must be at most"},
		{"BadKind", with(`"dentist"`, `"plumber"`), "kind: must be one of"},
		{"BadZone", with(`Europe/Paris`, `Europe/Lyon`), "timezone: must be an IANA time zone"},
		{"NoService", with(`[{"external_id":"s","name":"C","duration_minutes":30,"price_cents":0}]`, `[]`), "services: at least one"},
		{"BadDuration", with(`"duration_minutes":30`, `"duration_minutes":0`), "services[0].duration_minutes: must be whole minutes"},
		{"BadWeekday", with(`"hours":[]`, `"hours":[{"weekday":"mon","start":"09:00","end":"12:00"}]`), "hours[0].weekday: must be a day"},
		{"OverlappingHours", with(`"hours":[]`, `"hours":[{"weekday":"monday","start":"09:00","end":"12:00"},{"weekday":"monday","start":"11:00","end":"13:00"}]`), "hours[1]: intervals overlap on Monday"},
		{"BadTimeOff", with(`"hours":[]`, `"hours":[],"time_off":[{"start":"24/12/2026","end":"2026-12-27"}]`), "time_off[0].start: start and end must be times such as 2026-12-24 09:00"},
		{"TimeOffEndsBeforeItStarts", with(`"hours":[]`, `"hours":[],"time_off":[{"start":"2026-12-24 10:00","end":"2026-12-24 09:00"}]`), "time_off[0].end: must be after start"},
		{"BadHoursIndexKept", with(`"hours":[]`, `"hours":[{"weekday":"monday","start":"9h","end":"12:00"},{"weekday":"monday","start":"09:00","end":"12:00"},{"weekday":"monday","start":"11:00","end":"13:00"}]`), "hours[0].start: start and end must be times such as 09:00 and 12:30; hours[2]: intervals overlap on Monday"},
		{"ControlInName", with(`"name":"A"`, `"name":"A\u0000"`), "name: must not contain control characters"},
		{"TwoObjects", good + good, "more than one object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "# a comment\n" + good + "\n\n" + tt.line + "\n" + with(`"p1"`, `"p9"`) + "\n"
			rows, bad, err := directory.Parse(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || len(bad) != 1 {
				t.Fatalf("%d rows, %d errors (%v): want 2 and 1", len(rows), len(bad), bad)
			}
			if msg := bad[0].Error(); !strings.HasPrefix(msg, "line 4") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q: want line 4 and %q", msg, tt.want)
			}
			if rows[0].Line != 2 || rows[1].Line != 5 {
				t.Errorf("rows on lines %d and %d, want 2 and 5", rows[0].Line, rows[1].Line)
			}
		})
	}
	_, bad, _ := directory.Parse(strings.NewReader(good + "\n" + good + "\n"))
	if len(bad) != 1 || !strings.Contains(bad[0].Error(), "line 2 (p1) external_id: already used on line 1") {
		t.Errorf("duplicate id: %v", bad)
	}
}

func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile("testdata/directory.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"external_id":"x","services":[{}],"hours":[{}],"time_off":[{}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, bad, err := directory.Parse(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.ExternalID == "" || len(r.Provider.Services) == 0 || len(r.ServiceIDs) != len(r.Provider.Services) {
				t.Fatalf("an invalid row passed: %+v", r)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || len(b.Fields) == 0 {
				t.Fatalf("a line error without line or field: %+v", b)
			}
		}
	})
}

type storeCase struct {
	name string
	open func(t *testing.T) store
}

// store is a store an import writes to, and a desk works on.
type store interface {
	directory.Store
	booking.Store
}

// freedSpans is the waitlist's planner as a recorder of the spans of
// provider time that changes free.
type freedSpans struct{ got []rendezvous.Span }

func (f *freedSpans) Freed(_ int64, span rendezvous.Span, _ time.Time) []booking.Job {
	f.got = append(f.got, span)
	return nil
}

func (f *freedSpans) take() []rendezvous.Span {
	out := f.got
	f.got = nil
	return out
}

func stores() []storeCase {
	return []storeCase{
		{"SQLite", func(t *testing.T) store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "rendezvous.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"Postgres", func(t *testing.T) store {
			s, err := postgres.Open(context.Background(), pgtest.URL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			return s
		}},
	}
}

// TestImportExportRoundTrip, on both stores: a dry run writes nothing;
// the import creates; a second import changes nothing; an export read
// back gives the same entries; a changed file updates in place (no
// duplicate), and its export shows the change.
func TestImportExportRoundTrip(t *testing.T) {
	raw, err := os.ReadFile("testdata/directory.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			ctx := context.Background()
			st := sc.open(t)
			rows, bad, err := directory.Parse(bytes.NewReader(raw))
			if err != nil || len(bad) > 0 || len(rows) != 2 {
				t.Fatalf("parse: %d rows, %v, %v", len(rows), bad, err)
			}
			// Hours and time off change through a desk, as the admin API's
			// do: what they free is planned for the waitlist.
			freed := &freedSpans{}
			desk := booking.NewDesk(st, nil, booking.Options{Freed: freed, Now: func() time.Time { return now }})
			step := func(name string, rows []directory.Row, dry bool, want directory.Report) {
				t.Helper()
				got, err := directory.Import(ctx, st, desk, rows, now, dry)
				if err != nil || got != want {
					t.Fatalf("%s: %+v, %v; want %+v", name, got, err, want)
				}
				if name != "changed file" {
					if spans := freed.take(); len(spans) != 0 {
						t.Errorf("%s freed %v, want nothing", name, spans)
					}
				}
			}
			step("dry run", rows, true, directory.Report{Created: 2})
			if ps, _ := st.Providers(ctx, rendezvousFilter()); len(ps) != 0 {
				t.Fatalf("the dry run wrote %d providers", len(ps))
			}
			step("import", rows, false, directory.Report{Created: 2})
			step("again", rows, false, directory.Report{Unchanged: 2})

			var out bytes.Buffer
			if n, err := directory.Export(ctx, st, &out, now); err != nil || n != 2 {
				t.Fatalf("export: %d, %v", n, err)
			}
			back, bad, err := directory.Parse(&out)
			if err != nil || len(bad) > 0 {
				t.Fatalf("the export does not parse: %v %v\n%s", bad, err, out.String())
			}
			if diff := cmp.Diff(rows, back, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }), cmpIgnoreLine()); diff != "" {
				t.Errorf("export differs from the imported file (-imported +exported):\n%s", diff)
			}
			step("export imported back", back, false, directory.Report{Unchanged: 2})

			changed := strings.Replace(string(raw), `"price_cents":3000`, `"price_cents":3500`, 1)
			changed = strings.Replace(changed, `"end":"18:30"`, `"end":"19:00"`, 1)
			changed = strings.Replace(changed, `,"time_off":[{"start":"2099-12-24T00:00:00+01:00","end":"2099-12-27T00:00:00+01:00","reason":"Noël"}]`, ``, 1)
			changed = strings.Replace(changed, `"price_cents":4500}]`, `"price_cents":4500},{"external_id":"brushing","name":"Brushing","duration_minutes":30,"price_cents":3000}]`, 1)
			rows2, bad, _ := directory.Parse(strings.NewReader(changed))
			if len(bad) > 0 {
				t.Fatal(bad)
			}
			step("changed file, dry run", rows2, true, directory.Report{Updated: 2})
			step("changed file", rows2, false, directory.Report{Updated: 2})
			// Monday's hours widened to 19:00 free each Monday's 18:30 in the
			// waitlist's horizon; Christmas off removed frees its days.
			paris, _ := time.LoadLocation("Europe/Paris")
			var mondays, christmas int
			for _, span := range freed.take() {
				start, end := span.Start.In(paris), span.End.In(paris)
				switch {
				case start.Weekday() == time.Monday && start.Format("15:04") == "18:30" && end.Format("15:04") == "19:00":
					mondays++
				case start.Equal(time.Date(2099, 12, 24, 0, 0, 0, 0, paris)) && end.Equal(time.Date(2099, 12, 27, 0, 0, 0, 0, paris)):
					christmas++
				default:
					t.Errorf("the changed file freed %s–%s, which it did not open", start, end)
				}
			}
			if mondays < 8 || mondays > 9 || christmas != 1 {
				t.Errorf("the changed file freed %d Monday evenings and Christmas %d times; want 8 or 9 (60 days) and once", mondays, christmas)
			}
			step("changed file again", rows2, false, directory.Report{Unchanged: 2})
			out.Reset()
			if _, err := directory.Export(ctx, st, &out, now); err != nil {
				t.Fatal(err)
			}
			back2, _, _ := directory.Parse(&out)
			if diff := cmp.Diff(rows2, back2, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }), cmpIgnoreLine()); diff != "" {
				t.Errorf("after the update (-file +exported):\n%s", diff)
			}
		})
	}
}
