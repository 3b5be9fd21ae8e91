package main

import (
	"strings"
	"testing"
)

// TestRedTeamConfigMasksEveryPassword: config check (and serve's start
// line, which logs the same settings) masks the password of the user
// information of a database or Redis URL, but not one given as a
// parameter, which PostgreSQL URLs accept ("?password=…", and
// "sslpassword=…" for the client key): the secret then reaches the
// terminal and the logs.
func TestRedTeamConfigMasksEveryPassword(t *testing.T) {
	const secret = "S3cretFromTheQuery"
	for _, env := range []map[string]string{
		{"RENDEZVOUS_DATABASE_URL": "postgres://app@db.internal:5432/rendezvous?sslmode=require&password=" + secret},
		{"RENDEZVOUS_DATABASE_URL": "postgres://app:pw@db.internal:5432/rendezvous?sslmode=verify-full&sslpassword=" + secret},
	} {
		out, err := runCommand(t, env, "config", "check")
		if err != nil {
			t.Fatalf("config check: %v", err)
		}
		if strings.Contains(out, secret) {
			t.Errorf("config check printed the password given as a URL parameter:\n%s", out)
		}
	}
}
