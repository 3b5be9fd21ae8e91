package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameParticles stay in lower case inside a name: "Jean de la Fontaine",
// "Ludwig van Beethoven".
var nameParticles = map[string]bool{"de": true, "du": true, "des": true, "la": true, "le": true, "d": true,
	"van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "del": true, "dos": true, "y": true}

// NameCase returns a name typed all in lower case ("julie martin", texted)
// as it is written on a letter: "Julie Martin", "Jean-Pierre de la
// Fontaine", "Jeanne d'Arc". A name with any capital letter is kept as the
// customer wrote it: "McDonald", "van der Berg" and "DUPONT" are theirs
// to spell.
func NameCase(name string) string {
	for _, r := range name {
		if unicode.IsUpper(r) {
			return name
		}
	}
	words := strings.Fields(name)
	for i, w := range words {
		words[i] = caseWord(w, i == 0)
	}
	return strings.Join(words, " ")
}

// caseWord capitalises each part of a word between hyphens and
// apostrophes, particles other than the name's first word aside.
func caseWord(w string, first bool) string {
	var b strings.Builder
	start := true
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		if start && unicode.IsLetter(r) {
			part := w[i:]
			if j := strings.IndexAny(part, "-'’"); j >= 0 {
				part = part[:j]
			}
			if first && i == 0 || !nameParticles[part] {
				r = unicode.ToTitle(r)
			}
			start = false
		}
		b.WriteRune(r)
		if r == '-' || r == '\'' || r == '’' {
			start = true
		}
		i += size
	}
	return b.String()
}
