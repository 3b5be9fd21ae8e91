package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// CreateEmailVerification inserts v unless its address already has as
// many verifications as one of quotas allows (ERATELIMITED).
func (s *Store) CreateEmailVerification(ctx context.Context, v *rendezvous.EmailVerification, quotas ...rendezvous.CodeQuota) error {
	return s.withTx(ctx, func(tx handle) error {
		for _, q := range quotas {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM email_verifications WHERE email = ? AND created_at > ?`,
				v.Email, unix(q.Since)).Scan(&n); err != nil {
				return translate(err)
			}
			if n >= q.Max {
				return rendezvous.Errorf(rendezvous.ERATELIMITED, "too many codes were sent to this address: try again later")
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO email_verifications (id, email, code_hash, created_at, expires_at, attempts)
			VALUES (?, ?, ?, ?, ?, 0)`, v.ID, v.Email, v.CodeHash, unix(v.CreatedAt), unix(v.ExpiresAt))
		return translate(err)
	})
}

// UseEmailVerification reads verification id, lets fn judge and change
// it, and writes its attempts and confirmation back — also when fn
// refuses, so that a wrong code counts. Returns ENOTFOUND, or fn's error.
func (s *Store) UseEmailVerification(ctx context.Context, id string, fn func(v *rendezvous.EmailVerification) error) (*rendezvous.EmailVerification, error) {
	var (
		out  *rendezvous.EmailVerification
		ferr error
	)
	err := s.withTx(ctx, func(tx handle) error {
		var (
			v                rendezvous.EmailVerification
			created, expires int64
			confirmed        sql.NullInt64
		)
		err := tx.QueryRowContext(ctx, `SELECT id, email, code_hash, created_at, expires_at, attempts, confirmed_at
			FROM email_verifications WHERE id = ?`, id).Scan(&v.ID, &v.Email, &v.CodeHash, &created, &expires, &v.Attempts, &confirmed)
		if err != nil {
			return notFound(err, "verification")
		}
		v.CreatedAt, v.ExpiresAt = fromUnix(created), fromUnix(expires)
		if confirmed.Valid {
			t := fromUnix(confirmed.Int64)
			v.ConfirmedAt = &t
		}
		ferr = fn(&v)
		var conf any
		if v.ConfirmedAt != nil {
			conf = unix(*v.ConfirmedAt)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE email_verifications SET attempts = ?, confirmed_at = ? WHERE id = ?`,
			v.Attempts, conf, id); err != nil {
			return translate(err)
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
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM email_verifications WHERE expires_at < ?`, unix(before))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}
