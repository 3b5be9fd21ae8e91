package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/demo"
)

// seedIfEmpty loads the default demo directory into an empty database.
func (a *app) seedIfEmpty(ctx context.Context, st store, log *slog.Logger) error {
	n, err := st.CountProviders(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if n > 0 {
		return nil
	}
	log.Info("empty directory: loading the demo directory", slog.Int("providers", demo.DefaultProviders))
	start := time.Now()
	if err := st.Import(ctx, demo.Generate(demo.Options{Now: time.Now()})); err != nil {
		return fmt.Errorf("seed the demo directory: %w", err)
	}
	log.Info("demo directory loaded", slog.Duration("took", time.Since(start)))
	return nil
}

func (a *app) seed(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	opts := demo.Options{Now: time.Now()}
	fs := a.newFlags("seed")
	fs.IntVar(&opts.Providers, "providers", demo.DefaultProviders, "number of providers")
	fs.IntVar(&opts.Bookings, "bookings", 0, "number of existing bookings over the next four weeks (0: about 40% of opening hours)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "random seed: the same seed and day give the same directory")
	ifEmpty := fs.Bool("if-empty", false, "do nothing, successfully, when the directory already has providers (for an init container run at every start)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opts.Providers < 1 || opts.Providers > 1_000_000 {
		return &usageError{"seed: --providers must be between 1 and 1000000"}
	}
	if opts.Bookings < 0 {
		return &usageError{"seed: --bookings must not be negative"}
	}
	st, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if *ifEmpty {
		n, err := st.CountProviders(ctx)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if n > 0 {
			fmt.Fprintf(a.stdout, "the directory has %d providers: nothing seeded\n", n)
			return nil
		}
	}
	start := time.Now()
	providers, bookings := 0, 0
	counted := func(yield func(*rendezvous.DirectoryEntry) bool) {
		for e := range demo.Generate(opts) {
			providers++
			bookings += len(e.Bookings)
			if !yield(e) {
				return
			}
		}
	}
	if err := st.Import(ctx, counted); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(a.stdout, "seeded %d providers and %d bookings in %s\n", providers, bookings, time.Since(start).Round(time.Millisecond))
	return nil
}
