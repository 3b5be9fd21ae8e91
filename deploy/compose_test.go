package deploy_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"sigs.k8s.io/yaml"
)

// loadCompose copies deploy/compose into a temporary directory, writes
// its secrets with init-secrets as a user would, and loads compose.yaml
// with compose-go, the loader of docker compose itself: the Compose
// Specification's JSON schema, interpolation, and the references between
// services, networks, volumes and secrets.
func loadCompose(t *testing.T) (*types.Project, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("compose")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "secrets")) // a developer's own, if any
	if out, err := exec.Command("sh", filepath.Join(dir, "init-secrets")).CombinedOutput(); err != nil {
		t.Fatalf("init-secrets: %v\n%s", err, out)
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "compose.yaml")},
		cli.WithWorkingDirectory(dir), cli.WithEnv(nil), cli.WithConsistency(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return p, dir
}

var servers = []string{"rendezvous-1", "rendezvous-2", "rendezvous-3"}

// TestCompose checks the fleet: what must run, that the instances are
// locked down and wired to the services beside them, that the load
// balancer, Prometheus and the secrets agree with them, and that each
// instance's configuration is one `rendezvous serve` accepts.
func TestCompose(t *testing.T) {
	p, dir := loadCompose(t)
	for _, name := range append([]string{"postgres", "redis", "mailpit", "caddy", "prometheus", "grafana", "init"}, servers...) {
		if _, ok := p.Services[name]; !ok {
			t.Fatalf("no service %s", name)
		}
	}
	caddyIP := p.Services["caddy"].Networks["default"].Ipv4Address
	for _, name := range append([]string{"init"}, servers...) {
		t.Run(name, func(t *testing.T) {
			s := p.Services[name]
			if !s.ReadOnly || s.User != "65532:65532" || !slices.Contains(s.CapDrop, "ALL") || !slices.Contains(s.Tmpfs, "/tmp") {
				t.Errorf("want a read-only root, user 65532, every capability dropped and a /tmp tmpfs: read_only=%v user=%q cap_drop=%v tmpfs=%v",
					s.ReadOnly, s.User, s.CapDrop, s.Tmpfs)
			}
			if s.Build == nil || s.Build.Dockerfile != "deploy/Dockerfile" {
				t.Errorf("build = %+v, want deploy/Dockerfile", s.Build)
			}
			env := map[string]string{}
			for k, v := range s.Environment {
				if v != nil {
					env[k] = *v
				}
			}
			// Secrets are files under /run/secrets, each declared for the
			// service; the checks below read the files init-secrets wrote.
			for k, v := range env {
				if !strings.HasSuffix(k, "_FILE") {
					continue
				}
				secret, ok := strings.CutPrefix(v, "/run/secrets/")
				if !ok || !slices.ContainsFunc(s.Secrets, func(c types.ServiceSecretConfig) bool { return c.Source == secret }) {
					t.Errorf("%s=%s: not a secret of the service", k, v)
				}
				env[k] = filepath.Join(dir, "secrets", secret)
			}
			if u, err := url.Parse(env["RENDEZVOUS_SMTP_URL"]); err != nil || u.Hostname() != "mailpit" || u.Port() != "1025" {
				t.Errorf("RENDEZVOUS_SMTP_URL = %q: want Mailpit's SMTP port", env["RENDEZVOUS_SMTP_URL"])
			}
			if env["RENDEZVOUS_TRUSTED_PROXIES"] != caddyIP+"/32" {
				t.Errorf("RENDEZVOUS_TRUSTED_PROXIES = %q, want Caddy's address %s/32", env["RENDEZVOUS_TRUSTED_PROXIES"], caddyIP)
			}
			if name == "init" {
				if got := strings.Join(s.Command, " "); !strings.HasPrefix(got, "seed --if-empty") {
					t.Errorf("init runs %q: want seed --if-empty (it runs at every start)", got)
				}
			} else {
				if s.HealthCheck == nil || strings.Join(s.HealthCheck.Test, " ") != "CMD /rendezvous healthcheck --ready" {
					t.Errorf("healthcheck = %+v: want the binary's own (no shell in the image)", s.HealthCheck)
				}
				if s.DependsOn["init"].Condition != types.ServiceConditionCompletedSuccessfully {
					t.Errorf("depends_on init = %+v: instances must wait for the migrations and the seed", s.DependsOn["init"])
				}
			}
			configCheck(t, env)
		})
	}

	// Caddy balances over exactly the instances, on their port.
	caddyfile, err := os.ReadFile(filepath.Join(dir, "Caddyfile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`reverse_proxy ([^{\n]+)`).FindSubmatch(caddyfile)
	var want []string
	for _, s := range servers {
		want = append(want, s+":8080")
	}
	if m == nil || !slices.Equal(strings.Fields(string(m[1])), want) {
		t.Errorf("Caddy's upstreams = %q, want %v", m, want)
	}
	if !strings.Contains(string(caddyfile), "health_uri /readyz") {
		t.Error("Caddy does not check /readyz: a draining or cut-off instance would still get requests")
	}
	for _, s := range servers {
		if addr := *p.Services[s].Environment["RENDEZVOUS_ADDR"]; addr != ":8080" {
			t.Errorf("%s listens on %q, Caddy sends to :8080", s, addr)
		}
	}

	// Prometheus scrapes every instance's metrics address.
	var prom struct {
		ScrapeConfigs []struct {
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &prom); err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, sc := range prom.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			targets = append(targets, st.Targets...)
		}
	}
	for _, s := range servers {
		port := strings.TrimPrefix(*p.Services[s].Environment["RENDEZVOUS_METRICS_ADDR"], ":")
		if !slices.Contains(targets, s+":"+port) {
			t.Errorf("Prometheus does not scrape %s:%s (targets %v)", s, port, targets)
		}
	}

	// Every secret the file declares is written by init-secrets.
	for name, sec := range p.Secrets {
		if fi, err := os.Stat(sec.File); err != nil || fi.Size() == 0 {
			t.Errorf("secret %s: init-secrets wrote no %s", name, sec.File)
		}
	}
}
