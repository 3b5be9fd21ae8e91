// Package names knows the words of people's names and of ordinary
// English and French, so that the understanding can tell "Rose Martin"
// from "visiting" or "attendez".
//
// The knowledge is one embedded file, lexicon.txt, built by scripts/names
// from word lists of package registries (see NOTICE for their sources and
// licences): about 410,000 folded words (lower case, accents removed),
// each with the facts of Facts. It is searched in place: the words are not
// copied to memory, only an index of one entry in 16 (about 100 KB).
//
// File format: entries sorted by bytes, one a line. A line is a byte 'A'+k,
// then the entry without its first k bytes (k is the length of the prefix it
// shares with the entry before, at most 25), then a digit '0'+Facts. Every 16th
// entry, and any that shares nothing with the one before, is written
// in full (k = 0), so that a lookup binary-searches the full entries and
// decodes at most 16 lines. Embedded indexes those full entries once.
package names

import (
	_ "embed"
	"sort"
	"strings"
)

//go:embed lexicon.txt
var lexicon string

// Facts says what a word is known as.
type Facts uint8

// The facts a word may have.
const (
	// Given: a given name (English and French lists).
	Given Facts = 1
	// NamePart: part of people's names — a surname, or a given name of any
	// culture.
	NamePart Facts = 2
	// Ordinary: a word of the English or French dictionary, inflected
	// forms included ("visiting", "attendez").
	Ordinary Facts = 4
)

// Lexicon looks words up. The zero value knows no word; Embedded returns
// the one built into the binary.
type Lexicon struct {
	data     string
	restarts []uint32 // offsets of the lines written in full on purpose, every restartEvery-th
}

// restartEvery is the generator's period of entries written in full.
const restartEvery = 16

// Embedded returns the lexicon built into the binary. It indexes the file
// once (a few milliseconds, about 30 KB); keep the result.
func Embedded() Lexicon { return newLexicon(lexicon) }

func newLexicon(data string) Lexicon {
	l := Lexicon{data: data, restarts: make([]uint32, 0, len(data)/(4*restartEvery))}
	for p, n := 0, 0; p < len(data); n++ {
		if n%restartEvery == 0 {
			l.restarts = append(l.restarts, uint32(p))
		}
		nl := strings.IndexByte(data[p:], '\n')
		if nl < 0 {
			break
		}
		p += nl + 1
	}
	return l
}

// maxWord is the longest entry (see scripts/namesgen).
const maxWord = 40

// Lookup returns the facts known of w, a folded word as the understanding
// tokenizes it ("pierre"; "o'neill" is two words, "o" and "neill"); 0 when
// w is unknown.
func (l Lexicon) Lookup(w string) Facts {
	if w == "" || len(w) > maxWord || len(l.restarts) == 0 {
		return 0
	}
	// The last block whose first entry is ≤ w.
	i := sort.Search(len(l.restarts), func(i int) bool { return l.head(i) > w }) - 1
	if i < 0 {
		return 0
	}
	d := l.data
	end := len(d)
	if i+1 < len(l.restarts) {
		end = int(l.restarts[i+1])
	}
	var buf [maxWord + 1]byte
	cur := buf[:0]
	for p := int(l.restarts[i]); p < end; {
		nl := p + strings.IndexByte(d[p:], '\n')
		k := int(d[p] - 'A')
		cur = append(cur[:min(k, len(cur))], d[p+1:nl-1]...)
		switch c := compare(cur, w); {
		case c == 0:
			return Facts(d[nl-1] - '0')
		case c > 0:
			return 0
		}
		p = nl + 1
	}
	return 0
}

// head returns the first entry of block i, written in full.
func (l Lexicon) head(i int) string {
	p := int(l.restarts[i])
	nl := p + strings.IndexByte(l.data[p:], '\n')
	return l.data[p+1 : nl-1]
}

// Each calls f with every entry and its facts, in order (for tests and
// tools; it decodes the whole file).
func (l Lexicon) Each(f func(word string, facts Facts)) {
	d := l.data
	var cur []byte
	for p := 0; p < len(d); {
		end := p + strings.IndexByte(d[p:], '\n')
		k := int(d[p] - 'A')
		cur = append(cur[:min(k, len(cur))], d[p+1:end-1]...)
		f(string(cur), Facts(d[end-1]-'0'))
		p = end + 1
	}
}

// compare is strings.Compare for a byte slice and a string, without
// converting either.
func compare(a []byte, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}
