package main

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReleaseBuild runs the Makefile's build as a release would and checks
// what it promises: a static binary (no dynamic loader: it runs on
// distroless/static or scratch), stamped with the version, commit and
// date it was given.
func TestReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	bin := filepath.Join(t.TempDir(), "rendezvous")
	cmd := exec.Command("make", "-s", "build", "BIN="+bin, "VERSION=v9.8.7", "COMMIT=0123456789abcdef0123456789abcdef01234567", "DATE=2026-12-05T10:00:00Z")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader: want CGO_ENABLED=0")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary links %v: want none", libs)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var got buildInfo
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	want := buildInfo{Version: "v9.8.7", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-05T10:00:00Z", Go: got.Go}
	if got != want || !strings.HasPrefix(got.Go, "go1.") {
		t.Errorf("version --json = %+v, want %+v", got, want)
	}
	out, err = exec.Command(bin, "version").Output()
	if err != nil || string(out) != "rendezvous v9.8.7 (0123456789ab, 2026-12-05T10:00:00Z) "+got.Go+"\n" {
		t.Errorf("version = %q, %v", out, err)
	}
	// -trimpath: no path of the machine that built it.
	raw, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if wd, _ := filepath.Abs("../.."); strings.Contains(string(raw), wd) {
		t.Errorf("the binary contains the build directory %s: want -trimpath", wd)
	}
}

// TestVersionFromBuildInfo: a plain `go build` (no stamps) still says
// something real rather than "unknown".
func TestVersionFromBuildInfo(t *testing.T) {
	b := readBuildInfo()
	if b.Version == "" || b.Go != runtime.Version() {
		t.Errorf("buildInfo = %+v", b)
	}
	out, err := runCommand(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "rendezvous "+b.Version) {
		t.Errorf("version = %q, %v", out, err)
	}
}

// TestHealthcheck asks a running server, as a container's HEALTHCHECK
// would, and a port where nothing listens.
func TestHealthcheck(t *testing.T) {
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(t.TempDir(), "rendezvous.db"), "RENDEZVOUS_SEED_DEMO": "false"}
	s := startServer(t, env)
	addr := strings.TrimPrefix(s.url, "http://")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		ok   bool
		want string
	}{
		{"Healthz", env, []string{"healthcheck", "--addr", addr}, true, `"status":"ok"`},
		{"Readyz", env, []string{"healthcheck", "--ready", "--addr", addr}, true, `"database:sqlite"`},
		{"FromEnvironment", map[string]string{"RENDEZVOUS_ADDR": addr}, []string{"healthcheck"}, true, `"status":"ok"`},
		{"EveryAddress", env, []string{"healthcheck", "--addr", "0.0.0.0:" + addr[strings.LastIndex(addr, ":")+1:]}, true, `"status":"ok"`},
		{"NothingListens", env, []string{"healthcheck", "--addr", "127.0.0.1:1", "--timeout", "2s"}, false, "127.0.0.1:1"},
		{"BadAddress", map[string]string{"RENDEZVOUS_ADDR": "nonsense"}, []string{"healthcheck"}, false, "RENDEZVOUS_ADDR"},
		{"BadFlag", env, []string{"healthcheck", "--addr", "nonsense"}, false, "--addr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCommand(t, tt.env, tt.args...)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v (%s)", err, tt.ok, out)
			}
			got := out
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("%q does not say %q", got, tt.want)
			}
		})
	}
}
