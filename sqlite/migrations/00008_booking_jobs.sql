-- +goose Up
-- Which job belongs to which booking: a booking that moves, is cancelled
-- or erased deletes its pending jobs (the reminder above all) in its own
-- transaction. Looking them up in the queue's table by their payload
-- scanned every pending job (40 ms with 100,000 reminders queued, on each
-- cancellation); this index finds them at once. Rows go with the booking's
-- erasure or anonymisation; a row whose job has finished is harmless.
CREATE TABLE booking_jobs (
    booking_id TEXT NOT NULL,
    job_id     INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    PRIMARY KEY (booking_id, job_id)
);

-- +goose Down
DROP TABLE booking_jobs;
