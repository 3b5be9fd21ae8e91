package directory

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
)

// The CSV format is four files, one per sheet of a workbook: providers,
// their services, their weekly hours and their time off, each row naming
// its provider by provider_id (docs/directory.md). A file is recognised by
// its header, whatever its name, since spreadsheets name exports as they
// please.

// sheet is one of the four files.
type sheet int

const (
	sheetProviders sheet = iota
	sheetServices
	sheetHours
	sheetTimeOff
	sheetCount
)

// csvSheet describes a file: its usual name (an export's), the column
// that tells it from the others, and its columns, the required ones
// first. The one list of columns for import and export.
type csvSheet struct {
	file     string
	marker   string
	columns  []string
	required int
}

var csvSheets = [sheetCount]csvSheet{
	sheetProviders: {file: "providers.csv", marker: "kind", required: 5, columns: []string{
		"provider_id", "name", "kind", "city", "timezone",
		"address", "languages", "buffer_minutes", "min_notice_minutes", "horizon_days", "slot_step_minutes"}},
	sheetServices: {file: "services.csv", marker: "service_id", required: 5, columns: []string{
		"provider_id", "service_id", "name", "duration_minutes", "price_cents"}},
	sheetHours: {file: "hours.csv", marker: "weekday", required: 4, columns: []string{
		"provider_id", "weekday", "start", "end"}},
	sheetTimeOff: {file: "time_off.csv", marker: "start", required: 3, columns: []string{
		"provider_id", "start", "end", "reason"}},
}

// Limits of a CSV file, beyond those of the JSON Lines format.
const (
	maxCSVBytes  = 256 << 20
	maxCSVErrors = 1000
)

// CSVFile is one file of a CSV import; Name is how errors name it.
type CSVFile struct {
	Name string
	R    io.Reader
}

// csvRecord is a data row: its line and its cells by column, trimmed;
// problem says what is wrong with the row as a whole, if anything.
type csvRecord struct {
	line    int
	cells   map[string]string
	problem string
}

// csvTable is a file read: which sheet it is, its rows, and its lines
// that could not be read as CSV.
type csvTable struct {
	name       string
	sheet      sheet
	records    []csvRecord
	unreadable []*LineError
}

// errTooBig stops a file that would not fit in memory.
var errTooBig = fmt.Errorf("larger than %d MiB", maxCSVBytes>>20)

