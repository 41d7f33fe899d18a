-- Sanctions lists (package screening). Each import is one row: the release's files as
-- published (gzip-compressed), their SHA-256, and counts. Servers parse the newest row
-- into an in-memory index at start and when a poll of (number, content_hash) shows a
-- newer one, so every instance screens against the same version. Older rows stay: a
-- screening's evidence names the version it ran against. See decision record 0021.

-- +goose Up
CREATE TABLE sanctions_lists (
    id           TEXT PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE CHECK (number >= 1),
    source       TEXT NOT NULL CHECK (source <> ''),
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
    entries      INTEGER NOT NULL,
    alt_names    INTEGER NOT NULL,
    addresses    INTEGER NOT NULL,
    sdn_gz       BYTEA NOT NULL,
    alt_gz       BYTEA,
    add_gz       BYTEA,
    imported_by  TEXT NOT NULL DEFAULT '',
    imported_at  TIMESTAMPTZ NOT NULL
);
