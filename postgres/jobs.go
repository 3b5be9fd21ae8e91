package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// JobDriver returns River's driver on this store's pool, for the workers
// (queue.Runner).
func (s *Store) JobDriver() *riverpgxv5.Driver { return s.jobDriver }

// openJobs sets up River on the store's pool and an inserter for the
// store's transactions.
func (s *Store) openJobs() error {
	s.jobDriver = riverpgxv5.New(s.pool)
	in, err := queue.NewInserter[pgx.Tx](s.jobDriver)
	if err != nil {
		return err
	}
	s.jobs = in
	return nil
}

// applyJobs carries out plan for booking id in tx: it deletes the
// booking's pending jobs of the kinds plan drops, then inserts its jobs.
func (s *Store) applyJobs(ctx context.Context, tx pgx.Tx, id string, plan booking.JobPlan) error {
	if len(plan.Drop) > 0 {
		if err := dropJobs(ctx, tx, []string{id}, plan.Drop); err != nil {
			return err
		}
	}
	if len(plan.Insert) == 0 {
		return nil
	}
	ids, err := s.jobs.InsertTx(ctx, tx, plan.Insert)
	if err != nil {
		return fmt.Errorf("booking %s: %w", id, translate(err))
	}
	kinds := make([]string, len(plan.Insert))
	for i, j := range plan.Insert {
		kinds[i] = j.Kind
	}
	if _, err := tx.Exec(ctx, `INSERT INTO booking_jobs (booking_id, job_id, kind) SELECT $1, unnest($2::bigint[]), unnest($3::text[])`,
		id, ids, kinds); err != nil {
		return fmt.Errorf("booking %s: jobs: %w", id, translate(err))
	}
	return nil
}

// insertJobs inserts jobs of no booking (the matcher of time freed) in tx.
func (s *Store) insertJobs(ctx context.Context, tx pgx.Tx, jobs []booking.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	if _, err := s.jobs.InsertTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("insert jobs: %w", translate(err))
	}
	return nil
}

// dropJobs deletes the pending jobs of the given bookings, of the given
// kinds (every kind when kinds is nil), found through booking_jobs.
func dropJobs(ctx context.Context, tx pgx.Tx, ids, kinds []string) error {
	_, err := tx.Exec(ctx, `WITH gone AS (
			DELETE FROM booking_jobs WHERE booking_id = ANY($1) AND ($3::text[] IS NULL OR kind = ANY($3)) RETURNING job_id)
		DELETE FROM river_job WHERE id IN (SELECT job_id FROM gone) AND state::text = ANY($2)`,
		ids, queue.PendingStates(), kinds)
	if err != nil {
		return fmt.Errorf("drop jobs: %w", translate(err))
	}
	return nil
}

// migrateJobs applies River's migrations under an advisory lock of the
// schema, so that instances starting together take turns (River's
// migrator takes none).
func (s *Store) migrateJobs(ctx context.Context, schema string) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate jobs: %w", translate(err))
	}
	defer conn.Release()
	id := migrationLockID("river " + schema)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, id); err != nil {
		return fmt.Errorf("postgres: migrate jobs: %w", translate(err))
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, id) //nolint:errcheck // the session ends the lock anyway
	if err := queue.Migrate(ctx, s.jobDriver); err != nil {
		return fmt.Errorf("postgres: schema %s: %w", schema, err)
	}
	return nil
}
