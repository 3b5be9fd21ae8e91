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
//
// A name written the French administrative way, surname first in
// capitals ("DUPONT Marie", "DE GAULLE Charles"), is written as on a
// letter: "Marie Dupont", "Charles de Gaulle".
func NameCase(name string) string {
	if given, surname, ok := surnameFirst(name); ok {
		words := strings.Fields(strings.ToLower(surname))
		for i, w := range words {
			words[i] = caseWord(w, false) // after the given name, "de" stays in lower case
		}
		return given + " " + strings.Join(words, " ")
	}
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

// surnameFirst splits a name whose first words are in capitals (three
// letters at least, so that initials such as "JP" are not taken for a
// surname) and whose other words are capitalised, not in capitals:
// "DUPONT Marie" is the surname DUPONT and the given name Marie.
func surnameFirst(name string) (given, surname string, ok bool) {
	words := strings.Fields(name)
	k := 0
	for k < len(words) && upperWord(words[k]) {
		k++
	}
	if k == 0 || k == len(words) {
		return "", "", false
	}
	for _, w := range words[k:] {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.IndexFunc(w, unicode.IsLower) < 0 {
			return "", "", false
		}
	}
	return strings.Join(words[k:], " "), strings.Join(words[:k], " "), true
}

// upperWord reports whether w is a word in capitals of three letters or
// more (or a particle in capitals, "DE", "LE", inside such a surname).
func upperWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 3 || letters >= 2 && nameParticles[strings.ToLower(w)]
}
