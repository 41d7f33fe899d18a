-- IP allowlists: site-wide rules (user_id NULL) and per-user rules. An empty list allows
-- every address; a non-empty one allows only its CIDRs.

-- +goose Up
CREATE TABLE ip_rules (
    id         TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    cidr       TEXT NOT NULL CHECK (cidr <> ''),
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);
CREATE UNIQUE INDEX ip_rules_scope_cidr_key ON ip_rules (coalesce(user_id, ''), cidr);
CREATE INDEX ip_rules_user_idx ON ip_rules (user_id);
