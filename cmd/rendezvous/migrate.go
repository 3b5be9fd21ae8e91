package main

import (
	"context"
	"fmt"
)

func (a *app) migrate(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("migrate")
	status := fs.Bool("status", false, "print the schema version instead of migrating")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, kind, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if !*status {
		if err := st.Migrate(ctx); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	cur, latest, err := st.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s schema version %d (latest %d)\n", kind, cur, latest)
	return nil
}
