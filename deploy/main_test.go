package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// buildDir holds the binary that binary builds once, removed by TestMain.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rendezvous-deploy-test")
	if err != nil {
		panic(err)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary builds rendezvous once for the tests that ask it to check a
// configuration.
var binary = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(buildDir, "rendezvous")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/rendezvous").CombinedOutput()
	if err != nil {
		return "", &buildError{string(out)}
	}
	return bin, nil
})

type buildError struct{ out string }

func (e *buildError) Error() string { return "go build: " + e.out }

// configCheck runs `rendezvous config check` with exactly env as its
// environment: what serve would refuse, it refuses.
func configCheck(t *testing.T, env map[string]string) {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "config", "check")
	var keys []string
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cmd.Env = append(cmd.Env, k+"="+env[k])
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("rendezvous config check with %s: %v\n%s", strings.Join(keys, " "), err, out)
	}
}
