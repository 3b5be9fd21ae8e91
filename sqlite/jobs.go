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
	return translate(s.jobs.InsertTx(ctx, tx.tx, plan.Insert))
}

// dropJobs deletes the pending jobs of booking id, of the given kinds
// (every kind when none is given).
func dropJobs(ctx context.Context, tx handle, id string, kinds []string) error {
	states := queue.PendingStates()
	q := `DELETE FROM river_job WHERE json_extract(args, '$.booking_id') = ? AND state IN (?` + strings.Repeat(`, ?`, len(states)-1) + `)`
	args := []any{id}
	for _, st := range states {
		args = append(args, st)
	}
	if len(kinds) > 0 {
		q += ` AND kind IN (?` + strings.Repeat(`, ?`, len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	_, err := tx.ExecContext(ctx, q, args...)
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
