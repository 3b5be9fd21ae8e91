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
	if folded(s) {
		return s
	}
	return string(AppendFoldKey(make([]byte, 0, len(s)), s))
}

// AppendFoldKey appends FoldKey(s) to dst: a caller that only looks the
// key up (m[string(b)] does not copy) folds into a buffer of its own.
func AppendFoldKey(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for _, r := range s {
		// ASCII is told apart without package unicode (most of every key).
		if r < 0x80 && !isASCIIAlnum(byte(r)) || r >= 0x80 && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !unicode.Is(unicode.Mn, r) {
				space = true
			}
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, FoldLetter(r)...) // ASCII without allocation
	}
	return dst
}

// folded reports whether s is already its own key: lower-case ASCII
// letters and digits in words parted by single spaces, as most keys looked
// up are ("lyon", "dentist"), so that folding them costs no copy.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// RefoldedLetters are the letters whose fold changed since keys were
// first stored: "œ" was kept as is and is "oe" since names and messages
// share FoldLetter; "ǣ" was "æ" and "ǿ" "ø" until their decomposition was
// spelled too. A store keys again, at start, the rows holding one of them.
const RefoldedLetters = "œŒæÆßẞøØłŁđĐıǢǣǼǽǾǿ"

// FoldLetter returns a letter or digit as it is compared: lower case,
// without diacritics, and the ligatures and letters that a customer types
// as two ("œ" as "oe", "æ" as "ae", "ß" as "ss") spelled so. It is the one
// definition of "the same letter": the understanding of messages and the
// matching of names and cities both use it.
func FoldLetter(r rune) string {
	if uint32(r) < 0x80 { // not a negative rune, which FoldLetter spells "\uFFFD"
		c := byte(unicode.ToLower(r))
		return asciiBytes[c : c+1] // no allocation for the common case
	}
	if s, ok := foldSpelled(r); ok {
		return s
	}
	// Decompose, and keep what is not a combining mark: "é" is "e", and
	// "ǣ" is "æ" with a macron, so "ae".
	var b strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if s, ok := foldSpelled(c); ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	if b.Len() == 0 {
		return string(unicode.ToLower(r))
	}
	return b.String()
}

// foldSpelled is the letters a customer types otherwise than as their
// decomposition's base.
func foldSpelled(r rune) (string, bool) {
	switch r {
	case 'œ', 'Œ':
		return "oe", true
	case 'æ', 'Æ':
		return "ae", true
	case 'ß', 'ẞ':
		return "ss", true
	case 'ø', 'Ø':
		return "o", true
	case 'ł', 'Ł':
		return "l", true
	case 'đ', 'Đ':
		return "d", true
	case 'ı':
		return "i", true
	}
	return "", false
}

// asciiBytes holds every ASCII byte at its own index, for one-byte strings
// that share its memory.
const asciiBytes = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
	" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f"
