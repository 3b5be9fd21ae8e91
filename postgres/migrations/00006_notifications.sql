-- +goose Up
-- The language every message about a booking is written in (the
-- customer's: the chat's, or the API's "language"). Bookings made before
-- it are written to in English, Rendezvous's default.
ALTER TABLE bookings ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 8);

-- One row per message sent: a job that runs again (River delivers at
-- least once) finds its message here and does not send it twice. The key
-- is the message's (kind, booking, version): no address, no content.
-- Erasure deletes a booking's rows; the sweep, those older than 30 days.
CREATE TABLE notifications_sent (
    message_key text        PRIMARY KEY,
    booking_id  text        NOT NULL,
    job_id      bigint      NOT NULL,
    sent_at     timestamptz NOT NULL
);
CREATE INDEX notifications_sent_booking ON notifications_sent (booking_id);
CREATE INDEX notifications_sent_at ON notifications_sent (sent_at);

-- +goose Down
DROP TABLE notifications_sent;
ALTER TABLE bookings DROP COLUMN language;
