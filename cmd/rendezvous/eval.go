package main

import (
	"context"
	"fmt"

	"github.com/rendezvous-oss/rendezvous/sgdeval"
)

// evalCommand runs `rendezvous eval sgd DIR [--train DIR] [--json]`: the
// understanding scored against Schema-Guided Dialogue data.
func (a *app) evalCommand(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "conversations" {
		return a.evalConversations(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "sgd" {
		return &usageError{"usage: rendezvous eval sgd DIR [--train DIR] [--json] | rendezvous eval conversations [--json]"}
	}
	fs := a.newFlags("eval sgd")
	train := fs.String("train", "", "folder of training dialogues whose cities and provider names the understanding may know")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	// The folder comes first ("eval sgd DIR --json"), as the usage shows.
	rest := args[1:]
	if len(rest) == 0 || rest[0] == "" || rest[0][0] == '-' {
		return &usageError{"usage: rendezvous eval sgd DIR [--train DIR] [--json]"}
	}
	dir := rest[0]
	if err := parseFlags(fs, rest[1:]); err != nil {
		return err
	}
	report, err := sgdeval.Evaluate(ctx, dir, sgdeval.Options{TrainDir: *train})
	if err != nil {
		return fmt.Errorf("eval sgd %s: %w", dir, err)
	}
	if *asJSON {
		return report.WriteJSON(a.stdout)
	}
	return report.WriteTable(a.stdout)
}
