-- +goose Up
-- Webhooks (webhook/): the endpoints an operator registered, one delivery
-- per event and endpoint (its id is the webhook-id, stable across
-- attempts and replays), and the log of every attempt. provider_ids and
-- events are JSON arrays; empty means every provider, every event. A
-- delivery's payload holds the booking's customer: it goes with the
-- booking's erasure (the delivery with it), and deliveries are swept 30
-- days after they end.
CREATE TABLE webhook_endpoints (
    id                  TEXT PRIMARY KEY,
    url                 TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    provider_ids        TEXT NOT NULL DEFAULT '[]',
    events              TEXT NOT NULL DEFAULT '[]',
    secret              TEXT NOT NULL,
    previous_secret     TEXT NOT NULL DEFAULT '',
    previous_expires_at INTEGER,
    disabled_at         INTEGER,
    disabled_reason     TEXT NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    last_success_at     INTEGER
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    endpoint_id     TEXT NOT NULL,
    event           TEXT NOT NULL,
    booking_id      TEXT NOT NULL,
    payload         BLOB,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    delivered_at    INTEGER
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, id);
CREATE INDEX webhook_deliveries_by_booking ON webhook_deliveries (booking_id);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (state) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL,
    n           INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, n)
);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
