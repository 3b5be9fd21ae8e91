package understand

import (
	"github.com/rendezvous-oss/rendezvous"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInputBytes bounds the part of a message that is analysed. Longer
// messages are cut at the last rune boundary before it: a booking request
// never needs more, and the cut keeps the time spent on one message bounded
// whatever a client sends.
const MaxInputBytes = 4096

// text is a message prepared for matching. norm is the folded form every
// rule reads: lower case, accents removed, typographic apostrophes and dashes
// made ASCII. off maps each byte of norm back to the byte of orig it came
// from, so that values the caller wants "as written" (names, emails, phone
// numbers) are cut from the original.
type text struct {
	orig string
	norm string
	off  []int // len(norm)+1; off[len(norm)] == len(orig)
}

// prepare truncates, repairs and folds a message.
func prepare(message string) text {
	if len(message) > MaxInputBytes {
		cut := MaxInputBytes
		for cut > 0 && !utf8.RuneStart(message[cut]) {
			cut--
		}
		message = message[:cut]
	}
	if !utf8.ValidString(message) {
		message = strings.ToValidUTF8(message, " ")
	}
	var b strings.Builder
	b.Grow(len(message))
	off := make([]int, 0, len(message)+1)
	for i, r := range message {
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c < ' ' || c == 0x7f:
				c = ' '
			}
			b.WriteByte(c)
			off = append(off, i)
			continue
		}
		f := foldRune(r)
		for j := 0; j < len(f); j++ {
			off = append(off, i)
		}
		b.WriteString(f)
	}
	off = append(off, len(message))
	return text{orig: message, norm: b.String(), off: off}
}

// original returns the original text behind norm[start:end], trimmed.
func (t *text) original(start, end int) string {
	return strings.TrimSpace(t.orig[t.off[start]:t.off[end]])
}

// withNorm returns a copy of t whose folded form is replaced; the offsets
// must still describe it (same length, or rebuilt by the caller).
func (t text) withNorm(norm string, off []int) text {
	t.norm, t.off = norm, off
	return t
}

// mask returns norm with the byte ranges replaced by spaces, so that later
// rules do not read a phone number as a time or an email as a name. The
// length is unchanged, so the offsets still hold.
func mask(norm string, spans [][2]int) string {
	if len(spans) == 0 {
		return norm
	}
	b := []byte(norm)
	for _, s := range spans {
		for i := s[0]; i < s[1] && i < len(b); i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// foldRune returns the folded form of one non-ASCII rune. Letters are lower-cased and
// stripped of their accents by a table of the letters French and English
// use, rather than by Unicode decomposition: it is faster, allocation-free
// for ASCII, and covers every letter our vocabulary contains.
func foldRune(r rune) string {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return "a"
	case 'ç', 'Ç':
		return "c"
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return "e"
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return "i"
	case 'ñ', 'Ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö':
		return "o"
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
		return "u"
	case 'ý', 'ÿ', 'Ý', 'Ÿ':
		return "y"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case 'ß':
		return "ss"
	case '\u2018', '\u2019', '\u02bc', '\u2032', '`', '´':
		return "'"
	case '\u201c', '\u201d', '«', '»':
		return "\""
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return "-"
	case '\u00a0', '\u202f', '\u2009', '\u2007', '\u3000':
		return " "
	case '\u00b0': // "n°"
		return "o"
	}
	if unicode.IsSpace(r) {
		return " "
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return rendezvous.FoldLetter(r)
	}
	// Emoji, symbols and anything else separate words and carry nothing.
	return " "
}

// token is a word of norm: a maximal run of letters and digits.
type token struct {
	s          string
	start, end int // byte offsets in norm
}

// tokenize splits a folded string into words. Apostrophes, hyphens and
// punctuation separate words ("l'apres-midi" is l, apres, midi).
func tokenize(norm string) []token { return appendTokens(make([]token, 0, 16), norm) }

// appendTokens is tokenize into toks: a caller whose tokens stay with it
// passes a buffer of its own, without a slice for the collector.
func appendTokens(toks []token, norm string) []token {
	start := -1
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(norm[i:])
		}
		word := r < utf8.RuneSelf && (('a' <= r && r <= 'z') || ('0' <= r && r <= '9')) ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			toks = append(toks, token{s: norm[start:i], start: start, end: i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		toks = append(toks, token{s: norm[start:], start: start, end: len(norm)})
	}
	return toks
}

// isLetters reports whether s is made of ASCII letters only.
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// hasDigit reports whether s contains an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// foldString folds a whole string (used for gazetteer entries and tests).
func foldString(s string) string {
	return prepare(s).norm
}
