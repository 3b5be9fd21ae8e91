package rendezvous_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
)

// TestKindValuesSpelledOnce scans the source for copies of the kinds'
// values: every list of kinds derives from rendezvous.Kinds() (enums of
// the JSON Schemas from rendezvous.Kind, the agent's phrases and the
// customers' words keyed by its constants), so that a kind added there is
// added everywhere. A string literal (struct tags included) is a copy when
// it is a kind's value, names two kinds, or is an enum naming one. Tests,
// demo data and documentation may spell kinds out.
func TestKindValuesSpelledOnce(t *testing.T) {
	var values []string
	for _, k := range rendezvous.Kinds() {
		values = append(values, string(k))
	}
	word := regexp.MustCompile(`[a-z_]+`)
	copyOf := func(lit string) string {
		named := map[string]bool{}
		for _, w := range word.FindAllString(lit, -1) {
			for _, v := range values {
				if w == v {
					named[v] = true
				}
			}
		}
		for _, v := range values {
			switch {
			case lit == v:
				return "the kind " + v
			case named[v] && len(named) > 1:
				return "a list of kinds"
			case named[v] && strings.Contains(lit, `enum:"`):
				return "an enum of kinds"
			}
		}
		return ""
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "demo" || d.Name() == "docs") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == "provider.go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		var s scanner.Scanner
		s.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			if v, err := strconv.Unquote(lit); err == nil {
				lit = v
			}
			if what := copyOf(lit); what != "" {
				t.Errorf("%s: %s is spelled out; derive it from rendezvous.Kinds() or use the Kind constants", fset.Position(pos), what)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
