-- +goose Up
-- The waitlist (docs/notifications.md#the-waitlist): customers waiting
-- for a slot that fits, and the freed slots offered to them. An entry
-- holds the customer's details (to book in one step) until its erasure,
-- or its expiry plus the retention sweep; its offers go with it.
CREATE TABLE waitlist_entries (
    id             text        PRIMARY KEY,
    email          text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    customer_name  text        NOT NULL,
    customer_phone text        NOT NULL,
    language       text        NOT NULL,
    kind           text        NOT NULL DEFAULT '',
    city           text        NOT NULL DEFAULT '',
    city_key       text        NOT NULL DEFAULT '',
    provider_id    bigint      NOT NULL DEFAULT 0,
    service        text        NOT NULL DEFAULT '',
    service_id     bigint      NOT NULL DEFAULT 0,
    wanted_from    timestamptz NOT NULL,
    wanted_to      timestamptz NOT NULL,
    day_from       smallint    NOT NULL,
    day_to         smallint    NOT NULL,
    expires_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL,
    fulfilled_at   timestamptz,
    booking_id     text
);
CREATE INDEX waitlist_entries_email ON waitlist_entries (email, created_at);
CREATE INDEX waitlist_entries_provider ON waitlist_entries (provider_id, expires_at) WHERE fulfilled_at IS NULL;
CREATE INDEX waitlist_entries_group ON waitlist_entries (kind, city_key, expires_at) WHERE fulfilled_at IS NULL;
CREATE INDEX waitlist_entries_expires ON waitlist_entries (expires_at);

CREATE TABLE waitlist_offers (
    id          text        PRIMARY KEY,
    entry_id    text        NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    provider_id bigint      NOT NULL,
    service_id  bigint      NOT NULL,
    start_at    timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    used_at     timestamptz,
    booking_id  text,
    UNIQUE (entry_id, provider_id, start_at)
);

-- +goose Down
DROP TABLE waitlist_offers;
DROP TABLE waitlist_entries;
