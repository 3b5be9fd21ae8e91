package directory_test

import (
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/directory"
)

// csvSet is the four files of a CSV import, by name.
type csvSet map[string]string

func readCSVSet(t testing.TB) csvSet {
	set := csvSet{}
	for _, name := range []string{"providers.csv", "services.csv", "hours.csv", "time_off.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "csv", name))
		if err != nil {
			t.Fatal(err)
		}
		set[name] = string(b)
	}
	return set
}

func (s csvSet) files() []directory.CSVFile {
	var out []directory.CSVFile
	for _, name := range slices.Sorted(maps.Keys(s)) {
		out = append(out, directory.CSVFile{Name: name, R: strings.NewReader(s[name])})
	}
	return out
}

// with returns a copy with one file's text changed.
func (s csvSet) with(name, old, new string) csvSet {
	c := maps.Clone(s)
	c[name] = strings.Replace(c[name], old, new, 1)
	return c
}

// withAll changes every file.
func (s csvSet) withAll(old, new string) csvSet {
	c := maps.Clone(s)
	for name, text := range c {
		c[name] = strings.ReplaceAll(text, old, new)
	}
	return c
}

func jsonlRows(t *testing.T) []directory.Row {
	raw, err := os.ReadFile("testdata/directory.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rows, bad, err := directory.Parse(bytes.NewReader(raw))
	if err != nil || len(bad) > 0 {
		t.Fatal(bad, err)
	}
	return rows
}

var cmpRows = []cmp.Option{cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }), cmpopts.IgnoreFields(directory.Row{}, "Line", "File")}

// TestParseCSVAsSpreadsheetsWriteIt: the documented CSV files read as the
// same directory as the JSON Lines file, and so do they as Excel and
// other spreadsheets write them — byte order mark, CRLF, semicolons,
// quoted cells, columns in another order and case, empty rows and
// columns left behind, one-digit hours, the files in any order.
func TestParseCSVAsSpreadsheetsWriteIt(t *testing.T) {
	want := jsonlRows(t)
	base := readCSVSet(t)
	each := func(f func(name, text string) string) csvSet {
		out := csvSet{}
		for name, text := range base {
			out[name] = f(name, text)
		}
		return out
	}
	semicolons := func(_, text string) string {
		text = strings.ReplaceAll(text, ",", ";")
		// the addresses' commas were inside quotes: give them back
		return strings.NewReplacer("République; ", "République, ", "Intendance; ", "Intendance, ").Replace(text)
	}
	tests := []struct {
		name string
		set  csvSet
	}{
		{"AsDocumented", base},
		{"ExcelUTF8", each(func(_, text string) string { return "\ufeff" + strings.ReplaceAll(text, "\n", "\r\n") })},
		{"FrenchExcel", each(func(n, text string) string {
			return "\ufeff" + strings.ReplaceAll(semicolons(n, text), "\n", "\r\n")
		})},
		{"Tabs", each(func(_, text string) string {
			text = strings.ReplaceAll(text, ",", "\t")
			return strings.NewReplacer("République\t ", "République, ", "Intendance\t ", "Intendance, ").Replace(text)
		})},
		{"EverythingQuoted", base.with("services.csv", "clinic-42,consult,Consultation,30,3000", `"clinic-42","consult","Consultation","30","3000"`).
			with("providers.csv", "Salon Léa", `"Salon Léa"`)},
		{"HeaderInOtherOrderAndCase", base.with("hours.csv", "provider_id,weekday,start,end\nclinic-42,monday,09:00,12:00",
			"Weekday,Provider ID, START ,end\nmonday,clinic-42,09:00,12:00").with("hours.csv", "clinic-42,monday,14:00", "monday,clinic-42,14:00").
			with("hours.csv", "clinic-42,thursday,08:30", "thursday,clinic-42,08:30").with("hours.csv", "salon-7,tuesday,10:00", "tuesday,salon-7,10:00").
			with("hours.csv", "salon-7,saturday,09:00", "saturday,salon-7,09:00")},
		{"EmptyRowsAndColumnsLeftBehind", base.with("services.csv", "price_cents\n", "price_cents,,\n,,,,,,\n").
			with("services.csv", "salon-7,coupe,Coupe femme,45,4500", "salon-7,coupe,Coupe femme,45,4500,,\n,,,,")},
		{"SpreadsheetTimes", base.with("hours.csv", "09:00,12:00", "9:00,12:00:00").with("time_off.csv", "2099-12-24,2099-12-26", "2099-12-24 00:00,2099-12-27T00:00")},
		{"RFC3339TimeOff", base.with("time_off.csv", "2099-12-24,2099-12-26", "2099-12-24T00:00:00+01:00,2099-12-26T23:00:00Z")},
		{"LanguagesWithCommas", base.with("providers.csv", ",fr en,", `,"fr, en",`)},
		{"FilesNamedAsPleased", csvSet{"Cabinet - Feuille 1.csv": base["providers.csv"], "b.csv": base["services.csv"], "c.CSV": base["hours.csv"], "Absences.csv": base["time_off.csv"]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, err := directory.ParseCSV(tt.set.files())
			if err != nil || len(bad) > 0 {
				t.Fatalf("%v %v", bad, err)
			}
			if diff := cmp.Diff(want, rows, cmpRows...); diff != "" {
				t.Errorf("(-jsonl +csv):\n%s", diff)
			}
		})
	}
	rows, _, _ := directory.ParseCSV(base.files())
	for _, r := range rows {
		if !strings.HasSuffix(r.File, "providers.csv") || r.Line < 2 {
			t.Errorf("row %s at %s line %d", r.ExternalID, r.File, r.Line)
		}
	}
}

