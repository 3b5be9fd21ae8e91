package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// backup runs `rendezvous backup FILE`: a consistent copy of the SQLite
// database while servers go on using it. PostgreSQL has its own tools
// (docs/operations.md, scripts/pg-pitr-drill).
func (a *app) backup(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	dst, err := a.fileArg("backup", args)
	if err != nil {
		return err
	}
	src, ok := sqlitePath(cfg.DatabaseURL)
	if !ok {
		return errors.New("backup: the database is PostgreSQL: use pg_dump, or a base backup with WAL archiving (docs/operations.md)")
	}
	info, err := sqlite.Backup(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "backed up %s to %s: schema version %d, %d providers, %d bookings, %d bytes, integrity ok\n",
		src, dst, info.SchemaVersion, info.Providers, info.Bookings, info.Bytes)
	return nil
}

// restore runs `rendezvous restore FILE`: it replaces the SQLite database
// with a backup, once nothing has it open.
func (a *app) restore(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	src, err := a.fileArg("restore", args)
	if err != nil {
		return err
	}
	dst, ok := sqlitePath(cfg.DatabaseURL)
	if !ok {
		return errors.New("restore: the database is PostgreSQL: use pg_restore, or a point-in-time recovery (docs/operations.md)")
	}
	info, kept, err := sqlite.Restore(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "restored %s from %s: schema version %d, %d providers, %d bookings\n", dst, src, info.SchemaVersion, info.Providers, info.Bookings)
	if kept != "" {
		fmt.Fprintf(a.stdout, "the database it replaced is kept as %s\n", kept)
	}
	return nil
}

// fileArg reads a command's one file argument.
func (a *app) fileArg(cmd string, args []string) (string, error) {
	fs := a.newFlags(cmd)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", &usageError{"help requested"}
		}
		return "", &usageError{err.Error()}
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		return "", &usageError{fmt.Sprintf("usage: rendezvous %s FILE", cmd)}
	}
	return fs.Arg(0), nil
}
