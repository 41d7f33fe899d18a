package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// EnqueueOptions shape one job; the zero value runs it now with the queue's defaults.
type EnqueueOptions struct {
	// MaxAttempts overrides the queue's attempt budget (0 keeps it).
	MaxAttempts int
	// RunAt delays the first run (zero: now).
	RunAt time.Time
	// ExpiresAt fails the job, unrun, if no worker starts it by then: a password-reset
	// e-mail is useless once its link has expired (zero: never).
	ExpiresAt time.Time
	// UniqueKey makes Enqueue idempotent: while a job of the same kind and key is
	// available or running, Enqueue returns that job's id instead of adding another.
	UniqueKey string
	// Sensitive erases the payload once the job is completed or failed, so that secrets
	// it carries (a reset link) do not outlive their use in the database.
	Sensitive bool
}

// maxEnqueueTries bounds the retry of a unique insert that raced a finishing duplicate.
const maxEnqueueTries = 3

// Enqueue adds a job of a registered kind with payload (marshalled to JSON) and returns
// its id. It runs in the transaction ctx carries, if any: the job commits or rolls back
// with the caller's change, and a worker is woken once it commits. A bad kind or payload
// wraps errs.ErrInvalid.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any, o EnqueueOptions) (string, error) {
	if _, ok := q.handler(kind); !ok {
		return "", fmt.Errorf("enqueue: no handler for job kind %q: %w", kind, errs.ErrInvalid)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("enqueue %s: payload: %w: %w", kind, errs.ErrInvalid, err)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = q.cfg.MaxAttempts
	}
	now := db.NormalizeTime(time.Now())
	runAt := now
	if !o.RunAt.IsZero() {
		runAt = db.NormalizeTime(o.RunAt)
	}
	var expires, unique any
	if !o.ExpiresAt.IsZero() {
		expires = db.NormalizeTime(o.ExpiresAt)
	}
	if o.UniqueKey != "" {
		unique = o.UniqueKey
	}
	for try := 1; ; try++ {
		id := db.NewID("job")
		// DO NOTHING only ever fires on the partial unique index: ids are random.
		res, err := q.db.Exec(ctx, `INSERT INTO jobs (id, kind, payload, state, max_attempts, run_at, expires_at,
			unique_key, sensitive, created_at, updated_at)
			VALUES (?, ?, ?, 'available', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			id, kind, string(body), o.MaxAttempts, runAt, expires, unique, o.Sensitive, now, now)
		if err != nil {
			return "", fmt.Errorf("enqueue %s: %w", kind, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			q.afterEnqueue(ctx, id)
			return id, nil
		}
		var existing string
		err = q.db.Get(ctx, &existing, `SELECT id FROM jobs WHERE kind = ? AND unique_key = ?
			AND state IN ('available', 'running')`, kind, o.UniqueKey)
		if err == nil {
			return existing, nil
		}
		// The duplicate finished between our insert and our look: insert again.
		if !errors.Is(err, errs.ErrNotFound) || try == maxEnqueueTries {
			return "", fmt.Errorf("enqueue %s: find unique job %q: %w", kind, o.UniqueKey, err)
		}
	}
}

// afterEnqueue wakes a worker once the job commits; with no worker running in this
// process (a CLI command), it remembers the job for Flush.
func (q *Queue) afterEnqueue(ctx context.Context, id string) {
	q.db.AfterCommit(ctx, func() {
		q.mu.Lock()
		if !q.started {
			q.pending[id] = struct{}{}
		}
		q.mu.Unlock()
		q.wake()
	})
}

// Cancel withdraws a job that has not started; a running or finished job is left alone
// and gives an error wrapping errs.ErrConflict.
func (q *Queue) Cancel(ctx context.Context, id string) error {
	now := db.NormalizeTime(time.Now())
	res, err := q.db.Exec(ctx, `UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ?
		WHERE id = ? AND state = 'available'`, now, now, id)
	if err != nil {
		return fmt.Errorf("cancel job %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := q.Get(ctx, id); err != nil {
			return fmt.Errorf("cancel job: %w", err)
		}
		return fmt.Errorf("cancel job %s: it already started: %w", id, errs.ErrConflict)
	}
	return nil
}
