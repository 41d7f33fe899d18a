-- Identity: organisations, users and their role grants.
-- Ids are opaque TEXT generated in Go ("org_…", "usr_…"); times are TIMESTAMPTZ (microseconds).

-- +goose Up
CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('customer', 'supplier', 'platform')),
    name       TEXT NOT NULL CHECK (name <> ''),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
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
    locked_until         TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('platform_admin', 'support', 'customer_admin', 'supplier_user')),
    org_id  TEXT REFERENCES orgs (id)
);
-- A grant is unique per user, role and org; platform-wide grants have no org.
CREATE UNIQUE INDEX user_roles_grant_key ON user_roles (user_id, role, coalesce(org_id, ''));
CREATE INDEX user_roles_org_idx ON user_roles (org_id) WHERE org_id IS NOT NULL;
