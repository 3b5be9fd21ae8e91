package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/fake"
)

// observability is where the dashboard and the alert rules live.
var observability = filepath.Join("..", "..", "deploy", "observability")

// TestObservabilityMetricsExist scrapes /metrics of a running server —
// with a language model (failing: so that its breaker, budget and
// fallbacks are exported), notifications and traffic — and checks that
// every metric the Grafana dashboard and the Prometheus alert rules name
// is one the binary exports: a renamed metric cannot leave a silent
// panel or an alert that never fires.
func TestObservabilityMetricsExist(t *testing.T) {
	srv := newFake(t, "anthropic", fake.Always(fake.ServerError()))
	env := modelEnv("anthropic", srv)
	env["RENDEZVOUS_DATABASE_URL"] = filepath.Join(t.TempDir(), "rendezvous.db")
	env["RENDEZVOUS_SEED_DEMO"] = "false"
	if _, err := runCommand(t, env, "seed", "--providers", "50"); err != nil {
		t.Fatal(err)
	}
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	s.call(t, "GET", "/readyz", "", nil)
	s.call(t, "POST", "/v1/chat", `{"message":"a dentist in Lyon please"}`, nil)
	exposition := s.get(t, "/metrics", "Authorization", "Bearer "+strings.TrimSpace(key))
	exported := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^# TYPE (\S+) (\S+)$`).FindAllStringSubmatch(exposition, -1) {
		exported[m[1]] = true
		if m[2] == "histogram" {
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				exported[m[1]+suffix] = true
			}
		}
	}
	for _, file := range []string{"alerts.yml", "grafana-dashboard.json"} {
		src, err := os.ReadFile(filepath.Join(observability, file))
		if err != nil {
			t.Fatal(err)
		}
		used := map[string]bool{}
		for _, name := range regexp.MustCompile(`\brendezvous_[a-z0-9_]+`).FindAllString(string(src), -1) {
			used[name] = true
		}
		if len(used) < 8 {
			t.Fatalf("%s names only %d metrics", file, len(used))
		}
		var missing []string
		for name := range used {
			if !exported[name] {
				missing = append(missing, name)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s names metrics the binary does not export: %v", file, missing)
		}
	}
}

// TestAlertRules checks the alert rules and runs their unit tests with
// promtool (Debian's prometheus package); skipped without it.
func TestAlertRules(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (Debian package prometheus): skipping the alert rules' checks")
	}
	for _, args := range [][]string{{"check", "rules", "alerts.yml"}, {"test", "rules", "alerts_test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = observability
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
