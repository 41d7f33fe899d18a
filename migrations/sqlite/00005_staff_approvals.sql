-- Four-eyes approvals: a sensitive staff action waits here until a second staff member
-- approves it (or it expires).

-- +goose Up
CREATE TABLE staff_approvals (
    id                 TEXT PRIMARY KEY,
    action             TEXT NOT NULL,
    target_user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_by       TEXT NOT NULL REFERENCES users (id),
    reason             TEXT NOT NULL,
    verified_by_method TEXT NOT NULL DEFAULT '',
    verified_by_note   TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved')),
    decided_by         TEXT REFERENCES users (id),
    decided_at         DATETIME,
    created_at         DATETIME NOT NULL,
    expires_at         DATETIME NOT NULL
);
CREATE INDEX staff_approvals_status_idx ON staff_approvals (status, created_at);
