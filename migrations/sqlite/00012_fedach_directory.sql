-- The Federal Reserve's FedACH participant directory (package banking/directory), as
-- imported by `vouch fedach import`. An import replaces every participant row and adds
-- one fedach_versions row in a single transaction, so readers see the old directory or
-- the new one, never a mix. Names, cities and phone numbers are public data.

-- +goose Up
CREATE TABLE fedach_participants (
    routing_number     TEXT PRIMARY KEY,
    office_code        TEXT NOT NULL,
    servicing_frb      TEXT NOT NULL,
    -- 0: a Federal Reserve Bank; 1: send to this routing number; 2: replaced by new_routing_number.
    record_type        TEXT NOT NULL CHECK (record_type IN ('0', '1', '2')),
    change_date        TEXT NOT NULL, -- YYYY-MM-DD, as the directory gives it (a date, no zone)
    new_routing_number TEXT NOT NULL DEFAULT '',
    name               TEXT NOT NULL,
    address            TEXT NOT NULL,
    city               TEXT NOT NULL,
    state              TEXT NOT NULL,
    zip                TEXT NOT NULL,
    phone              TEXT NOT NULL,
    status_code        TEXT NOT NULL,
    view_code          TEXT NOT NULL
);

-- One row per successful import; the newest is the directory in force.
CREATE TABLE fedach_versions (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    row_count   INTEGER NOT NULL CHECK (row_count > 0),
    source      TEXT NOT NULL DEFAULT '',
    imported_at DATETIME NOT NULL
);
CREATE INDEX fedach_versions_imported_idx ON fedach_versions (imported_at);

