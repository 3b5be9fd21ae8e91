-- +goose Up
-- The waitlist (docs/notifications.md#the-waitlist): customers waiting
-- for a slot that fits, and the freed slots offered to them. An entry
-- holds the customer's details (to book in one step) until its erasure,
-- or its expiry plus the retention sweep; its offers go with it.
CREATE TABLE waitlist_entries (
    id             TEXT    PRIMARY KEY,
    email          TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    customer_name  TEXT    NOT NULL,
    customer_phone TEXT    NOT NULL,
    language       TEXT    NOT NULL,
    kind           TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    city_key       TEXT    NOT NULL DEFAULT '',
    provider_id    INTEGER NOT NULL DEFAULT 0,
    service        TEXT    NOT NULL DEFAULT '',
    service_id     INTEGER NOT NULL DEFAULT 0,
    wanted_from    INTEGER NOT NULL,
    wanted_to      INTEGER NOT NULL,
    day_from       INTEGER NOT NULL,
    day_to         INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    fulfilled_at   INTEGER,
    booking_id     TEXT
);
CREATE INDEX waitlist_entries_email ON waitlist_entries (email, created_at);
CREATE INDEX waitlist_entries_provider ON waitlist_entries (provider_id, expires_at) WHERE fulfilled_at IS NULL;
CREATE INDEX waitlist_entries_group ON waitlist_entries (kind, city_key, expires_at) WHERE fulfilled_at IS NULL;
CREATE INDEX waitlist_entries_expires ON waitlist_entries (expires_at);

CREATE TABLE waitlist_offers (
    id          TEXT    PRIMARY KEY,
    entry_id    TEXT    NOT NULL,
    provider_id INTEGER NOT NULL,
    service_id  INTEGER NOT NULL,
    start_at    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    used_at     INTEGER,
    booking_id  TEXT,
    UNIQUE (entry_id, provider_id, start_at)
);

-- +goose Down
DROP TABLE waitlist_offers;
DROP TABLE waitlist_entries;
