package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// prodEnv is a production environment that passes every check, changed
// by the given pairs ("" deletes a variable).
func prodEnv(pairs ...string) map[string]string {
	env := map[string]string{
		"RENDEZVOUS_ENV":              "production",
		"RENDEZVOUS_SECRET_KEY":       "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=",
		"RENDEZVOUS_ADMIN_KEY_PEPPER": "NDgBg2FWLgDoAg6dIj1dHvcRLVr0KkUK43+A/8eOnlM=",
		"RENDEZVOUS_SMTP_URL":         "smtp://rendezvous:secret@smtp.example:587",
		"RENDEZVOUS_MAIL_FROM":        "rendezvous@example.org",
		"RENDEZVOUS_PUBLIC_URL":       "https://rendezvous.example.org",
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			delete(env, pairs[i])
			continue
		}
		env[pairs[i]] = pairs[i+1]
	}
	return env
}

// TestProductionDatabaseTLS: in production a PostgreSQL URL to a host
// that is not the machine itself must make TLS mandatory, unless the
// operator says the network is trusted; config check and serve both
// refuse, before connecting to anything.
func TestProductionDatabaseTLS(t *testing.T) {
	const db = "RENDEZVOUS_DATABASE_URL"
	tests := []struct {
		name string
		env  map[string]string
		ok   bool
	}{
		{"ErrRemoteWithoutSSLMode", prodEnv(db, "postgres://app:pw@db.internal:5432/rendezvous"), false},
		{"ErrRemoteDisable", prodEnv(db, "postgres://app@db.internal/rendezvous?sslmode=disable"), false},
		{"ErrRemotePrefer", prodEnv(db, "postgresql://app@10.0.0.5/rendezvous?sslmode=prefer"), false},
		{"ErrRemoteAllow", prodEnv(db, "postgres://app@db.internal/rendezvous?sslmode=allow"), false},
		{"ErrOneRemoteOfSeveral", prodEnv(db, "postgres://app@127.0.0.1:5432,db.internal:5432/rendezvous"), false},
		{"ErrRemoteHostParameter", prodEnv(db, "postgres://app@localhost/rendezvous?host=db.internal"), false},
		{"ErrRemoteIPv6", prodEnv(db, "postgres://app@[2001:db8::5]:5432/rendezvous"), false},
		{"ErrBadAllowSetting", prodEnv(db, "postgres://app@db.internal/rendezvous", "RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT", "maybe"), false},
		{"RemoteRequire", prodEnv(db, "postgres://app@db.internal/rendezvous?sslmode=require"), true},
		{"RemoteVerifyCA", prodEnv(db, "postgres://app@db.internal/rendezvous?sslmode=verify-ca"), true},
		{"RemoteVerifyFull", prodEnv(db, "postgres://app:pw@db.internal:5432/rendezvous?sslmode=verify-full&connect_timeout=5"), true},
		{"Loopback", prodEnv(db, "postgres://app@127.0.0.1:5432/rendezvous"), true},
		{"Localhost", prodEnv(db, "postgres://app@localhost/rendezvous?sslmode=disable"), true},
		{"LoopbackIPv6", prodEnv(db, "postgres://app@[::1]:5432/rendezvous"), true},
		{"UnixSocket", prodEnv(db, "postgres:///rendezvous?host=/var/run/postgresql"), true},
		{"RemoteAllowedExplicitly", prodEnv(db, "postgres://app@db.internal/rendezvous", "RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT", "true"), true},
		{"SQLite", prodEnv(db, "/var/lib/rendezvous/rendezvous.db"), true},
		{"DevelopmentRemote", map[string]string{db: "postgres://app@db.internal/rendezvous"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runCommand(t, tt.env, "config", "check")
			if tt.ok {
				if err != nil {
					t.Fatalf("config check: %v", err)
				}
				return
			}
			want := "RENDEZVOUS_DATABASE_URL"
			if tt.name == "ErrBadAllowSetting" {
				want = "RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT"
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("config check: %v, want an error naming %s", err, want)
			}
			// serve refuses the same way, without trying to connect.
			if _, err := runCommand(t, tt.env, "serve", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "cannot open") {
				t.Fatalf("serve: %v", err)
			}
		})
	}
}

// TestProductionAdminKeyPepper: production needs a real pepper for admin
// keys, held to the secret key's bar; config check, serve and admin-key
// create refuse to run without one.
func TestProductionAdminKeyPepper(t *testing.T) {
	const name = "RENDEZVOUS_ADMIN_KEY_PEPPER"
	for _, tt := range []struct {
		testName, pepper string
	}{
		{"ErrMissing", ""},
		{"ErrPlaceholder", "changeme"},
		{"ErrPlaceholderPadded", "your-secret-key-change-in-production-please"},
		{"ErrShort", "pepper-but-short"},
		{"ErrRepetitive", strings.Repeat("xy", 32)},
	} {
		t.Run(tt.testName, func(t *testing.T) {
			env := prodEnv(name, tt.pepper, "RENDEZVOUS_DATABASE_URL", filepath.Join(t.TempDir(), "never.db"))
			for _, args := range [][]string{{"config", "check"}, {"serve", "--addr", "127.0.0.1:0"}, {"admin-key", "create"}} {
				if _, err := runCommand(t, env, args...); err == nil || !strings.Contains(err.Error(), name) {
					t.Fatalf("%s accepted pepper %q: %v", strings.Join(args, " "), tt.pepper, err)
				}
			}
		})
	}
	out, err := runCommand(t, prodEnv(), "config", "check")
	if err != nil || !strings.Contains(out, "configuration OK") || strings.Contains(out, prodEnv()[name]) {
		t.Fatalf("config check with a good pepper: %q %v (the pepper must not be printed)", out, err)
	}
	// Development keeps working without one.
	if _, err := runCommand(t, map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(t.TempDir(), "dev.db")}, "admin-key", "create"); err != nil {
		t.Fatalf("admin-key create in development: %v", err)
	}
}
