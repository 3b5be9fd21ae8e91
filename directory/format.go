// Package directory imports a real directory of providers — their
// services, weekly hours and time off — from another system, and exports
// it, in JSON Lines (one provider per line) or as four CSV files, one per
// spreadsheet sheet (docs/directory.md). Every line is checked before
// anything is written, errors name their line (and column), and an
// import is idempotent: providers and services are matched by the ids
// the other system gives them, so running it again changes nothing.
package directory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
)

// Entry is one line of the file: a provider with everything attached.
type Entry struct {
	ExternalID string         `json:"external_id"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	City       string         `json:"city"`
	Address    string         `json:"address,omitempty"`
	TimeZone   string         `json:"timezone"`
	Languages  []string       `json:"languages,omitempty"`
	Policy     *PolicyEntry   `json:"policy,omitempty"`
	Services   []ServiceEntry `json:"services"`
	Hours      []HoursEntry   `json:"hours"`
	TimeOff    []TimeOffEntry `json:"time_off,omitempty"`
}

// PolicyEntry is a provider's booking policy; absent fields take the
// defaults.
type PolicyEntry struct {
	BufferMinutes    *int `json:"buffer_minutes,omitempty"`
	MinNoticeMinutes *int `json:"min_notice_minutes,omitempty"`
	HorizonDays      *int `json:"horizon_days,omitempty"`
	SlotStepMinutes  *int `json:"slot_step_minutes,omitempty"`
}

// ServiceEntry is a service, identified within its provider.
type ServiceEntry struct {
	ExternalID      string `json:"external_id"`
	Name            string `json:"name"`
	DurationMinutes int    `json:"duration_minutes"`
	PriceCents      int64  `json:"price_cents"`
}

// HoursEntry is one opening interval of a weekday, in local time.
type HoursEntry struct {
	Weekday string `json:"weekday"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

// TimeOffEntry is an absence, RFC 3339 times.
type TimeOffEntry struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Reason string `json:"reason,omitempty"`
}

// Row is a checked line, ready to import.
type Row struct {
	// File names the file of a CSV import (the providers file), Line the
	// line where the provider is.
	File       string
	Line       int
	ExternalID string
	Provider   rendezvous.Provider // its services carry no ids yet
	// ServiceIDs are the services' external ids, in Provider.Services'
	// order.
	ServiceIDs []string
	Hours      rendezvous.WeeklyHours
	TimeOff    []rendezvous.TimeOff
}

// where says where the provider is, for an error message.
func (r *Row) where() string {
	if r.File != "" {
		return fmt.Sprintf("%s line %d (%s)", r.File, r.Line, r.ExternalID)
	}
	return fmt.Sprintf("line %d (%s)", r.Line, r.ExternalID)
}

// LineError is what is wrong with one line. In a CSV file, File names
// the file and each field is a column.
type LineError struct {
	File       string
	Line       int
	ExternalID string
	Fields     []rendezvous.FieldError
}

func (e *LineError) Error() string {
	var b strings.Builder
	if e.File != "" {
		fmt.Fprintf(&b, "%s ", e.File)
	}
	fmt.Fprintf(&b, "line %d", e.Line)
	if e.ExternalID != "" {
		fmt.Fprintf(&b, " (%s)", e.ExternalID)
	}
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s: %s", f.Field, f.Message)
	}
	return b.String()
}

// Limits of a file, so that a mistaken file is refused rather than read
// into memory whole.
const (
	maxLineBytes      = 1 << 20
	maxRows           = 1_000_000
	maxServices       = 100
	maxTimeOff        = 1000
	maxExternalIDRune = 100
)

// Parse reads a JSON Lines directory. Blank lines and lines starting with
// # are skipped. It returns the rows of the good lines and an error per
// bad line (*LineError), plus a non-nil error when the file itself cannot
// be read.
func Parse(r io.Reader) ([]Row, []*LineError, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	var rows []Row
	var bad []*LineError
	seen := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if len(rows)+len(bad) >= maxRows {
			return nil, nil, fmt.Errorf("line %d: more than %d providers in one file", n, maxRows)
		}
		row, err := parseLine(n, line)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if first, dup := seen[row.ExternalID]; dup {
			bad = append(bad, &LineError{Line: n, ExternalID: row.ExternalID,
				Fields: []rendezvous.FieldError{{Field: "external_id", Message: fmt.Sprintf("already used on line %d", first)}}})
			continue
		}
		seen[row.ExternalID] = n
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, fmt.Errorf("a line is longer than %d bytes", maxLineBytes)
		}
		return nil, nil, err
	}
	return rows, bad, nil
}

func parseLine(n int, line []byte) (Row, *LineError) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Row{}, &LineError{Line: n, Fields: []rendezvous.FieldError{{Field: "json", Message: jsonMessage(err)}}}
	}
	if dec.More() {
		return Row{}, &LineError{Line: n, Fields: []rendezvous.FieldError{{Field: "json", Message: "more than one object on the line"}}}
	}
	row, fields := e.row()
	if len(fields) > 0 {
		return Row{}, &LineError{Line: n, ExternalID: printable(e.ExternalID), Fields: fields}
	}
	row.Line = n
	return row, nil
}

