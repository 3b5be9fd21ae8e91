package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rendezvous-oss/rendezvous"
)

// CreateEmailVerification inserts v unless its address already has as
// many verifications as one of quotas allows (ERATELIMITED). Creations for one
// address take turns on an advisory lock, so that two cannot both pass
// the count.
func (s *Store) CreateEmailVerification(ctx context.Context, v *rendezvous.EmailVerification, quotas ...rendezvous.CodeQuota) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		// The lock first, in a statement of its own: a count in the same
		// statement would read a snapshot taken before the lock was
		// granted, missing the rows of the transaction it waited for.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('email verification ' || $1))`, v.Email); err != nil {
			return fmt.Errorf("lock verifications: %w", translate(err))
		}
		for _, q := range quotas {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM email_verifications WHERE email = $1 AND created_at > $2`,
				v.Email, instant(q.Since)).Scan(&n); err != nil {
				return fmt.Errorf("count verifications: %w", translate(err))
			}
			if n >= q.Max {
				return rendezvous.Errorf(rendezvous.ERATELIMITED, "too many codes were sent to this address: try again later")
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO email_verifications (id, email, code_hash, created_at, expires_at, attempts)
			VALUES ($1, $2, $3, $4, $5, 0)`, v.ID, v.Email, v.CodeHash, instant(v.CreatedAt), instant(v.ExpiresAt)); err != nil {
			return fmt.Errorf("create verification: %w", translate(err))
		}
		return nil
	})
}

// UseEmailVerification reads verification id (locked), lets fn judge and
// change it, and writes its attempts and confirmation back — also when fn
// refuses, so that a wrong code counts. Returns ENOTFOUND, or fn's error.
func (s *Store) UseEmailVerification(ctx context.Context, id string, fn func(v *rendezvous.EmailVerification) error) (*rendezvous.EmailVerification, error) {
	var (
		out  *rendezvous.EmailVerification
		ferr error
	)
	err := s.inTx(ctx, nil, func(tx pgx.Tx) error {
		var v rendezvous.EmailVerification
		err := tx.QueryRow(ctx, `SELECT id, email, code_hash, created_at, expires_at, attempts, confirmed_at
			FROM email_verifications WHERE id = $1 FOR UPDATE`, id).
			Scan(&v.ID, &v.Email, &v.CodeHash, &v.CreatedAt, &v.ExpiresAt, &v.Attempts, &v.ConfirmedAt)
		if err != nil {
			return notFound(err, "verification")
		}
		ferr = fn(&v)
		if _, err := tx.Exec(ctx, `UPDATE email_verifications SET attempts = $2, confirmed_at = $3 WHERE id = $1`,
			id, v.Attempts, optInstant(v.ConfirmedAt)); err != nil {
			return fmt.Errorf("use verification: %w", translate(err))
		}
		out = &v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, ferr
}

// SweepEmailVerifications deletes the verifications that expired before
// before.
func (s *Store) SweepEmailVerifications(ctx context.Context, before time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM email_verifications WHERE expires_at < $1`, instant(before))
	if err != nil {
		return 0, fmt.Errorf("sweep verifications: %w", translate(err))
	}
	return int(tag.RowsAffected()), nil
}
