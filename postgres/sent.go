package postgres

import (
	"context"
	"fmt"
	"time"
)

// MessageSent reports whether the message of key was recorded as sent.
func (s *Store) MessageSent(ctx context.Context, key string) (bool, error) {
	var sent bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notifications_sent WHERE message_key = $1)`, key).Scan(&sent); err != nil {
		return false, fmt.Errorf("message sent: %w", translate(err))
	}
	return sent, nil
}

// RecordMessageSent records the message of key as sent; recording it
// again changes nothing.
func (s *Store) RecordMessageSent(ctx context.Context, key, bookingID string, jobID int64, at time.Time) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO notifications_sent (message_key, booking_id, job_id, sent_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (message_key) DO NOTHING`, key, bookingID, jobID, instant(at)); err != nil {
		return fmt.Errorf("record message sent: %w", translate(err))
	}
	return nil
}

// SweepMessagesSent deletes the records of messages sent before before.
func (s *Store) SweepMessagesSent(ctx context.Context, before time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM notifications_sent WHERE sent_at < $1`, instant(before))
	if err != nil {
		return 0, fmt.Errorf("sweep messages sent: %w", translate(err))
	}
	return int(tag.RowsAffected()), nil
}
