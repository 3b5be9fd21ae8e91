package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
)

// app is the program: its streams and environment are fields so that
// tests can run it whole, in process, on port 0.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// environ lists the environment, to report RENDEZVOUS_* variables
	// that no setting reads; nil skips that check.
	environ func() []string
	// onListen, when set, is told the address the server listens on.
	onListen func(net.Addr)
	// onLogger, when set, is given the server's logger once made (tests
	// sync it before reading what it wrote: lines are written off the
	// requests' path).
	onLogger func(*slog.Logger)
}

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

const usage = `Rendezvous: conversational appointment booking.

Usage:
  rendezvous serve [--addr host:port]     run the server (migrates; seeds the demo directory if empty)
  rendezvous migrate [--status]           apply database migrations
  rendezvous seed [--providers N] [--bookings N] [--seed S]
                                          load the demo directory into an empty database
  rendezvous import [--dry-run] FILE|DIR  create or update providers, services, hours and time off (JSON Lines, or CSV files)
  rendezvous export [--format csv] [FILE|DIR]
                                          write the directory in the import's format (CSV: four files in a new DIR)
  rendezvous admin-key create [--name N]  create an admin API key (printed once)
  rendezvous privacy export --email A     print everything stored about an address's bookings (JSON)
  rendezvous privacy erase --email A [--dry-run]
                                          erase the customer's details from an address's bookings
  rendezvous backup FILE                  copy the SQLite database while it serves (consistent, checked)
  rendezvous restore FILE                 replace the SQLite database with a backup (servers stopped)
  rendezvous worker                       run the job workers (emails, reminders) without the HTTP server
  rendezvous mail list [--limit N]        list the development mailbox (no SMTP relay in development)
  rendezvous mail show ID                 print one message of the development mailbox
  rendezvous chat [--url URL] [--locale fr]
                                          chat with the agent in the terminal (in process, or with a server)
  rendezvous eval sgd DIR [--train DIR] [--json]
                                          score the understanding on Schema-Guided Dialogue data
  rendezvous eval conversations [--run REGEXP] [--json]
                                          run the scripted conversations on the configured brain
  rendezvous keygen                       print a new secret key for RENDEZVOUS_SECRET_KEY
  rendezvous config check                 validate the configuration without starting
  rendezvous healthcheck [--ready] [--addr host:port]
                                          ask the local server's /healthz (or /readyz): exit 0 if it answers 200
  rendezvous version [--json]             print the version, commit and build date

Configuration comes from RENDEZVOUS_* environment variables (see docs/configuration.md).
`

func (a *app) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, usage)
		return &usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return a.serve(ctx, rest)
	case "migrate":
		return a.migrate(ctx, rest)
	case "seed":
		return a.seed(ctx, rest)
	case "admin-key":
		return a.adminKey(ctx, rest)
	case "privacy":
		return a.privacy(ctx, rest)
	case "mail":
		return a.mail(ctx, rest)
	case "worker":
		return a.worker(ctx, rest)
	case "chat":
		return a.chatCommand(ctx, rest)
	case "eval":
		return a.evalCommand(ctx, rest)
	case "keygen":
		return a.keygen(rest)
	case "config":
		return a.configCommand(rest)
	case "version", "--version", "-v":
		return a.versionCommand(rest)
	case "import":
		return a.importDirectory(ctx, rest)
	case "export":
		return a.exportDirectory(ctx, rest)
	case "backup":
		return a.backup(ctx, rest)
	case "restore":
		return a.restore(ctx, rest)
	case "healthcheck":
		return a.healthcheck(ctx, rest)
	case "help", "--help", "-h":
		fmt.Fprint(a.stdout, usage)
		return nil
	}
	fmt.Fprint(a.stderr, usage)
	return &usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// newFlags returns a flag set that reports errors instead of exiting.
func (a *app) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{"help requested"}
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}