type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// ParseCSV reads the four files of a CSV directory — providers, services,
// hours and time off, in any order, told apart by their headers. It
// returns a row per provider whose rows are all good and an error per bad
// line (*LineError, naming the file, the line and the columns; when a
// line cannot be read as CSV at all, no row is returned, as it may belong
// to any provider), plus a
// non-nil error when the files themselves cannot be used (one missing,
// not UTF-8, too large). The separator of each file is found from its
// header (comma, semicolon or tab); a UTF-8 byte order mark, quoted cells
// and CRLF line ends are read as a spreadsheet writes them.
func ParseCSV(files []CSVFile) ([]Row, []*LineError, error) {
	var tables [sheetCount]*csvTable
	var bad []*LineError
	for _, f := range files {
		t, headerErr, err := readCSV(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if prev := tables[t.sheet]; prev != nil {
			return nil, nil, fmt.Errorf("%s and %s are both a %s file (their headers have a %s column)", prev.name, t.name, sheetNoun(t.sheet), csvSheets[t.sheet].marker)
		}
		tables[t.sheet] = t
		if headerErr != nil {
			bad = append(bad, headerErr)
		}
	}
	var missing []string
	for s, t := range tables {
		if t == nil {
			missing = append(missing, fmt.Sprintf("%s (a header with %s)", sheetNoun(sheet(s)), strings.Join(csvSheets[s].columns[:csvSheets[s].required], ",")))
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("a CSV import takes four files, one each of providers, services, hours and time off (a file with its header row only means none); missing: %s", strings.Join(missing, "; "))
	}
	if len(bad) > 0 {
		return nil, bad, nil // the rows of a file with a wrong header cannot be read
	}
	rows, bad := assemble(tables)
	return rows, bad, nil
}

func sheetNoun(s sheet) string {
	return strings.ReplaceAll(strings.TrimSuffix(csvSheets[s].file, ".csv"), "_", " ")
}

// readCSV reads one file; an error in its header is returned as a line
// error, and its rows are then left out.
func readCSV(f CSVFile) (*csvTable, *LineError, error) {
	br := bufio.NewReaderSize(&capReader{r: f.R, left: maxCSVBytes}, 64<<10)
	switch head, _ := br.Peek(3); {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3) // Excel's "CSV UTF-8" starts with a byte order mark
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return nil, nil, errors.New("the file is UTF-16 text: save it as CSV UTF-8")
	}
	if head, _ := br.Peek(1); len(head) == 1 && (head[0] == '{' || head[0] == '[') {
		return nil, nil, errors.New("this is JSON, not CSV: JSON Lines files are imported alone, without --format csv")
	}
	cr := csv.NewReader(br)
	cr.Comma = separator(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, nil, errors.New("the file is empty: its first row must name the columns")
	case err != nil:
		return nil, nil, csvError(err)
	}
	if !utf8.ValidString(strings.Join(header, "")) {
		return nil, nil, errors.New("line 1: not UTF-8 text: save the file as CSV UTF-8")
	}
	for i, h := range header {
		header[i] = strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(h)))
	}
	for len(header) > 0 && header[len(header)-1] == "" {
		header = header[:len(header)-1] // the empty columns a spreadsheet may append
	}
	t := &csvTable{name: f.Name, sheet: -1}
	for s := range sheetCount {
		if slices.Contains(header, csvSheets[s].marker) {
			t.sheet = s
			break
		}
	}
	if t.sheet < 0 {
		return nil, nil, errors.New("cannot tell what the file holds: its first row must name the columns, with kind (providers), service_id (services), weekday (hours) or start (time off)")
	}
	headerLine, _ := cr.FieldPos(0)
	if hErr := checkHeader(t, header, headerLine); hErr != nil {
		return t, hErr, nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && !errors.Is(err, errTooBig) {
			if len(t.unreadable) >= maxCSVErrors {
				return nil, nil, fmt.Errorf("more than %d lines are not CSV: is it a CSV file?", maxCSVErrors)
			}
			t.unreadable = append(t.unreadable, &LineError{File: f.Name, Line: pe.StartLine, Fields: []rendezvous.FieldError{{Field: "csv", Message: csvMessage(pe)}}})
			continue
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(t.records) >= maxRows {
			return nil, nil, fmt.Errorf("line %d: more than %d rows in one file", line, maxRows)
		}
		if !utf8.ValidString(strings.Join(rec, "")) {
			return nil, nil, fmt.Errorf("line %d: not UTF-8 text: save the file as CSV UTF-8", line)
		}
		empty := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			empty = empty && rec[i] == ""
		}
		if empty {
			continue // a row a spreadsheet keeps after its content was cleared
		}
		r := csvRecord{line: line, cells: make(map[string]string, len(header))}
		if len(rec) > len(header) && strings.Join(rec[len(header):], "") != "" {
			r.problem = fmt.Sprintf("%d cells where the header names %d columns", len(rec), len(header))
		}
		for i, col := range header {
			if i < len(rec) {
				r.cells[col] = rec[i]
			}
		}
		t.records = append(t.records, r)
	}
	return t, nil, nil
}

// separator finds a file's separator from its header: the most frequent
// of comma, semicolon (spreadsheets set to French and other languages
// whose decimal mark is a comma) and tab. No column name contains one.
func separator(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, n := ',', bytes.Count(head, []byte(","))
	for _, sep := range []rune{';', '\t'} {
		if c := bytes.Count(head, []byte(string(sep))); c > n {
			best, n = sep, c
		}
	}
	return best
}

func checkHeader(t *csvTable, header []string, line int) *LineError {
	sh := csvSheets[t.sheet]
	e := &LineError{File: t.name, Line: line}
	for i, col := range header {
		switch {
		case col == "":
			e.Fields = append(e.Fields, rendezvous.FieldError{Field: fmt.Sprintf("column %d", i+1), Message: "has no name"})
		case !slices.Contains(sh.columns, col):
			e.Fields = append(e.Fields, rendezvous.FieldError{Field: col, Message: fmt.Sprintf("is not a column of a %s file (%s)", sheetNoun(t.sheet), strings.Join(sh.columns, ","))})
		case slices.Index(header, col) != i:
			e.Fields = append(e.Fields, rendezvous.FieldError{Field: col, Message: "is named twice"})
		}
	}
	for _, col := range sh.columns[:sh.required] {
		if !slices.Contains(header, col) {
			e.Fields = append(e.Fields, rendezvous.FieldError{Field: col, Message: "is a required column, missing from the header"})
		}
	}
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// csvMessage says what is wrong with a row's quoting, without echoing it.
func csvMessage(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a " inside a cell not enclosed in quotes: enclose the cell in "…" and double the " inside it`
	case errors.Is(pe.Err, csv.ErrQuote):
		return `a cell's quotes are not closed, or text follows its closing "`
	}
	return "not readable as CSV"
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, errTooBig) {
			return errTooBig
		}
		return fmt.Errorf("line %d: %s", pe.StartLine, csvMessage(pe))
	}
	return err
}

