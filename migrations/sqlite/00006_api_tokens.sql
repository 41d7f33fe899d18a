-- Bearer tokens for API clients (customer AP systems) and devices (the desktop app).
-- Only the SHA-256 of a token is kept; the token itself is shown once at creation.

-- +goose Up
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id       TEXT REFERENCES orgs (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('api_key', 'device')),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);
CREATE INDEX api_tokens_org_idx ON api_tokens (org_id, created_at);
