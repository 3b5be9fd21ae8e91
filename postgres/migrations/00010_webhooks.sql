-- +goose Up
-- Webhooks (webhook/): the endpoints an operator registered, one delivery
-- per event and endpoint (its id is the webhook-id, stable across
-- attempts and replays), and the log of every attempt. Empty
-- provider_ids or events mean every provider, every event. A delivery's
-- payload holds the booking's customer: it goes with the booking's
-- erasure (the delivery with it), and deliveries are swept 30 days after
-- they end.
CREATE TABLE webhook_endpoints (
    id                  text PRIMARY KEY,
    url                 text NOT NULL,
    description         text NOT NULL DEFAULT '',
    provider_ids        bigint[] NOT NULL DEFAULT '{}',
    events              text[] NOT NULL DEFAULT '{}',
    secret              text NOT NULL,
    previous_secret     text NOT NULL DEFAULT '',
    previous_expires_at timestamptz,
    disabled_at         timestamptz,
    disabled_reason     text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    last_success_at     timestamptz
);

CREATE TABLE webhook_deliveries (
    id              text PRIMARY KEY,
    endpoint_id     text NOT NULL,
    event           text NOT NULL,
    booking_id      text NOT NULL,
    payload         bytea,
    state           text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_status     integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, id);
CREATE INDEX webhook_deliveries_by_booking ON webhook_deliveries (booking_id);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (state) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id text NOT NULL,
    n           integer NOT NULL,
    at          timestamptz NOT NULL,
    status      integer NOT NULL,
    error       text NOT NULL,
    duration_ms integer NOT NULL,
    PRIMARY KEY (delivery_id, n)
);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
