package dialogue

import (
	"fmt"
	"testing"
	"time"
)

// The formatting is written with appends (it runs for every slot shown);
// these are its first definitions with fmt, which it must equal.
func clockBySprintf(t time.Time, lang string) string {
	if lang == "fr" {
		if t.Minute() == 0 {
			return fmt.Sprintf("%dh", t.Hour())
		}
		return fmt.Sprintf("%dh%02d", t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}

func dayBySprintf(t, now time.Time, lang string) string {
	ty, tm, td := t.Date()
	n := now.In(t.Location())
	ny, nm, nd := n.Date()
	tomorrow := time.Date(ny, nm, nd+1, 12, 0, 0, 0, t.Location())
	switch {
	case ty == ny && tm == nm && td == nd:
		return text(lang, "today")
	case ty == tomorrow.Year() && tm == tomorrow.Month() && td == tomorrow.Day():
		return text(lang, "tomorrow")
	}
	var s string
	if lang == "fr" {
		s = fmt.Sprintf("%s %d %s", frenchWeekdays[t.Weekday()], td, frenchMonths[tm])
		if td == 1 {
			s = fmt.Sprintf("%s 1er %s", frenchWeekdays[t.Weekday()], frenchMonths[tm])
		}
	} else {
		s = fmt.Sprintf("%s %d %s", t.Weekday(), td, tm)
	}
	if ty != ny {
		s += fmt.Sprintf(" %d", ty)
	}
	return s
}

func TestFormatAsSprintf(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	montreal, _ := time.LoadLocation("America/Montreal")
	nows := []time.Time{
		time.Date(2026, 12, 31, 23, 30, 0, 0, paris), // tomorrow is next year
		time.Date(2026, 3, 28, 10, 0, 0, 0, paris),   // the night the clocks change
		time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC),
	}
	n := 0
	for _, now := range nows {
		for _, loc := range []*time.Location{paris, montreal, time.UTC} {
			for d := -2 * 24 * time.Hour; d < 400*24*time.Hour; d += 97 * time.Minute {
				at := now.Add(d).In(loc)
				for _, lang := range []string{"en", "fr"} {
					n++
					if got, want := clock(at, lang), clockBySprintf(at, lang); got != want {
						t.Fatalf("clock(%v, %s) = %q, want %q", at, lang, got, want)
					}
					if got, want := day(at, now, lang), dayBySprintf(at, now, lang); got != want {
						t.Fatalf("day(%v, %v, %s) = %q, want %q", at, now, lang, got, want)
					}
					if got, want := when(at, now, lang), dayBySprintf(at, now, lang)+text(lang, "at_time")+clockBySprintf(at, lang); got != want {
						t.Fatalf("when(%v, %v, %s) = %q, want %q", at, now, lang, got, want)
					}
				}
			}
		}
	}
	if n < 50000 {
		t.Fatalf("only %d cases", n)
	}
}
