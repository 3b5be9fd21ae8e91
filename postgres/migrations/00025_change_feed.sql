-- +goose Up
-- The change feed of the availability index (booking.Index): every
-- transaction that changes what the search proposes tells every instance,
-- on commit, through NOTIFY on the channel 'rendezvous.' || the tables' schema (so
-- that two schemas of one database keep their feeds apart). Notifications are
-- sent in the writing transaction, so a rolled-back change sends nothing
-- and a committed one is announced after its commit is visible.
--
-- Payloads: 'b:1,7,42' lists the providers whose active bookings changed,
-- 'b:*' says too many to list (an import), 's' says that hours, time off,
-- services or a provider's policy changed. Statement-level triggers send
-- one notification per statement (PostgreSQL folds identical ones of a
-- transaction), not one per row.

-- +goose StatementBegin
CREATE FUNCTION rendezvous_notify_bookings(schema text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    payload := 'b:' || array_to_string(ids, ',');
    -- NOTIFY payloads must stay under 8,000 bytes.
    IF length(payload) > 7000 THEN
        payload := 'b:*';
    END IF;
    PERFORM pg_notify('rendezvous.' || schema, payload);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Inserted or deleted rows: both triggers name their transition table
-- changed_rows.
CREATE FUNCTION rendezvous_bookings_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rendezvous_notify_bookings(TG_TABLE_SCHEMA, ARRAY(SELECT DISTINCT provider_id FROM changed_rows WHERE status = 'booked'));
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION rendezvous_bookings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only what moves a busy span: erasing a customer's details or
    -- raising a token version leaves the calendar as it was.
    PERFORM rendezvous_notify_bookings(TG_TABLE_SCHEMA, ARRAY(
        SELECT DISTINCT unnest(ARRAY[n.provider_id, o.provider_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.status, n.start_at, n.blocked_until, n.provider_id) IS DISTINCT FROM (o.status, o.start_at, o.blocked_until, o.provider_id)));
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION rendezvous_schedules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rendezvous.' || TG_TABLE_SCHEMA, 's');
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER bookings_feed_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_bookings_added_or_removed();
CREATE TRIGGER bookings_feed_update AFTER UPDATE ON bookings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_bookings_updated();
CREATE TRIGGER bookings_feed_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_bookings_added_or_removed();
CREATE TRIGGER providers_feed AFTER INSERT OR UPDATE OR DELETE ON providers
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_schedules_changed();
CREATE TRIGGER services_feed AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_schedules_changed();
CREATE TRIGGER opening_hours_feed AFTER INSERT OR UPDATE OR DELETE ON opening_hours
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_schedules_changed();
CREATE TRIGGER time_off_feed AFTER INSERT OR UPDATE OR DELETE ON time_off
    FOR EACH STATEMENT EXECUTE FUNCTION rendezvous_schedules_changed();

-- +goose Down
DROP TRIGGER time_off_feed ON time_off;
DROP TRIGGER opening_hours_feed ON opening_hours;
DROP TRIGGER services_feed ON services;
DROP TRIGGER providers_feed ON providers;
DROP TRIGGER bookings_feed_delete ON bookings;
DROP TRIGGER bookings_feed_update ON bookings;
DROP TRIGGER bookings_feed_insert ON bookings;
DROP FUNCTION rendezvous_schedules_changed();
DROP FUNCTION rendezvous_bookings_updated();
DROP FUNCTION rendezvous_bookings_added_or_removed();
DROP FUNCTION rendezvous_notify_bookings(text, bigint[]);
