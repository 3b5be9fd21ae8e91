package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// runApp runs a command with env as the whole process environment (so
// that unknown variables are reported) and returns its output streams.
func runApp(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	a := &app{stdout: &out, stderr: &errOut, getenv: envOf(env), environ: func() []string { return environ }}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = a.run(ctx, args)
	return out.String(), errOut.String(), err
}

// secretFile writes content to a file of the test's and returns its path.
func secretFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSecretsFromFiles: every secret can come from the file its *_FILE
// variable names (a Kubernetes or Docker secret), and every mistake is
// reported under the variable the operator set.
func TestSecretsFromFiles(t *testing.T) {
	key := prodEnv()["RENDEZVOUS_SECRET_KEY"]
	pepper := prodEnv()["RENDEZVOUS_ADMIN_KEY_PEPPER"]
	allFromFiles := prodEnv("RENDEZVOUS_SECRET_KEY", "", "RENDEZVOUS_ADMIN_KEY_PEPPER", "", "RENDEZVOUS_SMTP_URL", "")
	allFromFiles["RENDEZVOUS_SECRET_KEY_FILE"] = secretFile(t, key+"\n")
	allFromFiles["RENDEZVOUS_ADMIN_KEY_PEPPER_FILE"] = secretFile(t, pepper+"\r\n")
	allFromFiles["RENDEZVOUS_SMTP_URL_FILE"] = secretFile(t, "smtp://u:p@smtp.example:587")
	allFromFiles["RENDEZVOUS_DATABASE_URL_FILE"] = secretFile(t, "postgres://app:pw@db.internal/rendezvous?sslmode=verify-full")
	allFromFiles["RENDEZVOUS_REDIS_URL_FILE"] = secretFile(t, "rediss://:pw@redis.internal:6379/0")
	with := func(pairs ...string) map[string]string {
		env := map[string]string{}
		for k, v := range allFromFiles {
			env[k] = v
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			env[pairs[i]] = pairs[i+1]
		}
		return env
	}
	tests := []struct {
		name string
		env  map[string]string
		want string // in the error; "" for success
	}{
		{"OK", allFromFiles, ""},
		{"ErrBothSet", with("RENDEZVOUS_SECRET_KEY", key), "RENDEZVOUS_SECRET_KEY_FILE: is set, and so is RENDEZVOUS_SECRET_KEY"},
		{"ErrMissingFile", with("RENDEZVOUS_SECRET_KEY_FILE", "/nonexistent/secret"), "RENDEZVOUS_SECRET_KEY_FILE: cannot read the secret"},
		{"ErrEmptyFile", with("RENDEZVOUS_ADMIN_KEY_PEPPER_FILE", secretFile(t, "\n")), "RENDEZVOUS_ADMIN_KEY_PEPPER_FILE: "},
		{"ErrPlaceholderInFile", with("RENDEZVOUS_SECRET_KEY_FILE", secretFile(t, "changeme")), "RENDEZVOUS_SECRET_KEY_FILE: is a known placeholder"},
		{"ErrShortPepperInFile", with("RENDEZVOUS_ADMIN_KEY_PEPPER_FILE", secretFile(t, "short")), "RENDEZVOUS_ADMIN_KEY_PEPPER_FILE: is too short"},
		{"ErrDatabaseSchemeInFile", with("RENDEZVOUS_DATABASE_URL_FILE", secretFile(t, "mysql://app:pw@db/x")), "RENDEZVOUS_DATABASE_URL_FILE: mysql:"},
		{"ErrDatabasePlaintextInFile", with("RENDEZVOUS_DATABASE_URL_FILE", secretFile(t, "postgres://app:pw@db.internal/x")), "RENDEZVOUS_DATABASE_URL_FILE: production connects"},
		{"ErrRedisInFile", with("RENDEZVOUS_REDIS_URL_FILE", secretFile(t, "http://redis")), "RENDEZVOUS_REDIS_URL_FILE: want a redis://"},
		{"ErrSMTPInFile", with("RENDEZVOUS_SMTP_URL_FILE", secretFile(t, "mail.example")), "RENDEZVOUS_SMTP_URL_FILE: want smtp://"},
		{"ErrTooLarge", with("RENDEZVOUS_SECRET_KEY_FILE", secretFile(t, strings.Repeat("k", maxSecretFile+1))), "RENDEZVOUS_SECRET_KEY_FILE: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runApp(t, tt.env, "config", "check")
			if tt.want == "" {
				if err != nil {
					t.Fatalf("config check: %v", err)
				}
				// Secrets read from files are masked like the others.
				for _, secret := range []string{key, pepper, ":pw@", ":p@"} {
					if strings.Contains(out, secret) {
						t.Errorf("config check printed a secret (%q):\n%s", secret, out)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), ":pw@") {
				t.Errorf("the error shows the URL's password: %v", err)
			}
		})
	}
}

// TestUnknownVariables: a misspelt variable is named with the nearest
// setting; a warning in development, an error in production.
func TestUnknownVariables(t *testing.T) {
	dev := map[string]string{"RENDEZVOUS_SECRET_KY": "x", "RENDEZVOUS_RATE_LIMIT_BOOKNG": "5/min", "RENDEZVOUS_TEST_POSTGRES_URL": "postgres://x", "RENDEZVOUS_ADMIN_KEY": "k"}
	_, stderr, err := runApp(t, dev, "config", "check")
	if err != nil {
		t.Fatalf("development: %v", err)
	}
	for _, want := range []string{
		"RENDEZVOUS_SECRET_KY is not a Rendezvous setting (did you mean RENDEZVOUS_SECRET_KEY?)",
		"RENDEZVOUS_RATE_LIMIT_BOOKNG is not a Rendezvous setting (did you mean RENDEZVOUS_RATE_LIMIT_BOOKING?)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "warning") != 2 {
		t.Errorf("want two warnings (the tests' and tools' variables are known):\n%s", stderr)
	}
	prod := prodEnv("RENDEZVOUS_SHUTDOWN_GRCE", "20s")
	if _, _, err := runApp(t, prod, "config", "check"); err == nil || !strings.Contains(err.Error(), "did you mean RENDEZVOUS_SHUTDOWN_GRACE?") {
		t.Fatalf("production: err = %v", err)
	}
	if _, _, err := runApp(t, prodEnv(), "config", "check"); err != nil {
		t.Fatalf("production without unknown variables: %v", err)
	}
}

