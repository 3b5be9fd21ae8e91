package deploy_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxBinaryBytes bounds the release binary (stripped): with the base
// layer (distroless/static, about 2 MB) the image must stay within the
// issue's 40 MB. docs/operations.md, "Binary and image size", says what
// it is made of.
const maxBinaryBytes = 37_500_000

// TestReleaseBuildSize builds the binary as the image does (make build)
// and fails when the linker had to keep every exported method of every
// reachable type — what a reachable call of reflect.Value.Method or
// MethodByName with a name known only at run time (text/template and
// html/template executing a template) makes it do, whoever imports it —
// or when the binary outgrows the image's budget.
func TestReleaseBuildSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release binary")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	bin := filepath.Join(t.TempDir(), "rendezvous")
	cmd := exec.Command("make", "-s", "build", "BIN="+bin, "EXTRA_LDFLAGS=-dumpdep")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("make build: %v\n%s", err, tail(stderr.String(), 2000))
	}
	// -dumpdep prints (on stderr) each reachable symbol once, as "from ->
	// to", with <ReflectMethod> after a function that calls Method or
	// MethodByName with a name the linker cannot know.
	var culprits []string
	sc := bufio.NewScanner(&stderr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if from, _, ok := strings.Cut(line, " -> "); ok && strings.HasSuffix(from, " <ReflectMethod>") {
			if f := strings.TrimSuffix(from, " <ReflectMethod>"); !slices.Contains(culprits, f) {
				culprits = append(culprits, f)
			}
		}
	}
	if len(culprits) > 0 {
		t.Errorf("dead code elimination of methods is off: %s call reflect.Value.Method or MethodByName "+
			"with a name known only at run time (find who reaches them in `make build EXTRA_LDFLAGS=-dumpdep`'s output)", strings.Join(culprits, ", "))
	}
	fi, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("release binary: %.1f MB", float64(fi.Size())/1e6)
	if fi.Size() > maxBinaryBytes {
		t.Errorf("the release binary is %d bytes, over the %d budget", fi.Size(), maxBinaryBytes)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
