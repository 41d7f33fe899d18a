-- Audit: an append-only, hash-chained log of who did what (package audit).
--
-- seq is the chain order. It is assigned by the appender (last seq + 1, under an advisory
-- lock) rather than by a sequence, because sequences are not transactional: a rolled-back
-- append would leave a gap that Verify could not tell from a deleted row. The primary key
-- on seq is the last line of defence against a forked chain.
--
-- details is TEXT, not JSONB: the hash covers the exact canonical JSON the appender wrote,
-- and JSONB would re-encode it (key order, spacing, number forms).
--
-- The triggers below refuse UPDATE, DELETE and TRUNCATE for everyone, including the
-- application's own role. They stop mistakes and casual tampering; a superuser can still
-- drop them, which is what the hash chain (audit.Verify) is there to detect. In production
-- the application role should also be granted only INSERT and SELECT on audit_events.

-- +goose Up
CREATE TABLE audit_events (
    seq                BIGINT PRIMARY KEY CHECK (seq > 0),
    id                 TEXT NOT NULL UNIQUE,
    at                 TIMESTAMPTZ NOT NULL,
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
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
-- TRUNCATE fires no row triggers, so it needs a statement trigger of its own.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
