package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// MessageSent reports whether the message of key was recorded as sent.
func (s *Store) MessageSent(ctx context.Context, key string) (bool, error) {
	var one int
	err := s.reader().QueryRowContext(ctx, `SELECT 1 FROM notifications_sent WHERE message_key = ?`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, translate(err)
}

// RecordMessageSent records the message of key as sent; recording it
// again changes nothing.
func (s *Store) RecordMessageSent(ctx context.Context, key, bookingID string, jobID int64, at time.Time) error {
	return s.withTx(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notifications_sent (message_key, booking_id, job_id, sent_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (message_key) DO NOTHING`, key, bookingID, jobID, unix(at))
		return translate(err)
	})
}

// SweepMessagesSent deletes the records of messages sent before before.
func (s *Store) SweepMessagesSent(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM notifications_sent WHERE sent_at < ?`, unix(before))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}
