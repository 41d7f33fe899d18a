package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// Progress is how far a job got, for a progress bar: Done of Total items, Errors of them
// reported as failed (see Job.ItemError). Total is 0 until the handler knows it.
type Progress struct {
	Done   int `json:"done"`
	Total  int `json:"total"`
	Errors int `json:"errors"`
}

// Status is what can be shown about a job. The payload is left out: it may carry secrets.
type Status struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	State       State      `json:"state"`
	Attempt     int        `json:"attempt"`
	MaxAttempts int        `json:"max_attempts"`
	LastError   string     `json:"last_error,omitempty"` // the latest failure, kept after a successful retry
	Progress    Progress   `json:"progress"`
	RunAt       time.Time  `json:"run_at"` // when the next attempt is due
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
}

// statusRow is Status as the jobs table stores it.
type statusRow struct {
	ID          string     `db:"id"`
	Kind        string     `db:"kind"`
	State       string     `db:"state"`
	Attempt     int        `db:"attempt"`
	MaxAttempts int        `db:"max_attempts"`
	LastError   string     `db:"last_error"`
	Done        int        `db:"progress_done"`
	Total       int        `db:"progress_total"`
	Errors      int        `db:"item_errors"`
	RunAt       time.Time  `db:"run_at"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	StartedAt   *time.Time `db:"started_at"`
	FinishedAt  *time.Time `db:"finished_at"`
}

// Get returns a job's state and progress; an unknown id wraps errs.ErrNotFound.
func (q *Queue) Get(ctx context.Context, id string) (Status, error) {
	var r statusRow
	err := q.db.Get(ctx, &r, `SELECT id, kind, state, attempt, max_attempts, last_error, progress_done,
		progress_total, (SELECT COUNT(*) FROM job_item_errors e WHERE e.job_id = jobs.id) AS item_errors,
		run_at, created_at, updated_at, started_at, finished_at FROM jobs WHERE id = ?`, id)
	if err != nil {
		return Status{}, fmt.Errorf("get job %s: %w", id, err)
	}
	return Status{
		ID: r.ID, Kind: r.Kind, State: State(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		LastError: r.LastError, Progress: Progress{Done: r.Done, Total: r.Total, Errors: r.Errors},
		RunAt: r.RunAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
	}, nil
}

// ItemError is one item a job could not process.
type ItemError struct {
	Item      string    `json:"item" db:"item"` // what failed, in the handler's terms: "row 17", a supplier id
	Message   string    `json:"message" db:"message"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// ItemErrors lists up to limit of a job's item errors, oldest first, skipping the first
// offset (for paging a long error report).
func (q *Queue) ItemErrors(ctx context.Context, id string, offset, limit int) ([]ItemError, error) {
	out := []ItemError{}
	err := q.db.Select(ctx, &out, `SELECT item, message, created_at FROM job_item_errors WHERE job_id = ?
		ORDER BY created_at, item LIMIT ? OFFSET ?`, id, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list errors of job %s: %w", id, err)
	}
	return out, nil
}

// SetProgress records that done of total items are processed and renews the claim.
// Called with a ctx that carries the handler's own transaction, it commits with that work,
// so the bar never runs ahead of what is stored. Report every few hundred items, not each.
func (j *Job) SetProgress(ctx context.Context, done, total int) error {
	now := db.NormalizeTime(time.Now())
	_, err := j.q.db.Exec(ctx, `UPDATE jobs SET progress_done = ?, progress_total = ?, updated_at = ?, lease_until = ?
		WHERE id = ? AND lease = ?`, done, total, now, now.Add(j.q.cfg.Lease), j.ID, j.lease)
	if err != nil {
		return fmt.Errorf("job %s: set progress: %w", j.ID, err)
	}
	return nil
}

// ItemError records that item failed with message (shown to people: no secrets). A
// retried job that reports the same item again replaces the message, so the report
// lists each item once however often the job ran.
func (j *Job) ItemError(ctx context.Context, item, message string) error {
	_, err := j.q.db.Exec(ctx, `INSERT INTO job_item_errors (job_id, item, message, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job_id, item) DO UPDATE SET message = excluded.message`,
		j.ID, item, truncate(message, maxErrorLen), db.NormalizeTime(time.Now()))
	if err != nil {
		return fmt.Errorf("job %s: record item error: %w", j.ID, err)
	}
	return nil
}

// maxErrorLen bounds a stored error message.
const maxErrorLen = 2000

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
