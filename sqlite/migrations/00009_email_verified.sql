-- +goose Up
-- A booking made with an email address its customer proved (a one-time
-- code) is counted against the cap of upcoming bookings with the others so
-- made, and a booking made with an address nobody proved with the others
-- of its kind: what anyone books with someone's address or phone cannot
-- lock its owner out.
ALTER TABLE bookings ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE bookings DROP COLUMN email_verified;
