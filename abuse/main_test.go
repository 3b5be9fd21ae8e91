package abuse_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// binary is the rendezvous binary the suite runs: built by TestMain, or
// -abuse.binary.
var binary string

// sessionAttempts is the size of the session flood (TestSessionFlood).
var sessionAttempts = flag.Int("abuse.sessions", 50_000, "session creations attempted by TestSessionFlood (1000000 for the full version)")

// prebuilt, when set, is a rendezvous binary to attack instead of one
// built from this module (a release artifact, say).
var prebuilt = flag.String("abuse.binary", "", "attack this rendezvous binary instead of building ./cmd/rendezvous")

// buildTimeout bounds `go build`, seedTimeout each `rendezvous seed` or
// `admin-key create`.
const (
	buildTimeout = 5 * time.Minute
	seedTimeout  = 2 * time.Minute
)

func TestMain(m *testing.M) { os.Exit(runSuite(m)) }

func runSuite(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		fmt.Println("abuse: skipped in -short mode (the suite runs real server processes for minutes)")
		return 0
	}
	dir, err := os.MkdirTemp("", "rendezvous-abuse-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "abuse:", err)
		return 1
	}
	defer os.RemoveAll(dir) // the binary and the seeded templates
	templates.dir = dir
	if binary = *prebuilt; binary == "" {
		if binary, err = build(dir); err != nil {
			fmt.Fprintln(os.Stderr, "abuse:", err)
			return 1
		}
	}
	return m.Run()
}

// build compiles ./cmd/rendezvous of this module into dir, without the
// race detector whatever the tests run with (the suite measures the
// server as it ships), and returns the binary's path.
func build(dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("find the go command: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	out := filepath.Join(dir, "rendezvous")
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", out, "./cmd/rendezvous")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/rendezvous: %v\n%s", err, msg)
	}
	return out, nil
}

// moduleRoot walks up from the working directory to the go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
