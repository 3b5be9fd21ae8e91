package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/directory"
)

// importDirectory runs `rendezvous import [--dry-run] FILE`: the
// providers of another system, created or brought up to date by their
// external ids (docs/directory.md). Every line is checked first; one bad
// line and nothing is written.
func (a *app) importDirectory(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("import")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would change, without writing")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{"help requested"}
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return &usageError{"usage: rendezvous import [--dry-run] FILE (- for standard input)"}
	}
	in := a.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in = f
	}
	rows, bad, err := directory.Parse(in)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, e := range bad {
		fmt.Fprintln(a.stderr, e.Error())
	}
	if len(bad) > 0 {
		return fmt.Errorf("import: %d of %d lines are wrong: nothing was imported", len(bad), len(bad)+len(rows))
	}
	st, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	// Hours and time off change through a desk, as the admin API's do:
	// the time they free is offered to the waitlist (its matcher's jobs
	// wait in the queue for a server's workers).
	opts := booking.Options{}
	withJobPlanners(&opts, cfg.Notify)
	rep, err := directory.Import(ctx, st, booking.NewDesk(st, nil, opts), rows, time.Now(), *dryRun)
	verb := "imported"
	if *dryRun {
		verb = "dry run, nothing written: would import"
	}
	fmt.Fprintf(a.stdout, "%s %d providers: %d created, %d updated, %d unchanged\n", verb, len(rows), rep.Created, rep.Updated, rep.Unchanged)
	if err != nil {
		return fmt.Errorf("import: %w (the lines before it were imported; run it again once fixed: it is idempotent)", err)
	}
	return nil
}

// exportDirectory runs `rendezvous export [FILE]`: every provider in the
// import's format, on standard output without FILE.
func (a *app) exportDirectory(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("export")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{"help requested"}
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 1 {
		return &usageError{"usage: rendezvous export [FILE]"}
	}
	st, _, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	var out io.Writer = a.stdout
	var f *os.File
	if fs.NArg() == 1 {
		if f, err = os.OpenFile(fs.Arg(0), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		out = f
	}
	n, err := directory.Export(ctx, st, out, time.Now())
	if f != nil {
		err = errors.Join(err, f.Sync(), f.Close())
		if err == nil {
			fmt.Fprintf(a.stderr, "exported %d providers to %s\n", n, fs.Arg(0))
		}
	}
	return err
}
