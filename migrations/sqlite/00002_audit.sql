-- Audit: an append-only, hash-chained log of who did what (package audit).
--
-- seq is the chain order, assigned by the appender (last seq + 1) inside its transaction,
-- which SQLite serializes (every read-write transaction is BEGIN IMMEDIATE). It is the
-- INTEGER PRIMARY KEY, so a second event with the same seq, a forked chain, cannot be
-- stored. at is UTC text as in 00001; details is the exact canonical JSON that was hashed.
--
-- The triggers refuse UPDATE and DELETE. Anyone who can write the file can drop them;
-- the hash chain (audit.Verify) is what detects that kind of tampering.

-- +goose Up
CREATE TABLE audit_events (
    seq                INTEGER PRIMARY KEY CHECK (seq > 0),
    id                 TEXT NOT NULL UNIQUE,
    at                 DATETIME NOT NULL,
    actor_id           TEXT NOT NULL DEFAULT '',
    actor_role         TEXT NOT NULL DEFAULT '',
    action             TEXT NOT NULL CHECK (action <> ''),
    target_type        TEXT NOT NULL DEFAULT '',
    target_id          TEXT NOT NULL DEFAULT '',
    org_id             TEXT,
    ip                 TEXT NOT NULL DEFAULT '',
    user_agent         TEXT NOT NULL DEFAULT '',
    reason             TEXT NOT NULL DEFAULT '',
    verified_by_method TEXT NOT NULL DEFAULT ''
                       CHECK (verified_by_method IN ('', 'callback', 'ticket', 'in_person')),
    verified_by_note   TEXT NOT NULL DEFAULT '',
    details            TEXT NOT NULL DEFAULT '{}',
    prev_hash          TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash               TEXT NOT NULL CHECK (length(hash) = 64)
);
-- The admin audit screen filters by actor, target or org and pages newest first by seq.
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, seq);
CREATE INDEX audit_events_org_idx ON audit_events (org_id, seq) WHERE org_id IS NOT NULL;
CREATE INDEX audit_events_at_idx ON audit_events (at);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
-- +goose StatementEnd
