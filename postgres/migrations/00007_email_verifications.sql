-- +goose Up
-- One-time codes that prove an address (docs/notifications.md): the
-- code's keyed hash only, never the code. Rows live until their expiry
-- plus a day (the sweep), so that the per-address limit can count them.
CREATE TABLE email_verifications (
    id           text        PRIMARY KEY,
    email        text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    code_hash    bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    confirmed_at timestamptz
);
CREATE INDEX email_verifications_email ON email_verifications (email, created_at);
CREATE INDEX email_verifications_expires ON email_verifications (expires_at);

-- +goose Down
DROP TABLE email_verifications;