// TestParseCSVRowErrors: a bad row is reported with its file, line,
// provider and column, the other providers' rows are kept, and a provider
// with any bad row of any file is left out.
func TestParseCSVRowErrors(t *testing.T) {
	base := readCSVSet(t)
	const clinic, salon = "clinic-42", "salon-7"
	tests := []struct {
		name       string
		set        csvSet
		want       []string // the errors, in order
		goodRemain []string
	}{
		// A provider's own cells.
		{"BadKind", base.with("providers.csv", "dentist", "plumber"),
			[]string{"providers.csv line 2 (clinic-42) kind: must be one of"}, []string{salon}},
		{"BadZone", base.with("providers.csv", "Bordeaux,Europe/Paris", "Bordeaux,Paris"),
			[]string{"providers.csv line 3 (salon-7) timezone: must be an IANA time zone"}, []string{clinic}},
		{"NoName", base.with("providers.csv", "Salon Léa", ""),
			[]string{"providers.csv line 3 (salon-7) name: is required"}, []string{clinic}},
		{"BadLanguage", base.with("providers.csv", "fr en", "fr english"),
			[]string{"providers.csv line 2 (clinic-42) languages: must be a two-letter"}, []string{salon}},
		{"PolicyNotANumber", base.with("providers.csv", ",120,", ",2h,"),
			[]string{"providers.csv line 2 (clinic-42) min_notice_minutes: must be a whole number of minutes"}, []string{salon}},
		{"PolicyOutOfRange", base.with("providers.csv", ",15\n", ",1\n"),
			[]string{"providers.csv line 2 (clinic-42) slot_step_minutes: must be whole minutes between 5 and 240"}, []string{salon}},
		{"SlashInID", base.withAll("salon-7", "salon/7"),
			[]string{"providers.csv line 3 (salon/7) provider_id: must be at most"}, []string{clinic}},
		{"NoProviderID", base.with("providers.csv", "salon-7,", ","),
			[]string{"providers.csv line 3 provider_id: is required", "services.csv line 4 (salon-7) provider_id: no provider has this id in providers.csv",
				"hours.csv line 5 (salon-7) provider_id: no provider", "hours.csv line 6 (salon-7) provider_id: no provider"}, []string{clinic}},
		{"DuplicateProvider", base.with("providers.csv", "\nsalon-7,", "\nclinic-42,Autre,dentist,Lyon,Europe/Paris,,,,,,\nsalon-7,"),
			[]string{"providers.csv line 3 (clinic-42) provider_id: already used on line 2"}, []string{clinic, salon}},
		{"ProviderWithoutService", base.with("services.csv", "salon-7,coupe,Coupe femme,45,4500\n", ""),
			[]string{"providers.csv line 3 (salon-7) provider_id: has no service"}, []string{clinic}},
		// Services.
		{"DurationNotANumber", base.with("services.csv", ",45,5500", ",45 min,5500"),
			[]string{"services.csv line 3 (clinic-42) duration_minutes: must be a whole number of minutes"}, []string{salon}},
		{"DurationOutOfRange", base.with("services.csv", ",45,5500", ",0,5500"),
			[]string{"services.csv line 3 (clinic-42) duration_minutes: must be whole minutes between 1 and 720"}, []string{salon}},
		{"PriceInEuros", base.with("services.csv", ",4500", ",45.00"),
			[]string{"services.csv line 4 (salon-7) price_cents: must be a whole number of cents"}, []string{clinic}},
		{"PriceMissing", base.with("services.csv", ",4500", ","),
			[]string{"services.csv line 4 (salon-7) price_cents: is required (0 when free)"}, []string{clinic}},
		{"ServiceIDTwice", base.with("services.csv", ",detartrage,", ",consult,"),
			[]string{"services.csv line 3 (clinic-42) service_id: is used twice"}, []string{salon}},
		{"ServiceOfUnknownProvider", base.with("services.csv", "salon-7,coupe", "salon-8,coupe").with("services.csv", "price_cents\n", "price_cents\nsalon-7,coupe,Coupe,30,0\n"),
			[]string{"services.csv line 5 (salon-8) provider_id: no provider has this id in providers.csv"}, []string{clinic, salon}},
		{"TwoBadCellsOneRow", base.with("services.csv", "Détartrage,45,5500", ",-5,x"),
			[]string{"services.csv line 3 (clinic-42) price_cents: must be a whole number of cents (3000 for 30.00); name: is required; duration_minutes: must be whole minutes"}, []string{salon}},
		// Hours.
		{"BadWeekday", base.with("hours.csv", "salon-7,tuesday", "salon-7,mardi"),
			[]string{"hours.csv line 5 (salon-7) weekday: must be a day such as monday"}, []string{clinic}},
		{"BadClock", base.with("hours.csv", "08:30,13:00", "8h30,13h"),
			[]string{"hours.csv line 4 (clinic-42) start: start and end must be times such as 09:00"}, []string{salon}},
		{"EndBeforeStart", base.with("hours.csv", "10:00,19:00", "19:00,10:00"),
			[]string{"hours.csv line 5 (salon-7) start: must end after it starts"}, []string{clinic}},
		{"Overlap", base.with("hours.csv", "14:00,18:30", "11:00,18:30"),
			[]string{"hours.csv line 3 (clinic-42) start: intervals overlap on Monday"}, []string{salon}},
		{"OverlapAfterABadRow", base.with("hours.csv", "clinic-42,monday,09:00", "clinic-42,lundi,07:00,08:00\nclinic-42,monday,09:00").with("hours.csv", "14:00,18:30", "11:00,18:30"),
			[]string{"hours.csv line 2 (clinic-42) weekday: must be a day", "hours.csv line 4 (clinic-42) start: intervals overlap on Monday"}, []string{salon}},
		// Time off.
		{"DateAsFrenchExcelWritesIt", base.with("time_off.csv", "2099-12-24,", "24/12/2099,"),
			[]string{"time_off.csv line 2 (clinic-42) start: start and end must be times such as 2026-12-24 09:00"}, []string{salon}},
		{"EndBeforeStartOff", base.with("time_off.csv", "2099-12-24,2099-12-26", "2099-12-26 10:00,2099-12-26 09:00"),
			[]string{"time_off.csv line 2 (clinic-42) end: must be after start"}, []string{salon}},
		{"ControlInReason", base.with("time_off.csv", "Noël", "\"No\x01l\""),
			[]string{"time_off.csv line 2 (clinic-42) reason: must not contain control characters"}, []string{salon}},
		// The rows themselves.
		{"BareQuote", base.with("services.csv", "Coupe femme", `Coupe "femme"`),
			// The line is not read, so its provider has no service either.
			[]string{"providers.csv line 3 (salon-7) provider_id: has no service", `services.csv line 4 csv: a " inside a cell not enclosed in quotes`}, nil},
		{"TooManyCells", base.with("hours.csv", "salon-7,saturday,09:00,17:00", "salon-7,saturday,09:00,17:00,lunch"),
			[]string{"hours.csv line 6 (salon-7) csv: 5 cells where the header names 4 columns"}, []string{clinic}},
		{"QuotedLineBreakCountsLines", base.with("services.csv", "Détartrage", "\"Détar\ntrage\"").with("services.csv", "salon-7,coupe,Coupe femme,45", "salon-7,coupe,Coupe femme,0"),
			[]string{"services.csv line 3 (clinic-42) name: must not contain control characters", "services.csv line 5 (salon-7) duration_minutes: must be whole minutes"}, nil},
		// Headers: the file's rows are not read.
		{"UnknownColumn", base.with("providers.csv", "address,", "adress,"),
			[]string{`providers.csv line 1 adress: is not a column of a providers file`}, nil},
		{"MissingColumn", base.with("services.csv", "duration_minutes,", "duration,"),
			[]string{"services.csv line 1 duration: is not a column of a services file (provider_id,service_id,name,duration_minutes,price_cents); duration_minutes: is a required column, missing from the header"}, nil},
		{"ColumnTwice", base.with("hours.csv", "start,end", "start,start"),
			[]string{"hours.csv line 1 start: is named twice; end: is a required column"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, err := directory.ParseCSV(tt.set.files())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range bad {
				got = append(got, b.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("errors:\n%s\nwant %d", strings.Join(got, "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d: %q\nwant %q…", i, got[i], w)
				}
			}
			var ids []string
			for _, r := range rows {
				ids = append(ids, r.ExternalID)
			}
			if !slices.Equal(ids, tt.goodRemain) {
				t.Errorf("rows %v, want %v", ids, tt.goodRemain)
			}
		})
	}
}

// TestParseCSVFileErrors: files that cannot be used at all.
func TestParseCSVFileErrors(t *testing.T) {
	base := readCSVSet(t)
	without := func(name string) csvSet { c := maps.Clone(base); delete(c, name); return c }
	renamed := func(c csvSet, name, text string) csvSet { c = maps.Clone(c); c[name] = text; return c }
	tests := []struct {
		name string
		set  csvSet
		want string
	}{
		{"NoTimeOffFile", without("time_off.csv"), "missing: time off (a header with provider_id,start,end)"},
		{"OnlyProviders", csvSet{"providers.csv": base["providers.csv"]}, "missing: services (a header with provider_id,service_id,name,duration_minutes,price_cents); hours"},
		{"TwoProvidersFiles", renamed(base, "copy.csv", base["providers.csv"]), "copy.csv and providers.csv are both a providers file"},
		{"UTF16", base.with("hours.csv", "provider_id", "\xff\xfep\x00"), "hours.csv: the file is UTF-16 text: save it as CSV UTF-8"},
		{"Latin1", base.with("services.csv", "Détartrage", "D\xe9tartrage"), "services.csv: line 3: not UTF-8 text: save the file as CSV UTF-8"},
		{"Empty", base.with("hours.csv", base["hours.csv"], ""), "hours.csv: the file is empty"},
		{"NoHeader", base.with("hours.csv", "provider_id,weekday,start,end\n", ""), "hours.csv: cannot tell what the file holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, err := directory.ParseCSV(tt.set.files())
			if err == nil || !strings.Contains(err.Error(), tt.want) || rows != nil || bad != nil {
				t.Fatalf("%v (%d rows, %v), want %q", err, len(rows), bad, tt.want)
			}
		})
	}
}

