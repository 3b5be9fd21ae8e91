// Command namesgen builds understand/names/lexicon.txt (and its index,
// lexicon.idx) from word lists
// unpacked from package registries; scripts/names fetches them and runs it.
//
// Every entry is a word as the understanding's tokenizer sees it: folded
// (lower case, accents removed as understand folds them), made of letters
// only. An entry carries up to three facts: it is a given name, it is a
// part of people's names (a surname or any given name), it is an ordinary
// English or French word. Names that hold a hyphen or an apostrophe
// ("Jean-Pierre", "O'Neill") give each of their parts.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// The facts of an entry, as bits; the file stores '0'+bits.
const (
	given    = 1
	namePart = 2
	ordinary = 4
)

// restartEvery bounds the entries between two written in full, and so the
// entries a lookup decodes.
const restartEvery = 16

// maxWord is the longest entry kept; longer words never reach a name rule.
const maxWord = 40

func main() {
	givenDir := flag.String("given", "", "human-names data folder (male/female-human-names-{en,fr}.json)")
	fakerJSON := flag.String("faker", "", `faker names as {"given":[…],"last":[…]}`)
	people := flag.String("people", "", "cspell people-names.txt")
	french := flag.String("french", "", "an-array-of-french-words index.json")
	english := flag.String("english", "", "SCOWL word list (wamerican)")
	out := flag.String("out", "", "file to write")
	flag.Parse()
	if err := run(*givenDir, *fakerJSON, *people, *french, *english, *out); err != nil {
		fmt.Fprintln(os.Stderr, "namesgen:", err)
		os.Exit(1)
	}
}

func run(givenDir, fakerJSON, people, french, english, out string) error {
	facts := map[string]byte{}
	add := func(s string, bit byte, keepCapitalised bool) {
		if !keepCapitalised {
			// A capitalised entry of a dictionary is a proper noun
			// (a place, a brand, a person), not an ordinary word.
			if r := []rune(s); len(r) == 0 || unicode.IsUpper(r[0]) {
				return
			}
		}
		for _, w := range words(s) {
			facts[w] |= bit
		}
	}

	for _, f := range []string{"female-human-names-en.json", "male-human-names-en.json", "female-human-names-fr.json", "male-human-names-fr.json"} {
		var names []string
		if err := readJSON(filepath.Join(givenDir, f), &names); err != nil {
			return err
		}
		for _, n := range names {
			add(n, given|namePart, true)
		}
	}
	var fk struct{ Given, Last []string }
	if err := readJSON(fakerJSON, &fk); err != nil {
		return err
	}
	for _, n := range fk.Given {
		add(n, given|namePart, true)
	}
	for _, n := range fk.Last {
		add(n, namePart, true)
	}
	if err := eachLine(people, func(l string) {
		if !strings.HasPrefix(l, "#") {
			add(l, namePart, true)
		}
	}); err != nil {
		return err
	}
	var fr []string
	if err := readJSON(french, &fr); err != nil {
		return err
	}
	for _, w := range fr {
		add(w, ordinary, false)
	}
	if err := eachLine(english, func(l string) {
		if !strings.Contains(l, "'") { // possessives: "baker's" is "baker"
			add(l, ordinary, false)
		}
	}); err != nil {
		return err
	}

	keys := make([]string, 0, len(facts))
	for w := range facts {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	var b strings.Builder
	var index []byte
	prev := ""
	for i, w := range keys {
		if i%restartEvery == 0 {
			index = binary.LittleEndian.AppendUint32(index, uint32(b.Len()))
		}
		k := 0
		if i%restartEvery != 0 {
			for k < len(w) && k < len(prev) && k < 25 && w[k] == prev[k] {
				k++
			}
		}
		b.WriteByte(byte('A' + k))
		b.WriteString(w[k:])
		b.WriteByte('0' + facts[w])
		b.WriteByte('\n')
		prev = w
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	// The offsets of the entries written in full on purpose, as
	// little-endian uint32s: a lookup binary-searches them.
	return os.WriteFile(strings.TrimSuffix(out, ".txt")+".idx", index, 0o644)
}

// words returns the folded parts of s as the tokenizer would cut them,
// without one-letter parts (the O of O'Neill, the d of d'Artagnan).
func words(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(part)) < 2 || len(part) > maxWord || strings.ContainsAny(part, "0123456789") {
			continue
		}
		out = append(out, part)
	}
	return out
}

// fold lower-cases s and strips the accents French and English use, as
// understand's foldRune does (a test there checks that every entry is its
// own fold).
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
			b.WriteString("a")
		case 'ç', 'Ç':
			b.WriteString("c")
		case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
			b.WriteString("e")
		case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
			b.WriteString("i")
		case 'ñ', 'Ñ':
			b.WriteString("n")
		case 'ò', 'ó', 'ô', 'õ', 'ö', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö':
			b.WriteString("o")
		case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
			b.WriteString("u")
		case 'ý', 'ÿ', 'Ý', 'Ÿ':
			b.WriteString("y")
		case 'œ', 'Œ':
			b.WriteString("oe")
		case 'æ', 'Æ':
			b.WriteString("ae")
		case 'ß':
			b.WriteString("ss")
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteRune(' ')
			}
		}
	}
	return b.String()
}

func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func eachLine(path string, f func(string)) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			f(l)
		}
	}
	return sc.Err()
}
