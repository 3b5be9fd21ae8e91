-- +goose Up
-- The answers to changes made with an Idempotency-Key, kept 24 hours so
-- that a retry gets the first answer instead of a second booking. Each
-- row is written in the transaction of its change. Only the key's SHA-256
-- is kept, and the outcome holds no customer data and no token; erasing a
-- booking deletes its rows (booking_id), and deleting it cascades.
CREATE TABLE idempotency_keys (
    scope       text        NOT NULL,
    key_hash    bytea       NOT NULL CHECK (octet_length(key_hash) = 32),
    fingerprint bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
    booking_id  text        NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    outcome     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (scope, key_hash)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_booking ON idempotency_keys (booking_id);

-- A booking counts the customer's upcoming bookings by email and by phone
-- number (the cap per customer): these keep the count to the few rows it
-- is about.
CREATE INDEX bookings_active_email ON bookings (customer_email, end_at) WHERE status = 'booked';
CREATE INDEX bookings_active_phone ON bookings (customer_phone, end_at) WHERE status = 'booked';

-- +goose Down
DROP INDEX bookings_active_phone;
DROP INDEX bookings_active_email;
DROP TABLE idempotency_keys;
