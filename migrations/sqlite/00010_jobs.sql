-- Background jobs and their progress (package jobs). A job is enqueued in the same
-- transaction as the change it follows up, so it exists exactly when that change does.
-- States: available (waiting for run_at), running (claimed; lease_until bounds the claim),
-- completed, failed (kept, with last_error), cancelled.

-- +goose Up
CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('available', 'running', 'completed', 'failed', 'cancelled')),
    attempt        INTEGER NOT NULL DEFAULT 0,
    max_attempts   INTEGER NOT NULL CHECK (max_attempts >= 1),
    run_at         DATETIME NOT NULL,
    expires_at     DATETIME,
    unique_key     TEXT,
    sensitive      BOOLEAN NOT NULL DEFAULT FALSE,
    lease          TEXT,
    lease_until    DATETIME,
    last_error     TEXT NOT NULL DEFAULT '',
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    started_at     DATETIME,
    finished_at    DATETIME
);
-- What the claim query scans: due jobs, and running ones whose lease ran out.
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state = 'available';
CREATE INDEX jobs_lease_idx ON jobs (lease_until) WHERE state = 'running';
-- At most one unfinished job per (kind, unique_key).
CREATE UNIQUE INDEX jobs_unique_idx ON jobs (kind, unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('available', 'running');
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state = 'completed';

-- Per-item errors of a job (row 17 of an import, supplier X of a rescreen), one per item:
-- a retried job reporting the same item again replaces the message.
CREATE TABLE job_item_errors (
    job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (job_id, item)
);