// TestCSVRoundTrip, on both stores: the JSON Lines file imported, its CSV
// export reads back as the same directory (with either separator), and
// importing it changes nothing; a spreadsheet's edit of the export
// updates the provider in place.
func TestCSVRoundTrip(t *testing.T) {
	want := jsonlRows(t)
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			ctx := context.Background()
			st := sc.open(t)
			desk := booking.NewDesk(st, nil, booking.Options{Now: func() time.Time { return now }})
			if rep, err := directory.Import(ctx, st, desk, want, now, false); err != nil || rep.Created != 2 {
				t.Fatal(rep, err)
			}
			var exported csvSet
			for _, sep := range []rune{',', ';'} {
				set := csvSet{}
				bufs := map[string]*bytes.Buffer{}
				n, err := directory.ExportCSV(ctx, st, func(name string) (io.Writer, error) {
					bufs[name] = &bytes.Buffer{}
					return bufs[name], nil
				}, sep, now)
				if err != nil || n != 2 {
					t.Fatal(n, err)
				}
				for name, b := range bufs {
					set[name] = b.String()
				}
				if !strings.HasPrefix(set["providers.csv"], "\ufeffprovider_id"+string(sep)+"name") {
					t.Errorf("providers.csv starts %q", set["providers.csv"][:20])
				}
				if got := set["time_off.csv"]; !strings.Contains(got, "2099-12-24 00:00"+string(sep)+"2099-12-27 00:00") {
					t.Errorf("time off not in local time: %q", got)
				}
				rows, bad, err := directory.ParseCSV(set.files())
				if err != nil || len(bad) > 0 {
					t.Fatalf("the export does not parse: %v %v\n%v", bad, err, set)
				}
				if diff := cmp.Diff(want, rows, cmpRows...); diff != "" {
					t.Errorf("separator %q (-imported +exported):\n%s", sep, diff)
				}
				if rep, err := directory.Import(ctx, st, desk, rows, now, false); err != nil || rep.Unchanged != 2 {
					t.Errorf("the export imported back: %+v %v", rep, err)
				}
				exported = set
			}
			edited := exported.with("services.csv", ";45;4500", ";60;4800")
			rows, bad, _ := directory.ParseCSV(edited.files())
			if len(bad) > 0 {
				t.Fatal(bad)
			}
			if rep, err := directory.Import(ctx, st, desk, rows, now, false); err != nil || rep != (directory.Report{Updated: 1, Unchanged: 1}) {
				t.Errorf("edited export: %+v %v", rep, err)
			}
			if rep, err := directory.Import(ctx, st, desk, rows, now, false); err != nil || rep != (directory.Report{Unchanged: 2}) {
				t.Errorf("edited export again: %+v %v", rep, err)
			}
		})
	}
}

