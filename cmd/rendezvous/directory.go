package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/directory"
)

// importDirectory runs `rendezvous import [--dry-run] [--format F] FILE...`:
// the providers of another system, created or brought up to date by their
// external ids (docs/directory.md), from a JSON Lines file or the four
// files of the CSV format (or their directory). Every line is checked
// first; one bad line and nothing is written.
func (a *app) importDirectory(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("import")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would change, without writing")
	format := fs.String("format", "", "jsonl or csv (default: csv for .csv files or a directory, jsonl otherwise)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{"help requested"}
		}
		return &usageError{err.Error()}
	}
	const use = "usage: rendezvous import [--dry-run] [--format jsonl|csv] FILE.jsonl (- for standard input) | DIR | providers.csv services.csv hours.csv time_off.csv"
	if fs.NArg() == 0 {
		return &usageError{use}
	}
	csvFiles, err := csvArgs(fs.Args(), *format)
	if err != nil {
		return err
	}
	var rows []directory.Row
	var bad []*directory.LineError
	if csvFiles == nil {
		if fs.NArg() != 1 {
			return &usageError{"import: a JSON Lines import takes one file (CSV files end in .csv, or give --format csv)\n" + use}
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
		if rows, bad, err = directory.Parse(in); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	} else {
		files := make([]directory.CSVFile, len(csvFiles))
		for i, name := range csvFiles {
			f, err := os.Open(name)
			if err != nil {
				return fmt.Errorf("import: %w", err)
			}
			defer f.Close()
			files[i] = directory.CSVFile{Name: filepath.Base(name), R: f}
		}
		if rows, bad, err = directory.ParseCSV(files); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	for _, e := range bad {
		fmt.Fprintln(a.stderr, e.Error())
	}
	if len(bad) > 0 {
		if csvFiles != nil {
			if len(bad) == 1 {
				return errors.New("import: 1 row is wrong: nothing was imported")
			}
			return fmt.Errorf("import: %d rows are wrong: nothing was imported", len(bad))
		}
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
		return fmt.Errorf("import: %w (the providers before it were imported; run it again once fixed: it is idempotent)", err)
	}
	return nil
}

// csvArgs returns the CSV files an import's arguments name, the .csv
// files of a directory among them, or nil for a JSON Lines import.
func csvArgs(args []string, format string) ([]string, error) {
	switch format {
	case "jsonl", "csv", "":
	default:
		return nil, &usageError{fmt.Sprintf("import: --format %q: want jsonl or csv", format)}
	}
	if format == "jsonl" {
		return nil, nil
	}
	var files []string
	isCSV := format == "csv"
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err == nil && info.IsDir() {
			names, err := filepath.Glob(filepath.Join(arg, "*.csv"))
			if err != nil {
				return nil, fmt.Errorf("import: %w", err)
			}
			if len(names) == 0 {
				return nil, fmt.Errorf("import: %s has no .csv file", arg)
			}
			files, isCSV = append(files, names...), true
			continue
		}
		if strings.EqualFold(filepath.Ext(arg), ".csv") {
			isCSV = true
		}
		if arg == "-" && isCSV {
			return nil, &usageError{"import: CSV files cannot be read from standard input: name them, or their directory"}
		}
		files = append(files, arg)
	}
	if !isCSV {
		return nil, nil
	}
	return files, nil
}

// exportDirectory runs `rendezvous export [--format jsonl|csv] [FILE|DIR]`:
// every provider in the import's format, on standard output without FILE;
// as CSV, the four files in a new directory DIR.
func (a *app) exportDirectory(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("export")
	format := fs.String("format", "jsonl", "jsonl (one file) or csv (four files in a new directory)")
	sep := fs.String("separator", ",", "the separator of CSV files: , or ; (for spreadsheets set to French and other languages with a decimal comma)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{"help requested"}
		}
		return &usageError{err.Error()}
	}
	switch {
	case *format != "jsonl" && *format != "csv":
		return &usageError{fmt.Sprintf("export: --format %q: want jsonl or csv", *format)}
	case *format == "csv" && fs.NArg() != 1:
		return &usageError{"usage: rendezvous export --format csv [--separator ,|;] DIR (a new directory)"}
	case *sep != "," && *sep != ";":
		return &usageError{fmt.Sprintf("export: --separator %q: want , or ;", *sep)}
	case fs.NArg() > 1:
		return &usageError{"usage: rendezvous export [--format jsonl|csv] [FILE]"}
	}
	st, _, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if *format == "csv" {
		return a.exportCSV(ctx, st, fs.Arg(0), rune((*sep)[0]))
	}
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

// exportCSV writes the four CSV files into dir, which it creates: an
// existing directory is refused rather than have its files mixed.
func (a *app) exportCSV(ctx context.Context, st directory.Store, dir string, sep rune) (err error) {
	if err := os.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var files []*os.File
	defer func() {
		for _, f := range files {
			err = errors.Join(err, f.Sync(), f.Close())
		}
		if err != nil {
			err = fmt.Errorf("export: %w (%s is incomplete)", err, dir)
		}
	}()
	n, err := directory.ExportCSV(ctx, st, func(name string) (io.Writer, error) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}, sep, time.Now())
	if err == nil {
		fmt.Fprintf(a.stderr, "exported %d providers to %s\n", n, dir)
	}
	return err
}
