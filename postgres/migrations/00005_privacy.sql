-- +goose Up
-- Erasure and retention remove a booking's customer details and keep its
-- times (docs/privacy.md). erased_at says when; the CHECK makes the
-- database itself refuse an erased booking that still holds any detail.
ALTER TABLE bookings ADD COLUMN erased_at timestamptz,
    ADD CONSTRAINT bookings_erased_holds_nothing
    CHECK (erased_at IS NULL OR (customer_name = '' AND customer_email = '' AND customer_phone = ''));

-- Retention finds its candidates in these: only bookings that still hold
-- personal data are in them, so they stay small and each run reads only
-- what it changes. (Built once, while the migration holds the table.)
CREATE INDEX bookings_retention_past ON bookings (end_at) WHERE erased_at IS NULL AND status = 'booked';
CREATE INDEX bookings_retention_cancelled ON bookings (cancelled_at) WHERE erased_at IS NULL AND status = 'cancelled';

-- Administrative actions: who (an admin key's prefix, or "cli"), what,
-- on what (ids, counts, email digests: never personal data), when, and
-- the outcome.
CREATE TABLE audit_log (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 64),
    action     text        NOT NULL CHECK (char_length(action) BETWEEN 1 AND 64),
    target     text        NOT NULL DEFAULT '' CHECK (char_length(target) <= 500),
    status     integer     NOT NULL,
    request_id text        NOT NULL DEFAULT '' CHECK (char_length(request_id) <= 64)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP INDEX bookings_retention_cancelled;
DROP INDEX bookings_retention_past;
ALTER TABLE bookings DROP CONSTRAINT bookings_erased_holds_nothing, DROP COLUMN erased_at;
