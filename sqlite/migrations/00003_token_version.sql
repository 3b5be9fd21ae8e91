-- +goose Up
-- Manage tokens carry the version of their booking; a cancellation, a
-- reschedule or an erasure raises it, which revokes every token issued
-- before (docs/security.md, "Tokens").
ALTER TABLE bookings ADD COLUMN token_version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE bookings DROP COLUMN token_version;
