package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/queue"
)

// JobDriver returns River's driver on this store's file, for the workers
// (queue.Runner). Its connection takes the store's write lock
// (riverdb.go).
func (s *Store) JobDriver() *riversqlite.Driver { return s.jobDriver }

// applyJobs carries out plan for booking id in tx: it deletes the
// booking's pending jobs of the kinds plan drops, then inserts its jobs.
func (s *Store) applyJobs(ctx context.Context, tx handle, id string, plan booking.JobPlan) error {
	if len(plan.Drop) > 0 {
		if err := dropJobs(ctx, tx, id, plan.Drop); err != nil {
			return err
		}
	}
	if len(plan.Insert) == 0 {
		return nil
	}
	ids, err := s.jobs.InsertTx(ctx, tx.tx, plan.Insert)
	if err != nil {
		return translate(err)
	}
	for i, j := range plan.Insert {
		if _, err := tx.ExecContext(ctx, `INSERT INTO booking_jobs (booking_id, job_id, kind) VALUES (?, ?, ?)`, id, ids[i], j.Kind); err != nil {
			return translate(err)
		}
	}
	return nil
}

// insertJobs inserts jobs of no booking (the matcher of time freed) in tx.
func (s *Store) insertJobs(ctx context.Context, tx handle, jobs []booking.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	_, err := s.jobs.InsertTx(ctx, tx.tx, jobs)
	return translate(err)
}

// dropJobs deletes the pending jobs of booking id, of the given kinds
// (every kind when kinds is nil), found through booking_jobs.
func dropJobs(ctx context.Context, tx handle, id string, kinds []string) error {
	states := queue.PendingStates()
	which := `booking_id = ?`
	args := []any{id}
	if kinds != nil {
		which += ` AND kind IN (?` + strings.Repeat(`, ?`, len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	q := `DELETE FROM river_job WHERE id IN (SELECT job_id FROM booking_jobs WHERE ` + which + `) AND state IN (?` + strings.Repeat(`, ?`, len(states)-1) + `)`
	qargs := append([]any(nil), args...)
	for _, st := range states {
		qargs = append(qargs, st)
	}
	if _, err := tx.ExecContext(ctx, q, qargs...); err != nil {
		return translate(err)
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM booking_jobs WHERE `+which, args...)
	return translate(err)
}

// openJobs sets up River on the store's file: its own connection, taking
// the store's write lock, and an inserter for the store's transactions.
func (s *Store) openJobs() error {
	s.riverDB = openLocked(s.write, dsn(s.path, false), s.writeLock)
	s.jobDriver = riversqlite.New(s.riverDB)
	in, err := queue.NewInserter[*sql.Tx](s.jobDriver)
	if err != nil {
		return err
	}
	s.jobs = in
	return nil
}