// pos is a row of one of the files.
type pos struct {
	sheet sheet
	line  int
}

// draft is a provider being put together from the four files, with where
// each part came from.
type draft struct {
	entry                    Entry
	at                       pos
	services, hours, timeOff []pos
	bad                      bool
}

// report gathers the errors of every file, one LineError per row.
type report struct {
	tables [sheetCount]*csvTable
	byPos  map[pos]*LineError
	cols   map[pos][]string
}

func (r *report) add(at pos, id, column, msg string) {
	e, ok := r.byPos[at]
	if !ok {
		e = &LineError{File: r.tables[at.sheet].name, Line: at.line, ExternalID: printable(id)}
		r.byPos[at] = e
	}
	if slices.Contains(r.cols[at], column) {
		return // a cell that did not parse is not also reported as out of range
	}
	r.cols[at] = append(r.cols[at], column)
	e.Fields = append(e.Fields, rendezvous.FieldError{Field: column, Message: msg})
}

func (r *report) errors() []*LineError {
	out := make([]*LineError, 0, len(r.byPos))
	for _, e := range r.byPos {
		out = append(out, e)
	}
	order := func(e *LineError) sheet {
		for s, t := range r.tables {
			if t.name == e.File {
				return sheet(s)
			}
		}
		return sheetCount
	}
	slices.SortFunc(out, func(a, b *LineError) int {
		if oa, ob := order(a), order(b); oa != ob {
			return int(oa) - int(ob)
		}
		return a.Line - b.Line
	})
	return out
}

// assemble joins the rows of the four files into providers, and checks
// each with the JSON Lines format's rules.
func assemble(tables [sheetCount]*csvTable) ([]Row, []*LineError) {
	rep := &report{tables: tables, byPos: map[pos]*LineError{}, cols: map[pos][]string{}}
	var unreadable []*LineError
	for s, t := range tables {
		for _, e := range t.unreadable {
			rep.byPos[pos{sheet(s), e.Line}] = e
			unreadable = append(unreadable, e)
		}
	}
	// problem reports a row wrong as a whole, and its provider.
	problem := func(d *draft, at pos, rec csvRecord) {
		if rec.problem != "" {
			rep.add(at, rec.cells["provider_id"], "csv", rec.problem)
			if d != nil {
				d.bad = true
			}
		}
	}
	byID := map[string]*draft{}
	var drafts []*draft
	number := func(d *draft, at pos, cells map[string]string, col, what string) *int {
		v := cells[col]
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			rep.add(at, cells["provider_id"], col, "must be a whole number of "+what)
			if d != nil {
				d.bad = true
			}
			return nil
		}
		return &n
	}
	for _, rec := range tables[sheetProviders].records {
		at, c := pos{sheetProviders, rec.line}, rec.cells
		id := c["provider_id"]
		if id == "" {
			rep.add(at, id, "provider_id", "is required: the id this provider has in your system")
			continue
		}
		if first, dup := byID[id]; dup {
			rep.add(at, id, "provider_id", fmt.Sprintf("already used on line %d", first.at.line))
			continue
		}
		d := &draft{at: at, entry: Entry{ExternalID: id, Name: c["name"], Kind: c["kind"], City: c["city"], Address: c["address"],
			TimeZone: c["timezone"], Languages: languages(c["languages"]), Services: []ServiceEntry{}, Hours: []HoursEntry{}}}
		pol := PolicyEntry{
			BufferMinutes:    number(d, at, c, "buffer_minutes", "minutes"),
			MinNoticeMinutes: number(d, at, c, "min_notice_minutes", "minutes"),
			HorizonDays:      number(d, at, c, "horizon_days", "days"),
			SlotStepMinutes:  number(d, at, c, "slot_step_minutes", "minutes"),
		}
		d.entry.Policy = &pol
		problem(d, at, rec)
		byID[id] = d
		drafts = append(drafts, d)
	}
	owner := func(s sheet, rec csvRecord) *draft {
		id := rec.cells["provider_id"]
		d := byID[id]
		switch {
		case id == "":
			rep.add(pos{s, rec.line}, id, "provider_id", "is required: the provider_id of a row of the providers file")
		case d == nil:
			rep.add(pos{s, rec.line}, id, "provider_id", "no provider has this id in "+tables[sheetProviders].name)
		}
		return d
	}
	// rows calls add with each row of a sheet and its provider (nil when
	// providers.csv has no such provider).
	rows := func(s sheet, add func(d *draft, c map[string]string, at pos)) {
		for _, rec := range tables[s].records {
			at := pos{s, rec.line}
			d := owner(s, rec)
			problem(d, at, rec)
			add(d, rec.cells, at)
		}
	}
	rows(sheetServices, func(d *draft, c map[string]string, at pos) {
		dur := number(d, at, c, "duration_minutes", "minutes")
		price := number(d, at, c, "price_cents", "cents (3000 for 30.00)")
		if c["duration_minutes"] == "" {
			rep.add(at, c["provider_id"], "duration_minutes", "is required")
		}
		if c["price_cents"] == "" {
			rep.add(at, c["provider_id"], "price_cents", "is required (0 when free)")
		}
		if d == nil {
			return
		}
		s := ServiceEntry{ExternalID: c["service_id"], Name: c["name"]}
		if dur != nil {
			s.DurationMinutes = *dur
		}
		if price != nil {
			s.PriceCents = int64(*price)
		}
		if dur == nil || price == nil {
			d.bad = true
		}
		d.entry.Services = append(d.entry.Services, s)
		d.services = append(d.services, at)
	})
	rows(sheetHours, func(d *draft, c map[string]string, at pos) {
		if d != nil {
			d.entry.Hours = append(d.entry.Hours, HoursEntry{Weekday: c["weekday"], Start: c["start"], End: c["end"]})
			d.hours = append(d.hours, at)
		}
	})
	rows(sheetTimeOff, func(d *draft, c map[string]string, at pos) {
		if d != nil {
			d.entry.TimeOff = append(d.entry.TimeOff, TimeOffEntry{Start: c["start"], End: c["end"], Reason: c["reason"]})
			d.timeOff = append(d.timeOff, at)
		}
	})
	var out []Row
	for _, d := range drafts {
		row, fields := d.entry.row()
		for _, f := range fields {
			at, col, msg := d.locate(f)
			rep.add(at, d.entry.ExternalID, col, msg)
		}
		if d.bad || len(fields) > 0 || len(unreadable) > 0 {
			continue
		}
		row.File, row.Line = tables[sheetProviders].name, d.at.line
		out = append(out, row)
	}
	return out, rep.errors()
}

