// Package names knows the words of people's names and of ordinary
// English and French, so that the understanding can tell "Rose Martin"
// from "visiting" or "attendez".
//
// The knowledge is one embedded file, lexicon.txt, built by scripts/names
// from word lists of package registries (see NOTICE for their sources and
// licences): about 410,000 folded words (lower case, accents removed),
// each with the facts of Facts. It is searched in place, with its index
// (lexicon.idx): nothing is loaded or copied, and the only memory it takes
// is the binary's.
//
// File format: entries sorted by bytes, one a line. A line is a byte 'A'+k,
// then the entry without its first k bytes (k is the length of the prefix it
// shares with the entry before, at most 25), then a digit '0'+Facts. Every 16th
// entry, and any that shares nothing with the one before, is written
// in full (k = 0), so that a lookup binary-searches the full entries and
// decodes at most 16 lines; lexicon.idx holds their offsets.
package names

import (
	_ "embed"
	"sort"
	"strings"
)

//go:embed lexicon.txt
var lexicon string

//go:embed lexicon.idx
var lexiconIndex string

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
	data  string
	index string // little-endian uint32 offsets of every 16th line
}

// Embedded returns the lexicon built into the binary. It costs nothing:
// the file and its index are read where they are.
func Embedded() Lexicon { return Lexicon{data: lexicon, index: lexiconIndex} }

// maxWord is the longest entry (see scripts/namesgen).
const maxWord = 40

// Lookup returns the facts known of w, a folded word as the understanding
// tokenizes it ("pierre"; "o'neill" is two words, "o" and "neill"); 0 when
// w is unknown.
func (l Lexicon) Lookup(w string) Facts {
	blocks := len(l.index) / 4
	if w == "" || len(w) > maxWord || blocks == 0 {
		return 0
	}
	// The last block whose first entry is ≤ w.
	i := sort.Search(blocks, func(i int) bool { return l.head(i) > w }) - 1
	if i < 0 {
		return 0
	}
	d := l.data
	end := len(d)
	if i+1 < blocks {
		end = l.restart(i + 1)
	}
	var buf [maxWord + 1]byte
	cur := buf[:0]
	for p := l.restart(i); p < end; {
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

// restart returns the offset of the first line of block i.
func (l Lexicon) restart(i int) int {
	b := l.index[4*i : 4*i+4]
	return int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
}

// head returns the first entry of block i, written in full.
func (l Lexicon) head(i int) string {
	p := l.restart(i)
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