// FuzzParseCSV: whatever the four files hold, the parser neither panics
// nor lets an invalid provider through, and every error names a line and
// a column.
func FuzzParseCSV(f *testing.F) {
	base := readCSVSet(f)
	f.Add([]byte(base["providers.csv"]), []byte(base["services.csv"]), []byte(base["hours.csv"]), []byte(base["time_off.csv"]))
	f.Add([]byte("\ufeffprovider_id;name;kind;city;timezone\r\nx;\"a;b\";dentist;Lyon;Europe/Paris\r\n"), []byte("provider_id;service_id;name;duration_minutes;price_cents\r\nx;s;\"C\"\"\";30;0\r\n"),
		[]byte("weekday,provider_id,start,end\nmonday,x,9:00,24:00\n"), []byte("provider_id\tstart\tend\nx\t2026-03-29 02:30\t2026-03-29\n"))
	f.Add([]byte("kind\n\"\n"), []byte("service_id,\"\"x\n"), []byte("weekday\r\r\n"), []byte("start,,,\n,,,\n"))
	f.Fuzz(func(t *testing.T, providers, services, hours, timeOff []byte) {
		files := []directory.CSVFile{{Name: "p.csv", R: bytes.NewReader(providers)}, {Name: "s.csv", R: bytes.NewReader(services)},
			{Name: "h.csv", R: bytes.NewReader(hours)}, {Name: "t.csv", R: bytes.NewReader(timeOff)}}
		rows, bad, err := directory.ParseCSV(files)
		if err != nil {
			if rows != nil || bad != nil {
				t.Fatal("rows or line errors with a file error")
			}
			return
		}
		for _, r := range rows {
			if r.ExternalID == "" || len(r.Provider.Services) == 0 || len(r.ServiceIDs) != len(r.Provider.Services) || r.Line < 2 || r.File == "" {
				t.Fatalf("an invalid row passed: %+v", r)
			}
			if err := r.Hours.Validate(); err != nil {
				t.Fatalf("invalid hours passed: %v", err)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.File == "" || len(b.Fields) == 0 {
				t.Fatalf("a line error without file, line or column: %+v", b)
			}
			for _, fe := range b.Fields {
				if fe.Field == "" || fe.Message == "" {
					t.Fatalf("a field error without column or message: %+v", b)
				}
			}
		}
	})
}
