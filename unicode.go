package rendezvous

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// What customers type is text from anywhere: these rules keep what is
// stored looking like what it is. Invisible characters (zero-width
// spaces, joiners, the byte-order mark, fillers) let two different names
// or addresses look the same; bidirectional controls (U+202E…) make text
// display in another order than it is stored, in a staff member's screen
// or a terminal; compatibility characters (the Kelvin sign, full-width
// letters) and case mappings out of ASCII (the Turkish İ) fold onto
// someone else's plain address.

const (
	zwnj = '\u200c'
	zwj  = '\u200d'
)

// joinedInScript reports whether a zero-width joiner or non-joiner
// between prev and next is part of the spelling: both are letters (or
// prev a mark, an Indic virama) of one script whose spelling uses them —
// a Persian name's ZWNJ, an Indic conjunct's ZWJ. Anywhere else they only
// hide a difference.
func joinedInScript(prev, next rune) bool {
	if !(unicode.IsLetter(prev) || unicode.IsMark(prev)) || !unicode.IsLetter(next) {
		return false
	}
	for _, script := range []*unicode.RangeTable{
		unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian, unicode.Devanagari, unicode.Bengali,
		unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya, unicode.Tamil, unicode.Telugu, unicode.Kannada,
		unicode.Malayalam, unicode.Sinhala, unicode.Khmer, unicode.Myanmar,
	} {
		if unicode.Is(script, prev) && unicode.Is(script, next) {
			return true
		}
	}
	return false
}

// hidden reports whether r may not appear in a name or an address
// whatever its neighbours: it is not a visible character (format
// characters — category Cf, which holds every bidirectional control and
// zero-width character — private use, unassigned code points and
// noncharacters are not graphic), it is default-ignorable (fillers,
// variation selectors, the combining grapheme joiner), or it is a blank
// that is graphic all the same (U+2800 BRAILLE PATTERN BLANK).
func hidden(r rune) bool {
	return !unicode.IsGraphic(r) || unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) || r == '\u2800'
}

// maxMarks bounds the combining marks on one character: Vietnamese
// stacks two, Tibetan and Indic syllables a few; dozens ("Zalgo" text)
// spill over the lines around them.
const maxMarks = 4

// checkNameRunes applies the rules to a name already trimmed, with single
// spaces, in NFC. It returns "" or what is wrong.
func checkNameRunes(s string) string {
	letters, marks := 0, 0
	prev := ' '
	for i, r := range s {
		switch {
		case unicode.IsControl(r) || r == utf8.RuneError:
			return "must not contain control characters"
		case r == zwnj || r == zwj:
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !joinedInScript(prev, next) {
				return "must not contain invisible or text-direction characters"
			}
		case hidden(r):
			return "must not contain invisible or text-direction characters"
		case unicode.IsMark(r):
			if prev == ' ' {
				return "must not begin a word with a combining mark"
			}
			if marks++; marks > maxMarks {
				return "must not stack so many accents on one letter"
			}
		case unicode.IsLetter(r):
			letters++
		}
		if !unicode.IsMark(r) {
			marks = 0
		}
		prev = r
	}
	if letters == 0 {
		return "must contain letters"
	}
	return ""
}

// asciiDomain returns an email domain, already in NFC and free of hidden
// characters, as lower-case ASCII: an internationalised domain as its
// IDNA A-label ("müller.de" → "xn--mller-kva.de"), validated with IDNA's
// registration rules. Those refuse what the lookup mapping would quietly
// change ("example。com", full-width letters), so the only change made is
// lower-casing, and a non-ASCII letter whose lower case is ASCII (İ, the
// Kelvin sign) is refused rather than folded onto another domain. Labels
// must be letters, marks, digits and hyphens: IDNA2008 has no symbols, and
// the library lets emoji through. It returns false for anything else.
func asciiDomain(domain string) (string, bool) {
	for _, r := range domain {
		if r >= utf8.RuneSelf && unicode.ToLower(r) < utf8.RuneSelf {
			return "", false
		}
	}
	a, err := idna.Registration.ToASCII(strings.ToLower(domain))
	if err != nil {
		return "", false
	}
	// An A-label given as such must decode to a valid U-label.
	u, err := idna.Registration.ToUnicode(a)
	if err != nil {
		return "", false
	}
	if again, err := idna.Registration.ToASCII(u); err != nil || again != a {
		return "", false
	}
	for _, r := range u {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r) && r != '-' && r != '.' {
			return "", false
		}
	}
	return a, true
}

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
