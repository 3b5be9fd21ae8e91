package rendezvous_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoHiddenGlobalState scans the source for the habits the reviewed
// system had: code run at import time (init), process-wide registries and
// muxes, and the standard logger that bypasses the redacting one.
func TestNoHiddenGlobalState(t *testing.T) {
	rules := []struct {
		what string
		re   *regexp.Regexp
	}{
		{"func init() runs code at import time", regexp.MustCompile(`(?m)^func init\(\)`)},
		{"http.DefaultServeMux is process-wide", regexp.MustCompile(`http\.DefaultServeMux|http\.Handle(Func)?\(`)},
		{"the default Prometheus registry is process-wide", regexp.MustCompile(`prometheus\.(MustRegister|Register)\(|promhttp\.Handler\(\)`)},
		{"the standard logger bypasses redaction", regexp.MustCompile(`\blog\.(Print|Printf|Println|Fatal|Fatalf|Panic)\(`)},
		{"OpenTelemetry's global providers are process-wide: pass the provider in", regexp.MustCompile(`otel\.(Set|Get)(TracerProvider|MeterProvider|TextMapPropagator)\(`)},
		{"goroutines started at package level", regexp.MustCompile(`(?m)^var _ = func\(\)`)},
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			code := line
			if c := strings.Index(code, "// "); c >= 0 {
				code = code[:c] // comments may name what the code avoids
			}
			for _, r := range rules {
				if r.re.MatchString(code) {
					t.Errorf("%s:%d: %s", path, i+1, r.what)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
