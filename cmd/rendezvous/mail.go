package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/rendezvous-oss/rendezvous/logging"
	"github.com/rendezvous-oss/rendezvous/mailer"
)

const mailUsage = "usage: rendezvous mail list [--limit N] | rendezvous mail show ID"

// mail runs `rendezvous mail list|show`: a developer reads the
// development mailbox (what would have been emailed without a relay).
func (a *app) mail(_ context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show") {
		return &usageError{mailUsage}
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if cfg.production() || !cfg.Notify.mailbox() {
		return errors.New("mail: no development mailbox: it is used in development without RENDEZVOUS_SMTP_URL")
	}
	mb, err := mailer.NewMailbox(cfg.Notify.Mailbox, "")
	if err != nil {
		return err
	}
	fset := a.newFlags("mail " + args[0])
	switch args[0] {
	case "list":
		limit := fset.Int("limit", 20, "how many messages, newest first")
		if err := parseFlags(fset, args[1:]); err != nil {
			return err
		}
		ms, err := mb.List(*limit)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "%d messages in %s\n", len(ms), mb.Dir())
		for _, m := range ms {
			fmt.Fprintf(a.stdout, "%s  %s  %-30s  %s\n", m.ID, m.At.Local().Format(time.DateTime), m.To, m.Subject)
		}
		return nil
	default:
		if len(args) != 2 {
			return &usageError{mailUsage}
		}
		raw, err := mb.Raw(args[1])
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("mail: no message %q in %s", args[1], mb.Dir())
		}
		if err != nil {
			return err
		}
		_, err = a.stdout.Write(raw)
		return err
	}
}

// worker runs `rendezvous worker`: the job workers (emails, reminders)
// without the HTTP server, until SIGINT or SIGTERM. Run it beside
// servers started with RENDEZVOUS_JOB_WORKERS=0 to scale the two apart.
func (a *app) worker(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if err := parseFlags(a.newFlags("worker"), args); err != nil {
		return err
	}
	if cfg.Notify.Off {
		return &settingError{"RENDEZVOUS_NOTIFICATIONS", "off: this worker would have nothing to do"}
	}
	if cfg.Notify.Workers == 0 {
		cfg.Notify.Workers = 10 // a worker's purpose; 0 is for the servers beside it
	}
	log := logging.New(a.stderr, logging.Options{Format: cfg.LogFormat, Level: cfg.LogLevel, RepeatWindow: cfg.LogRepeatWindow})
	defer logging.Flush(log)
	log.LogAttrs(ctx, slog.LevelInfo, "starting rendezvous worker", append(cfg.logAttrs(), slog.String("version", version()))...)
	sys, err := a.assemble(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sys.close()
	fmt.Fprintf(a.stdout, "Rendezvous %s worker running %d workers (database: %s)\n", version(), cfg.Notify.Workers, sys.storeKind)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return runJobs(gctx, sys, cfg.ShutdownGrace, log) })
	err = g.Wait()
	log.Info("stopped")
	return err
}
