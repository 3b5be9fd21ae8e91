-- +goose Up
-- Instants are INTEGER unix seconds (UTC); wall-clock opening hours are
-- minutes after local midnight in the provider's time zone. A booking
-- blocks at most a day (services ≤ 12 h, buffers ≤ 12 h), which bounds
-- every overlap search to one day of the index.
CREATE TABLE providers (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key           TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    city               TEXT    NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    city_key           TEXT    NOT NULL,
    address            TEXT    NOT NULL DEFAULT '',
    timezone           TEXT    NOT NULL,
    languages          TEXT    NOT NULL DEFAULT '',
    buffer_minutes     INTEGER NOT NULL DEFAULT 0   CHECK (buffer_minutes BETWEEN 0 AND 720),
    min_notice_minutes INTEGER NOT NULL DEFAULT 120 CHECK (min_notice_minutes >= 0),
    horizon_minutes    INTEGER NOT NULL DEFAULT 129600 CHECK (horizon_minutes > 0),
    slot_step_minutes  INTEGER NOT NULL DEFAULT 15  CHECK (slot_step_minutes > 0),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX providers_kind_city ON providers (kind, city_key, id);
CREATE INDEX providers_city ON providers (city_key, id);

CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    provider_id      INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
    price_cents      INTEGER NOT NULL CHECK (price_cents >= 0),
    -- Lets bookings reference (service, provider) together, so that a
    -- booking can only be for a service of its own provider.
    UNIQUE (id, provider_id)
);
CREATE INDEX services_provider ON services (provider_id, id);

CREATE TABLE opening_hours (
    provider_id  INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440 AND end_minute > start_minute),
    PRIMARY KEY (provider_id, weekday, start_minute)
) WITHOUT ROWID;

CREATE TABLE time_off (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER NOT NULL CHECK (end_at > start_at),
    reason      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX time_off_provider ON time_off (provider_id, end_at);

CREATE TABLE bookings (
    id             TEXT    PRIMARY KEY,
    provider_id    INTEGER NOT NULL REFERENCES providers (id),
    service_id     INTEGER NOT NULL,
    start_at       INTEGER NOT NULL,
    end_at         INTEGER NOT NULL CHECK (end_at > start_at),
    blocked_until  INTEGER NOT NULL CHECK (blocked_until >= end_at AND blocked_until - start_at <= 86400),
    status         TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled')),
    customer_name  TEXT    NOT NULL,
    customer_email TEXT    NOT NULL,
    customer_phone TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    cancelled_at   INTEGER,
    FOREIGN KEY (service_id, provider_id) REFERENCES services (id, provider_id)
);
CREATE INDEX bookings_active_provider_start ON bookings (provider_id, start_at, blocked_until) WHERE status = 'booked';
CREATE INDEX bookings_email ON bookings (customer_email, start_at);

-- The database itself refuses two active bookings of one provider whose
-- [start_at, blocked_until) spans overlap, whatever the application does.
-- Together with write transactions that begin IMMEDIATE (one writer at a
-- time) this is SQLite's equivalent of PostgreSQL's exclusion constraint.
-- +goose StatementBegin
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status = 'booked'
BEGIN
    SELECT RAISE(ABORT, 'rendezvous: slot_taken')
    WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.provider_id = NEW.provider_id
          AND b.status = 'booked'
          AND b.start_at < NEW.blocked_until
          AND b.start_at > NEW.start_at - 86400
          AND NEW.start_at < b.blocked_until
    );
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF provider_id, start_at, blocked_until, status ON bookings
WHEN NEW.status = 'booked'
BEGIN
    SELECT RAISE(ABORT, 'rendezvous: slot_taken')
    WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.provider_id = NEW.provider_id
          AND b.id <> NEW.id
          AND b.status = 'booked'
          AND b.start_at < NEW.blocked_until
          AND b.start_at > NEW.start_at - 86400
          AND NEW.start_at < b.blocked_until
    );
END;
-- +goose StatementEnd

CREATE TABLE admin_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL DEFAULT '',
    prefix     TEXT    NOT NULL UNIQUE,
    hash       BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- +goose Down
DROP TABLE admin_keys;
DROP TABLE bookings;
DROP TABLE time_off;
DROP TABLE opening_hours;
DROP TABLE services;
DROP TABLE providers;
