-- Four-eyes requests can be cancelled (by their requester or any platform staff), and the
-- reason for a decision is kept with the request.
--
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt: new table, copy every
-- row, drop the old one, rename, recreate the index. goose runs this in one transaction,
-- so a failure leaves the old table untouched. No other table references staff_approvals.

-- +goose Up
CREATE TABLE staff_approvals_new (
    id                 TEXT PRIMARY KEY,
    action             TEXT NOT NULL,
    target_user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_by       TEXT NOT NULL REFERENCES users (id),
    reason             TEXT NOT NULL,
    verified_by_method TEXT NOT NULL DEFAULT '',
    verified_by_note   TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'cancelled')),
    decided_by         TEXT REFERENCES users (id),
    decided_at         DATETIME,
    decision_reason    TEXT NOT NULL DEFAULT '',
    created_at         DATETIME NOT NULL,
    expires_at         DATETIME NOT NULL
);
INSERT INTO staff_approvals_new (id, action, target_user_id, requested_by, reason, verified_by_method,
    verified_by_note, status, decided_by, decided_at, created_at, expires_at)
SELECT id, action, target_user_id, requested_by, reason, verified_by_method,
    verified_by_note, status, decided_by, decided_at, created_at, expires_at
FROM staff_approvals;
DROP TABLE staff_approvals;
ALTER TABLE staff_approvals_new RENAME TO staff_approvals;
CREATE INDEX staff_approvals_status_idx ON staff_approvals (status, created_at);