// TestEveryVariableDocumented ties the settings read to
// docs/configuration.md, both ways: the unknown-variable check relies on
// every setting being read whatever the configuration.
func TestEveryVariableDocumented(t *testing.T) {
	_, env, _ := readConfig(func(string) string { return "" })
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	name := regexp.MustCompile(`RENDEZVOUS_[A-Z0-9_]*[A-Z0-9]`)
	for _, loc := range name.FindAllStringIndex(string(doc), -1) {
		if rest := string(doc[loc[1]:]); strings.HasPrefix(rest, "_*") || strings.HasPrefix(rest, "_<") {
			continue // a family: RENDEZVOUS_TEST_*, RENDEZVOUS_RATE_LIMIT_<CLASS>
		}
		documented[string(doc[loc[0]:loc[1]])] = true
	}
	// The rate classes' variables are documented as a pattern and a table
	// of classes.
	rateVar := regexp.MustCompile(`^RENDEZVOUS_RATE_LIMIT_([A-Z_]+?)(_BURST)?$`)
	var read []string
	for name := range env.asked {
		read = append(read, name)
		if m := rateVar.FindStringSubmatch(name); m != nil {
			if !strings.Contains(string(doc), "| `"+strings.ToLower(m[1])+"` |") {
				t.Errorf("%s is read but its class is not in docs/configuration.md's table", name)
			}
			continue
		}
		if !documented[name] {
			t.Errorf("%s is read but not in docs/configuration.md", name)
		}
	}
	for name := range documented {
		misspeltExample := name == "RENDEZVOUS_SECRET_KY"
		if !slices.Contains(read, name) && !slices.Contains(otherToolsVariables(), name) && !misspeltExample {
			t.Errorf("docs/configuration.md names %s, which nothing reads", name)
		}
	}
}

// TestConfigCheckCatchesWhatServeWould: config check refuses what serve
// would refuse, naming the setting.
func TestConfigCheckCatchesWhatServeWould(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrMySQL", map[string]string{"RENDEZVOUS_DATABASE_URL": "mysql://u:secret@db/x"}, "RENDEZVOUS_DATABASE_URL: mysql:"},
		{"ErrMySQLOpaque", map[string]string{"RENDEZVOUS_DATABASE_URL": "mariadb:db"}, "RENDEZVOUS_DATABASE_URL: mariadb:"},
		{"ErrUpperCaseScheme", map[string]string{"RENDEZVOUS_DATABASE_URL": "POSTGRES://db/x"}, "RENDEZVOUS_DATABASE_URL: POSTGRES: write the scheme in lower case"},
		{"ErrPortTooLarge", map[string]string{"RENDEZVOUS_ADDR": ":99999"}, "RENDEZVOUS_ADDR: \":99999\": the port must be"},
		{"ErrNoPort", map[string]string{"RENDEZVOUS_ADDR": "localhost"}, "RENDEZVOUS_ADDR: \"localhost\": want host:port"},
		{"ErrBadHost", map[string]string{"RENDEZVOUS_ADDR": "not a host:80"}, "RENDEZVOUS_ADDR"},
		{"ErrMetricsAddr", map[string]string{"RENDEZVOUS_METRICS_ADDR": "9090"}, "RENDEZVOUS_METRICS_ADDR"},
		{"SQLitePath", map[string]string{"RENDEZVOUS_DATABASE_URL": "/var/lib/rendezvous/rendezvous.db"}, ""},
		{"SQLiteURL", map[string]string{"RENDEZVOUS_DATABASE_URL": "sqlite:///var/lib/rendezvous.db"}, ""},
		{"Postgres", map[string]string{"RENDEZVOUS_DATABASE_URL": "postgresql://db/x"}, ""},
		{"EveryInterface", map[string]string{"RENDEZVOUS_ADDR": ":8080"}, ""},
		{"IPv6", map[string]string{"RENDEZVOUS_ADDR": "[::1]:8080"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runApp(t, tt.env, "config", "check")
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the URL's password: %v", err)
			}
		})
	}
}

// TestServeBindsFirst: a taken address fails serve at once, before the
// migrations and the demo directory (about ten seconds), and the error
// names what the operator used: the flag, or the variable.
func TestServeBindsFirst(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	db := filepath.Join(t.TempDir(), "rendezvous.db")
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": db, "RENDEZVOUS_SEED_DEMO": "true"}
	start := time.Now()
	_, _, err = runApp(t, env, "serve", "--addr", taken.Addr().String())
	if err == nil || !strings.HasPrefix(err.Error(), "--addr: cannot listen on") {
		t.Fatalf("err = %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("serve took %s to fail", took)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("serve opened the database before binding its port")
	}
	env["RENDEZVOUS_ADDR"] = taken.Addr().String()
	if _, _, err = runApp(t, env, "serve"); err == nil || !strings.HasPrefix(err.Error(), "RENDEZVOUS_ADDR: cannot listen on") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err = runApp(t, env, "serve", "--addr", "nonsense"); err == nil || !strings.Contains(err.Error(), "-addr") {
		t.Fatalf("err = %v", err)
	}
}