// jsonMessage says what is wrong without echoing the input.
func jsonMessage(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON (at byte %d)", syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "not valid JSON (the line ends inside the object)"
	case errors.As(err, &typ):
		return fmt.Sprintf("%s must be a %s", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	return "not a JSON object"
}

// printable keeps an id fit for an error message.
func printable(s string) string {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return ""
	}
	if utf8.RuneCountInString(s) > maxExternalIDRune {
		return string([]rune(s)[:maxExternalIDRune]) + "…"
	}
	return s
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// row checks an entry with the domain's own rules, and turns it into the
// domain's types.
func (e *Entry) row() (Row, []rendezvous.FieldError) {
	var fields []rendezvous.FieldError
	bad := func(field, msg string) { fields = append(fields, rendezvous.FieldError{Field: field, Message: msg}) }
	checkID := func(field, id string) {
		switch {
		case strings.TrimSpace(id) == "":
			bad(field, "is required: the id this provider or service has in your system")
		case printable(id) != id || strings.ContainsAny(id, "/") || strings.TrimSpace(id) != id:
			bad(field, fmt.Sprintf("must be at most %d printable characters, without / or surrounding spaces", maxExternalIDRune))
		}
	}
	checkID("external_id", e.ExternalID)
	p := rendezvous.Provider{Name: e.Name, Kind: rendezvous.ParseKind(e.Kind), City: e.City, Address: e.Address,
		TimeZone: e.TimeZone, Languages: e.Languages, Policy: rendezvous.DefaultPolicy()}
	if e.Policy != nil {
		minutes := func(v *int, dst *time.Duration, unit time.Duration) {
			if v != nil {
				*dst = time.Duration(*v) * unit
			}
		}
		minutes(e.Policy.BufferMinutes, &p.Policy.Buffer, time.Minute)
		minutes(e.Policy.MinNoticeMinutes, &p.Policy.MinNotice, time.Minute)
		minutes(e.Policy.HorizonDays, &p.Policy.Horizon, 24*time.Hour)
		minutes(e.Policy.SlotStepMinutes, &p.Policy.SlotStep, time.Minute)
	}
	if err := rendezvous.ValidateProvider(&p); err != nil {
		fields = append(fields, fieldsOf(err, "")...)
	}
	row := Row{ExternalID: e.ExternalID}
	if len(e.Services) == 0 {
		bad("services", "at least one service is required")
	}
	if len(e.Services) > maxServices {
		bad("services", fmt.Sprintf("at most %d", maxServices))
	}
	for i, s := range e.Services {
		prefix := fmt.Sprintf("services[%d].", i)
		checkID(prefix+"external_id", s.ExternalID)
		if slices.Contains(row.ServiceIDs, s.ExternalID) {
			bad(prefix+"external_id", "is used twice")
		}
		svc := rendezvous.Service{Name: s.Name, Duration: time.Duration(s.DurationMinutes) * time.Minute, PriceCents: s.PriceCents}
		if err := rendezvous.ValidateService(&svc); err != nil {
			fields = append(fields, fieldsOf(err, prefix)...)
		}
		p.Services = append(p.Services, svc)
		row.ServiceIDs = append(row.ServiceIDs, s.ExternalID)
	}
	// at[j] is the index in e.Hours of row.Hours[j]: a bad interval is
	// left out, and the domain's errors must name the entry's own index.
	var at []int
	for i, h := range e.Hours {
		prefix := fmt.Sprintf("hours[%d].", i)
		day, ok := weekdays[strings.ToLower(h.Weekday)]
		if !ok {
			bad(prefix+"weekday", "must be a day such as monday")
		}
		start, err1 := parseClock(h.Start)
		end, err2 := parseClock(h.End)
		if err1 != nil || err2 != nil {
			bad(prefix+"start", "start and end must be times such as 09:00 and 12:30")
			continue
		}
		if !ok {
			continue
		}
		row.Hours = append(row.Hours, rendezvous.OpeningInterval{Weekday: day, Start: start, End: end})
		at = append(at, i)
	}
	if err := row.Hours.Validate(); err != nil {
		for _, f := range fieldsOf(err, "") {
			var j int
			var rest string
			if n, _ := fmt.Sscanf(f.Field, "hours[%d]%s", &j, &rest); n >= 1 && j >= 0 && j < len(at) {
				f.Field = fmt.Sprintf("hours[%d]%s", at[j], rest)
			}
			fields = append(fields, f)
		}
	}
	if len(e.TimeOff) > maxTimeOff {
		bad("time_off", fmt.Sprintf("at most %d", maxTimeOff))
	}
	loc, _ := rendezvous.LoadLocation(p.TimeZone)
	for i, o := range e.TimeOff {
		prefix := fmt.Sprintf("time_off[%d].", i)
		start, err1 := parseInstant(o.Start, loc, false)
		end, err2 := parseInstant(o.End, loc, true)
		if errors.Is(err1, errNoZone) || errors.Is(err2, errNoZone) {
			continue // a local time, read in a time zone already reported as wrong
		}
		if err1 != nil || err2 != nil {
			bad(prefix+"start", "start and end must be times such as 2026-12-24 09:00 (the provider's time zone), 2026-12-24 (a whole day) or 2026-12-24T09:00:00+01:00")
			continue
		}
		off := rendezvous.TimeOff{Start: start, End: end, Reason: o.Reason}
		if err := rendezvous.ValidateTimeOff(&off); err != nil {
			fields = append(fields, fieldsOf(err, prefix)...)
		}
		row.TimeOff = append(row.TimeOff, off)
	}
	row.Provider = p
	return row, fields
}

// fieldsOf returns a validation error's fields, prefixed.
func fieldsOf(err error, prefix string) []rendezvous.FieldError {
	var de *rendezvous.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return []rendezvous.FieldError{{Field: strings.TrimSuffix(prefix, "."), Message: err.Error()}}
	}
	out := make([]rendezvous.FieldError, len(de.Fields))
	for i, f := range de.Fields {
		out[i] = rendezvous.FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return out
}
