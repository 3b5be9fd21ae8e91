-- +goose Up
-- Administrators list a provider's bookings, cancelled ones included, or
-- every booking of a period: without these the list scans the table (35 ms
-- for 250,000 bookings on SQLite, measured by the abuse suite).
CREATE INDEX bookings_provider_start ON bookings (provider_id, start_at);
CREATE INDEX bookings_start ON bookings (start_at);

-- +goose Down
DROP INDEX bookings_start;
DROP INDEX bookings_provider_start;