// locate turns a field of the JSON Lines format (services[2].name) into a
// row of a file and a column.
func (d *draft) locate(f rendezvous.FieldError) (pos, string, string) {
	indexed := func(field, list string, at []pos) (pos, string, bool) {
		rest, ok := strings.CutPrefix(field, list+"[")
		if !ok {
			return pos{}, "", false
		}
		i, col, ok := strings.Cut(rest, "]")
		n, err := strconv.Atoi(i)
		if !ok || err != nil || n < 0 || n >= len(at) {
			return pos{}, "", false
		}
		return at[n], strings.TrimPrefix(col, "."), true
	}
	if at, col, ok := indexed(f.Field, "services", d.services); ok {
		if col == "external_id" {
			col = "service_id"
		}
		return at, col, f.Message
	}
	if at, col, ok := indexed(f.Field, "hours", d.hours); ok {
		if col == "" {
			col = "start" // the interval as a whole: empty or overlapping
		}
		return at, col, f.Message
	}
	if at, col, ok := indexed(f.Field, "time_off", d.timeOff); ok {
		return at, col, f.Message
	}
	switch {
	case f.Field == "external_id":
		return d.at, "provider_id", f.Message
	case f.Field == "services" && len(d.services) == 0:
		return d.at, "provider_id", "has no service: at least one row of the services file is required"
	case f.Field == "services":
		return d.at, "provider_id", fmt.Sprintf("has more than %d services", maxServices)
	case f.Field == "time_off":
		return d.at, "provider_id", fmt.Sprintf("has more than %d rows of time off", maxTimeOff)
	case strings.HasPrefix(f.Field, "languages"):
		return d.at, "languages", f.Message
	}
	return d.at, strings.TrimPrefix(f.Field, "policy."), f.Message
}

// languages splits a cell of language codes: "fr en", "fr,en", "fr; en".
func languages(cell string) []string {
	out := strings.FieldsFunc(cell, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '|' || r == '/' })
	if len(out) == 0 {
		return nil
	}
	return out
}
