-- Identity: organisations, users and their role grants.
-- Ids are opaque TEXT generated in Go ("org_…", "usr_…"). Times are DATETIME columns holding
-- UTC text ("2006-01-02 15:04:05.999999999+00:00", the driver's _time_format=sqlite with
-- _timezone=UTC), which modernc.org/sqlite scans into time.Time and which sorts as text.
-- lower() folds ASCII only on SQLite (PostgreSQL folds Unicode too).

-- +goose Up
CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('customer', 'supplier', 'platform')),
    name       TEXT NOT NULL CHECK (name <> ''),
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);
-- One org per kind and case-insensitive name: EnsureOrg relies on it to be race-safe.
CREATE UNIQUE INDEX orgs_kind_name_key ON orgs (kind, lower(name));

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    email                TEXT NOT NULL,
    email_lower          TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    must_change_password BOOLEAN NOT NULL DEFAULT false,
    locked_until         DATETIME,
    created_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('platform_admin', 'support', 'customer_admin', 'supplier_user')),
    org_id  TEXT REFERENCES orgs (id)
);
-- A grant is unique per user, role and org; platform-wide grants have no org.
CREATE UNIQUE INDEX user_roles_grant_key ON user_roles (user_id, role, coalesce(org_id, ''));
CREATE INDEX user_roles_org_idx ON user_roles (org_id) WHERE org_id IS NOT NULL;
