package directory

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ExportCSV writes every provider as the four files of the CSV format,
// created by create under their usual names (providers.csv, services.csv,
// hours.csv, time_off.csv), with comma as the separator (',' or ';').
// Each file starts with a UTF-8 byte order mark, without which Excel reads
// accented letters wrongly. Time off is written in the provider's local
// time where that reads back as the same instant. It returns how many
// providers it wrote.
func ExportCSV(ctx context.Context, st Store, create func(file string) (io.Writer, error), comma rune, now time.Time) (int, error) {
	var ws [sheetCount]*csv.Writer
	for s := range sheetCount {
		w, err := create(csvSheets[s].file)
		if err != nil {
			return 0, err
		}
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return 0, err
		}
		ws[s] = csv.NewWriter(w)
		ws[s].Comma = comma
		ws[s].Write(csvSheets[s].columns)
	}
	itoa := func(v *int) string {
		if v == nil {
			return ""
		}
		return strconv.Itoa(*v)
	}
	n, err := walk(ctx, st, now, func(e Entry, loc *time.Location) error {
		id := e.ExternalID
		ws[sheetProviders].Write([]string{id, e.Name, e.Kind, e.City, e.TimeZone, e.Address, strings.Join(e.Languages, " "),
			itoa(e.Policy.BufferMinutes), itoa(e.Policy.MinNoticeMinutes), itoa(e.Policy.HorizonDays), itoa(e.Policy.SlotStepMinutes)})
		for _, s := range e.Services {
			ws[sheetServices].Write([]string{id, s.ExternalID, s.Name, strconv.Itoa(s.DurationMinutes), strconv.FormatInt(s.PriceCents, 10)})
		}
		for _, h := range e.Hours {
			ws[sheetHours].Write([]string{id, h.Weekday, h.Start, h.End})
		}
		for _, o := range e.TimeOff {
			start, err1 := time.Parse(time.RFC3339, o.Start)
			end, err2 := time.Parse(time.RFC3339, o.End)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("export: time off of %s: %v %v", id, err1, err2)
			}
			ws[sheetTimeOff].Write([]string{id, formatInstant(start, loc), formatInstant(end, loc), o.Reason})
		}
		for _, w := range ws {
			if err := w.Error(); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		return nil
	})
	for _, w := range ws {
		w.Flush()
		if werr := w.Error(); werr != nil && err == nil {
			err = fmt.Errorf("export: %w", werr)
		}
	}
	return n, err
}
