-- +goose Up
-- The ids another system gives providers and their services, so that
-- `rendezvous import` of that system's directory updates what it created
-- before instead of adding it again. A service's external id is scoped by
-- its provider's ("clinic-42/consultation").
CREATE TABLE external_ids (
    kind        text   NOT NULL CHECK (kind IN ('provider', 'service')),
    external_id text   NOT NULL CHECK (length(external_id) BETWEEN 1 AND 300),
    id          bigint NOT NULL,
    PRIMARY KEY (kind, external_id),
    UNIQUE (kind, id)
);

-- +goose Down
DROP TABLE external_ids;
