package dialogue

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogs: every language has every message, with the same verbs for
// the same arguments; every message the code says is in the catalogs, and
// every message of the catalogs is said somewhere.
func TestCatalogs(t *testing.T) {
	c, err := loadCatalogs(messageFiles)
	if err != nil {
		t.Fatal(err)
	}
	en, ok := c["en"]
	if !ok || c["fr"] == nil {
		t.Fatalf("catalogs %v, want en and fr", slices.Sorted(maps.Keys(c)))
	}
	for lang, m := range c {
		for key, s := range en {
			other, ok := m[key]
			if !ok {
				t.Errorf("%s has no %q", lang, key)
				continue
			}
			if a, b := verbs(s), verbs(other); !slices.Equal(a, b) {
				t.Errorf("%s %q has the verbs %v, en has %v", lang, key, b, a)
			}
		}
		for key := range m {
			if _, ok := en[key]; !ok {
				t.Errorf("%s has %q, which en does not", lang, key)
			}
		}
	}
	used := messagesSaid(t)
	for k := range dynamicKeys() {
		used[k] = true
	}
	for key := range used {
		if _, ok := en[key]; !ok {
			t.Errorf("the code says %q, which no catalog has", key)
		}
	}
	for key := range en {
		if !used[key] {
			t.Errorf("the catalogs have %q, which the code never says", key)
		}
	}
}

// messagesSaid returns the keys the package's code passes as string
// literals to text, format, add and ask (and to clarify's say), or names
// in a codeReplies; the keys it builds are dynamicKeys.
func messagesSaid(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// A task's replies around a code (codeReplies{…}) are said by
			// sendCode.
			if lit, ok := n.(*ast.CompositeLit); ok {
				if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "codeReplies" {
					for _, e := range lit.Elts {
						if kv, ok := e.(*ast.KeyValueExpr); ok {
							if v, ok := kv.Value.(*ast.BasicLit); ok && v.Kind == token.STRING {
								if s, err := strconv.Unquote(v.Value); err == nil {
									used[s] = true
								}
							}
						}
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch x := call.Fun.(type) {
			case *ast.Ident:
				fn = x.Name
			case *ast.SelectorExpr:
				fn = x.Sel.Name
			}
			arg := -1
			switch fn {
			case "add", "say", "askWhichProvider":
				arg = 0
			case "text", "format", "ask":
				arg = 1
			}
			if arg < 0 || len(call.Args) <= arg {
				return true
			}
			if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					used[s] = true
				}
			}
			return true
		})
	}
	return used
}

// verbs returns the fmt verbs of a format, by argument, as "index:verb",
// sorted and each once: "%[2]s %d" gives [2:s 3:d]. A language may say an
// argument more than once.
func verbs(format string) []string {
	var out []string
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			if end > 0 {
				if n, err := strconv.Atoi(format[i+1 : i+end]); err == nil {
					arg = n - 1
				}
				i += end + 1
			}
		}
		if i < len(format) {
			out = append(out, strconv.Itoa(arg+1)+":"+string(format[i]))
			arg++
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
