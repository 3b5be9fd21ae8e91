package rendezvous

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldKey returns s lower-cased, without accents, with runs of spaces,
// hyphens and apostrophes made one space: the form in which names and
// cities are compared, so that "Saint-Étienne", "saint etienne" and
// "SAINT ÉTIENNE" are the same city. Letters fold as FoldLetter says.
func FoldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
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
		b.WriteString(FoldLetter(r))
	}
	return b.String()
}

// FoldLetter returns a letter or digit as it is compared: lower case,
// without diacritics, and the ligatures and letters that a customer types
// as two ("œ" as "oe", "æ" as "ae", "ß" as "ss") spelled so. It is the one
// definition of "the same letter": the understanding of messages and the
// matching of names and cities both use it.
func FoldLetter(r rune) string {
	if r < 0x80 {
		return string(unicode.ToLower(r))
	}
	switch r {
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case 'ß', 'ẞ':
		return "ss"
	case 'ø', 'Ø':
		return "o"
	case 'ł', 'Ł':
		return "l"
	case 'đ', 'Đ':
		return "d"
	case 'ı':
		return "i"
	}
	// Decompose, and keep what is not a combining mark: "é" is "e".
	var b strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	if b.Len() == 0 {
		return string(unicode.ToLower(r))
	}
	return b.String()
}
