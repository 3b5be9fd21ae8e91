package main

import (
	"context"
	"fmt"

	"github.com/rendezvous-oss/rendezvous/auth"
)

func (a *app) adminKey(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return &usageError{"usage: rendezvous admin-key create [--name NAME]"}
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("admin-key create")
	name := fs.String("name", "admin", "a label for the key")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	pepper, err := cfg.adminPepper()
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := auth.NewAdminKeys(st, pepper).Create(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stderr, "New admin API key (shown once; store it safely):")
	fmt.Fprintln(a.stdout, key)
	return nil
}
