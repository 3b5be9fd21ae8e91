package rendezvous_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
)

// The domain's parsers of user input never panic and return either an
// error or a value that passes their own rules.

func FuzzParseStart(f *testing.F) {
	for _, s := range []string{"2026-11-24T09:30:00+01:00", "2026-03-29T02:30", "2026-10-25 02:30", "", "x", "2026-02-30T10:00", "9999-12-31T23:59:59Z"} {
		f.Add(s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := rendezvous.ParseStart(s, paris)
		if err != nil {
			if rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
				t.Fatalf("ParseStart(%q): %v is not EINVALID", s, err)
			}
			return
		}
		if got.IsZero() {
			t.Fatalf("ParseStart(%q) = zero time", s)
		}
	})
}

func FuzzNormalizeCustomer(f *testing.F) {
	f.Add("Marie Curie", "marie@example.com", "06 12 34 56 78", "FR")
	f.Add("", "a@b", "+1 514 555 0123", "CA")
	f.Add("\x00", "<a@b.c>", "0033612345678", "fr")
	f.Fuzz(func(t *testing.T, name, email, phone, region string) {
		c, err := rendezvous.NormalizeCustomer(rendezvous.Customer{Name: name, Email: email, Phone: phone}, region)
		if err != nil {
			if rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID || len(rendezvous.ErrorFieldsOf(err)) == 0 {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		// Normalising is idempotent and keeps the bounds.
		again, err := rendezvous.NormalizeCustomer(c, region)
		if err != nil || again != c {
			t.Fatalf("normalising %+v again gave %+v, %v", c, again, err)
		}
		if !utf8.ValidString(c.Name) || utf8.RuneCountInString(c.Name) > rendezvous.MaxNameLength || !strings.HasPrefix(c.Phone, "+") {
			t.Fatalf("normalised customer out of bounds: %+v", c)
		}
	})
}

func FuzzFoldKey(f *testing.F) {
	for _, s := range []string{"Saint-Étienne", "Montréal", "", "\xff\xfe", "ÉÉÉ  ---  ààà"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := rendezvous.FoldKey(s)
		if rendezvous.FoldKey(k) != k {
			t.Fatalf("FoldKey is not idempotent on %q: %q then %q", s, k, rendezvous.FoldKey(k))
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("FoldKey(%q) = %q has stray spaces", s, k)
		}
	})
}

func FuzzParseClockTime(f *testing.F) {
	for _, s := range []string{"09:00", "24:00", "24:01", "9:00", "aa:bb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := rendezvous.ParseClockTime(s)
		if err == nil && (c < 0 || c > 24*60 || c.String() != s) {
			t.Fatalf("ParseClockTime(%q) = %d (%s)", s, c, c)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"10/min", "100/s", "5/h", "3/90s", "0/min", "x", "10/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := rendezvous.ParseRate(s)
		if err == nil && (r.Count <= 0 || r.Period < time.Second || r.Interval() <= 0) {
			t.Fatalf("ParseRate(%q) = %+v", s, r)
		}
	})
}
