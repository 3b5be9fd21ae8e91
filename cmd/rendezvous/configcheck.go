package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/rendezvous-oss/rendezvous/tracing"
)

// configCommand runs `rendezvous config check`: it reads and validates
// every setting (secrets in production, TLS files, rates, origins…),
// prints the configuration with secrets masked, and fails naming the
// setting at fault. It connects to nothing.
func (a *app) configCommand(args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return &usageError{"usage: rendezvous config check"}
	}
	if err := parseFlags(a.newFlags("config check"), args[1:]); err != nil {
		return err
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if _, err := cfg.secret(slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		return err
	}
	if cfg.SecretPrevious != "" {
		if _, err := decodeSecret(cfg.nameOf("RENDEZVOUS_SECRET_KEY_PREVIOUS"), cfg.SecretPrevious); err != nil {
			return err
		}
	}
	if _, err := cfg.adminPepper(); err != nil {
		return err
	}
	if err := tracing.Check(a.getenv); err != nil {
		return &settingError{"tracing", err.Error()}
	}
	for _, attr := range cfg.logAttrs() {
		fmt.Fprintf(a.stdout, "%s=%s\n", attr.Key, attr.Value)
	}
	fmt.Fprintln(a.stdout, "configuration OK")
	return nil
}
