-- Recovery after losing every passkey (docs/decisions/0017): an e-mailed link starts a
-- waiting period that the user's admins are told about and may cancel; once it is over,
-- the same link removes every passkey. Only the SHA-256 of the link's token is kept.

-- +goose Up
CREATE TABLE passkey_recoveries (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id            TEXT REFERENCES orgs (id) ON DELETE SET NULL, -- the user's org, for admin visibility
    token_hash        TEXT NOT NULL UNIQUE,
    status            TEXT NOT NULL CHECK (status IN ('waiting', 'completed', 'cancelled')),
    requested_ip      TEXT NOT NULL DEFAULT '',
    requested_ua      TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    ready_at          TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL, -- the link no longer completes after this
    completed_at      TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ,
    cancelled_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    cancel_reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX passkey_recoveries_user_idx ON passkey_recoveries (user_id, status);
CREATE INDEX passkey_recoveries_org_idx ON passkey_recoveries (org_id, status, created_at);
