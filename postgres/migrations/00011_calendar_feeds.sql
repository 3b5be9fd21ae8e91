-- +goose Up
-- A provider's calendar feed (feed/): a secret URL whose token is kept
-- only as its SHA-256, so that a copy of the database does not give the
-- feeds away. One feed per provider: a rotation replaces the hash, a
-- revocation deletes the row. contact_details says whether the feed
-- shows the customers' email and phone (off unless the operator says).
CREATE TABLE calendar_feeds (
    provider_id     bigint PRIMARY KEY,
    token_hash      text NOT NULL UNIQUE,
    contact_details boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
