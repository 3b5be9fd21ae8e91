// Package queue adapts River, the job queue that lives in the store's own
// database: booking changes insert their jobs (booking.Job) in their own
// transaction through an Inserter, and a Runner works them with retries,
// at least once, in as many instances as run — River's row locks give
// each job to one worker at a time. Jobs that keep failing end in River's
// discarded state, where the admin API lists and retries them.
package queue

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// DefaultQueue is the queue of jobs that name none.
const DefaultQueue = "notify"

// Inserter inserts jobs on a store's own transaction.
type Inserter[TTx any] struct {
	client *river.Client[TTx]
}

// NewInserter returns an inserter on driver. It works no job.
func NewInserter[TTx any](driver riverdriver.Driver[TTx]) (*Inserter[TTx], error) {
	c, err := river.NewClient(driver, &river.Config{Logger: quiet()})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Inserter[TTx]{client: c}, nil
}

// InsertTx inserts jobs in tx and returns their ids, in order: they
// exist when tx commits, and never if it rolls back.
func (in *Inserter[TTx]) InsertTx(ctx context.Context, tx TTx, jobs []booking.Job) ([]int64, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	res, err := in.client.InsertManyTx(ctx, tx, params(jobs, traceMetadata(ctx)))
	if err != nil {
		return nil, fmt.Errorf("queue: insert %d jobs: %w", len(jobs), err)
	}
	ids := make([]int64, len(res))
	for i, r := range res {
		ids[i] = r.Job.ID
	}
	return ids, nil
}

// params converts jobs to River's insert parameters, with metadata (the
// enqueuing request's trace context, or nil).
func params(jobs []booking.Job, metadata []byte) []river.InsertManyParams {
	out := make([]river.InsertManyParams, len(jobs))
	for i, j := range jobs {
		q := j.Queue
		if q == "" {
			q = DefaultQueue
		}
		opts := &river.InsertOpts{Queue: q, MaxAttempts: j.MaxAttempts, Metadata: metadata}
		if !j.RunAt.IsZero() {
			opts.ScheduledAt = j.RunAt
		}
		out[i] = river.InsertManyParams{Args: j.Args(), InsertOpts: opts}
	}
	return out
}

// Migrate applies River's own migrations, those that have not run yet.
func Migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quiet()})
	if err != nil {
		return fmt.Errorf("queue: migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	return nil
}

// PendingStates are the states of a job not yet worked, or to be worked
// again: a booking's erasure deletes its jobs in these.
func PendingStates() []string { return []string{"available", "pending", "retryable", "scheduled"} }

// quiet is River's logger where it must not write to stdout (stores,
// migrations): their errors come back as errors.
func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
