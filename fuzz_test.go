package rendezvous_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"

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

// FuzzNormalizePhone: a number is read in E.164 or refused, reading the
// result again gives it back, and a region tried later never changes what
// an earlier one reads.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"06 12 34 56 78", "0041 79 123 45 67", "+41 (0)79 123 45 67", "0044 20 7946 0958", "(514) 555-0123",
		"011 33 6 12 34 56 78", "00", "+", "(0)", "0033(0)612345678", "+1 (0) 514", "06.12.34.56.78"} {
		f.Add(s, "CA", "FR")
	}
	f.Fuzz(func(t *testing.T, s, first, second string) {
		got, err := rendezvous.NormalizePhone(s, first, second)
		if err != nil {
			if _, err1 := rendezvous.NormalizePhone(s, first); err1 == nil {
				t.Fatalf("NormalizePhone(%q, %q) reads it but not with %q after", s, first, second)
			}
			return
		}
		if !strings.HasPrefix(got, "+") || strings.Trim(got[1:], "0123456789") != "" || len(got) > rendezvous.MaxPhoneLength {
			t.Fatalf("NormalizePhone(%q) = %q: not E.164", s, got)
		}
		if again, err := rendezvous.NormalizePhone(got, second); err != nil || again != got {
			t.Fatalf("NormalizePhone(%q) = %q, then %q, %v", s, got, again, err)
		}
		if one, err := rendezvous.NormalizePhone(s, first); err == nil && one != got {
			t.Fatalf("NormalizePhone(%q): %q in %s alone, %q with %s after", s, one, first, got, second)
		}
	})
}

// isBidiControl reports the characters that change the display order of
// text around them.
func isBidiControl(r rune) bool {
	return r == '\u061c' || r == '\u200e' || r == '\u200f' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"Marie Curie", "Le\u0301a", "\u202eeiruC", "Ma\u200brie", "علی\u200cرضا", "क्\u200dष", "İpek Işık",
		"Ma\u0336\u0336\u0336\u0336\u0336rie", "\u3164", " a \u0301 b ", "\ufeff", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, err := rendezvous.NormalizeName(s)
		if err != nil {
			return
		}
		if again, err := rendezvous.NormalizeName(name); err != nil || again != name {
			t.Fatalf("NormalizeName is not idempotent on %+q: %+q then %+q, %v", s, name, again, err)
		}
		if !norm.NFC.IsNormalString(name) || utf8.RuneCountInString(name) > rendezvous.MaxNameLength {
			t.Fatalf("NormalizeName(%+q) = %+q: not NFC, or too long", s, name)
		}
		for _, r := range name {
			if isBidiControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d') || unicode.IsControl(r) {
				t.Fatalf("NormalizeName(%+q) = %+q holds %U", s, name, r)
			}
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Marie@Example.com", "marie@müller.de", "marie@xn--mller-kva.de", "\u212aate@example.com",
		"marie@ｅｘａｍｐｌｅ.com", "info@\u0130stanbul.com", "a@b.co", "\"a\"@b.co", "marie@exam\u200bple.com", "a@xn--ls8h.la"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		email, err := rendezvous.NormalizeEmail(s)
		if err != nil {
			return
		}
		if again, err := rendezvous.NormalizeEmail(email); err != nil || again != email {
			t.Fatalf("NormalizeEmail is not idempotent on %+q: %+q then %+q, %v", s, email, again, err)
		}
		for i := 0; i < len(email); i++ {
			if email[i] >= utf8.RuneSelf || email[i] <= ' ' || ('A' <= email[i] && email[i] <= 'Z') {
				t.Fatalf("NormalizeEmail(%+q) = %+q: not lower-case printable ASCII", s, email)
			}
		}
		domain := email[strings.LastIndexByte(email, '@')+1:]
		if a, err := idna.Registration.ToASCII(domain); err != nil || a != domain {
			t.Fatalf("NormalizeEmail(%+q) = %+q: the domain is not an A-label: %q, %v", s, email, a, err)
		}
	})
}

func FuzzFoldKey(f *testing.F) {
	for _, s := range []string{"Saint-Étienne", "Montréal", "", "\xff\xfe", "ÉÉÉ  ---  ààà", "lyon", "saint etienne", " lyon", "lyon ", "a  b", "Lyon", "l'hay les roses"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := rendezvous.FoldKey(s)
		if want := referenceFoldKey(s); k != want {
			t.Fatalf("FoldKey(%q) = %q, the rune by rune definition gives %q", s, k, want)
		}
		if got := string(rendezvous.AppendFoldKey([]byte("x"), s)); got != "x"+k {
			t.Fatalf("AppendFoldKey(x, %q) = %q, want %q", s, got, "x"+k)
		}
		if rendezvous.FoldKey(k) != k {
			t.Fatalf("FoldKey is not idempotent on %q: %q then %q", s, k, rendezvous.FoldKey(k))
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("FoldKey(%q) = %q has stray spaces", s, k)
		}
	})
}

// TestFoldLetterOfNoLetter: a rune that is no character (negative, as no
// string holds) folds as the replacement character, not as a byte.
func TestFoldLetterOfNoLetter(t *testing.T) {
	for _, r := range []rune{-1, -200, -0x80000000} {
		if got := rendezvous.FoldLetter(r); got != "\uFFFD" {
			t.Errorf("FoldLetter(%d) = %q, want U+FFFD", r, got)
		}
	}
}

// referenceFoldKey is FoldKey as first written, rune by rune through
// package unicode and FoldLetter, which the ASCII fast paths must equal.
func referenceFoldKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !unicode.Is(unicode.Mn, r) {
				space = true
			}
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteString(rendezvous.FoldLetter(r))
	}
	return b.String()
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
