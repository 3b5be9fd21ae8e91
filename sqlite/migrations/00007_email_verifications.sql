-- +goose Up
-- One-time codes that prove an address (docs/notifications.md): the
-- code's keyed hash only, never the code. Rows live until their expiry
-- plus a day (the sweep), so that the per-address limit can count them.
CREATE TABLE email_verifications (
    id           TEXT    PRIMARY KEY,
    email        TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    code_hash    BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    confirmed_at INTEGER
);
CREATE INDEX email_verifications_email ON email_verifications (email, created_at);
CREATE INDEX email_verifications_expires ON email_verifications (expires_at);

-- +goose Down
DROP TABLE email_verifications;
