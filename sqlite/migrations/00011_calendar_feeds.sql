-- +goose Up
-- A provider's calendar feed (feed/): a secret URL whose token is kept
-- only as its SHA-256, so that a copy of the database does not give the
-- feeds away. One feed per provider: a rotation replaces the hash, a
-- revocation deletes the row. contact_details says whether the feed
-- shows the customers' email and phone (off unless the operator says).
CREATE TABLE calendar_feeds (
    provider_id     INTEGER PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    contact_details INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
