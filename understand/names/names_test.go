package names_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand/names"
)

func TestLookup(t *testing.T) {
	lex := names.Embedded()
	tests := []struct {
		word string
		want names.Facts
	}{
		{"rose", names.Given | names.NamePart | names.Ordinary},
		{"pierre", names.Given | names.NamePart | names.Ordinary},
		{"martin", names.Given | names.NamePart | names.Ordinary}, // the bird
		{"dupont", names.NamePart},
		{"nguyen", names.NamePart},
		{"visiting", names.Ordinary},
		{"attendez", names.Ordinary},
		{"plutot", names.Ordinary},
		{"zzzzqx", 0},
		{"", 0},
		{"a", 0},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := lex.Lookup(tt.word); got != tt.want {
				t.Fatalf("Lookup(%q) = %b, want %b", tt.word, got, tt.want)
			}
		})
	}
}

// TestLookupFindsEveryEntry decodes the whole file and looks every entry
// up: the binary search and the decoding agree, and the file is sorted.
func TestLookupFindsEveryEntry(t *testing.T) {
	lex := names.Embedded()
	prev, n := "", 0
	lex.Each(func(w string, f names.Facts) {
		n++
		if w <= prev {
			t.Fatalf("entry %d %q not after %q", n, w, prev)
		}
		if f == 0 || f > names.Given|names.NamePart|names.Ordinary {
			t.Fatalf("entry %q has facts %d", w, f)
		}
		if got := lex.Lookup(w); got != f {
			t.Fatalf("Lookup(%q) = %b, want %b", w, got, f)
		}
		// A word just after or before an entry is found only if listed.
		if got := lex.Lookup(w + "\x01"); got != 0 {
			t.Fatalf("Lookup(%q) = %b, want 0", w+"\x01", got)
		}
		prev = w
	})
	if n < 300000 {
		t.Fatalf("only %d entries", n)
	}
}

func TestZeroLexiconKnowsNothing(t *testing.T) {
	if got := (names.Lexicon{}).Lookup("rose"); got != 0 {
		t.Fatalf("zero Lexicon: %b", got)
	}
}

func BenchmarkLookup(b *testing.B) {
	lex := names.Embedded()
	words := []string{"rose", "visiting", "dupont", "zzzzqx", "attendez", "marie"}
	for i := 0; b.Loop(); i++ {
		lex.Lookup(words[i%len(words)])
	}
}

func BenchmarkEmbedded(b *testing.B) {
	for b.Loop() {
		names.Embedded()
	}
}
