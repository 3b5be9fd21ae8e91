-- +goose Up
-- Erasure and retention remove a booking's customer details and keep its
-- times (docs/privacy.md). erased_at says when; the CHECK makes the
-- database itself refuse an erased booking that still holds any detail.
ALTER TABLE bookings ADD COLUMN erased_at INTEGER
    CHECK (erased_at IS NULL OR (customer_name = '' AND customer_email = '' AND customer_phone = ''));

-- Retention finds its candidates in these: only bookings that still hold
-- personal data are in them, so they stay small and each run reads only
-- what it changes.
CREATE INDEX bookings_retention_past ON bookings (end_at) WHERE erased_at IS NULL AND status = 'booked';
CREATE INDEX bookings_retention_cancelled ON bookings (cancelled_at) WHERE erased_at IS NULL AND status = 'cancelled';

-- Administrative actions: who (an admin key's prefix, or "cli"), what,
-- on what (ids, counts, email digests: never personal data), when, and
-- the outcome. AUTOINCREMENT: ids are never reused, so that a reader's
-- cursor (the last id seen) stays right after old entries are deleted.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
    action     TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    target     TEXT    NOT NULL DEFAULT '' CHECK (length(target) <= 500),
    status     INTEGER NOT NULL,
    request_id TEXT    NOT NULL DEFAULT '' CHECK (length(request_id) <= 64)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP INDEX bookings_retention_cancelled;
DROP INDEX bookings_retention_past;
ALTER TABLE bookings DROP COLUMN erased_at;
