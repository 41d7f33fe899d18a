package jobs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// claimedRow is what a claim returns about the job it took.
type claimedRow struct {
	ID          string `db:"id"`
	Kind        string `db:"kind"`
	Payload     string `db:"payload"`
	Attempt     int    `db:"attempt"`
	MaxAttempts int    `db:"max_attempts"`
	Expired     bool   `db:"expired"`
}

// claim takes one due job of a registered kind (limited to ids when given): an available
// job whose run_at has come, or a running one whose lease ran out (its worker died). It
// returns nil when there is none. The attempt counter goes up at claim time, so a worker
// that dies mid-run still uses up an attempt.
//
// PostgreSQL skips rows other workers hold (FOR UPDATE SKIP LOCKED), so concurrent claims
// never block on or return the same job. SQLite has a single writer: WithTx begins
// IMMEDIATE, so claims run one after another and each sees the previous one's result.
func (q *Queue) claim(ctx context.Context, ids []string) (*Job, error) {
	kinds := q.registeredKinds()
	if len(kinds) == 0 {
		return nil, nil
	}
	now := db.NormalizeTime(time.Now())
	// due selects the jobs this claim may take; dueArgs fill its placeholders.
	due := "kind IN (" + placeholders(len(kinds)) + ")"
	var dueArgs []any
	for _, k := range kinds {
		dueArgs = append(dueArgs, k)
	}
	if len(ids) > 0 {
		due += " AND id IN (" + placeholders(len(ids)) + ")"
		for _, id := range ids {
			dueArgs = append(dueArgs, id)
		}
	}
	due += " AND ((state = 'available' AND run_at <= ?) OR (state = 'running' AND lease_until <= ?))"
	dueArgs = append(dueArgs, now, now)

	lease := db.NewID("lease")
	query := `UPDATE jobs SET state = 'running', attempt = attempt + 1, lease = ?, lease_until = ?,
		started_at = COALESCE(started_at, ?), updated_at = ?
		WHERE id = (SELECT id FROM jobs WHERE ` + due + ` ORDER BY run_at, id LIMIT 1%s)
		RETURNING id, kind, payload, attempt, max_attempts,
			(expires_at IS NOT NULL AND expires_at < ?) AS expired`
	args := append([]any{lease, now.Add(q.cfg.Lease), now, now}, dueArgs...)
	args = append(args, now)
	var r claimedRow
	var err error
	if q.db.Dialect() == db.Postgres {
		// One statement is its own transaction, and SKIP LOCKED lets claims pass each
		// other: no BEGIN, no COMMIT, no look first. A job is claimed on every enqueue, so
		// these round trips count.
		err = q.db.Get(ctx, &r, fmt.Sprintf(query, " FOR UPDATE SKIP LOCKED"), args...)
	} else {
		err = q.claimSQLite(ctx, &r, fmt.Sprintf(query, ""), args, due, dueArgs)
	}
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim job: %w", err)
	}
	j := &Job{ID: r.ID, Kind: r.Kind, Payload: []byte(r.Payload), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts, q: q, lease: lease}
	if r.Attempt > r.MaxAttempts {
		// Only a job rescued from a dead worker gets here: its last attempt was used up.
		return nil, q.fail(ctx, j, "the worker running the last attempt stopped without finishing")
	}
	if r.Expired {
		return nil, q.fail(ctx, j, "expired before it could run")
	}
	return j, nil
}

// claimSQLite claims on SQLite, whose single writer the claim's IMMEDIATE transaction
// takes. It looks first, without that lock, so that idle polls neither queue behind nor
// hold up the requests' writes.
func (q *Queue) claimSQLite(ctx context.Context, r *claimedRow, query string, args []any, due string, dueArgs []any) error {
	var n int
	if err := q.db.Get(ctx, &n, `SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE `+due+` LIMIT 1) d`, dueArgs...); err != nil {
		return fmt.Errorf("look for due jobs: %w", err)
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return q.db.WithTx(ctx, func(ctx context.Context) error {
		return q.db.Get(ctx, r, query, args...)
	})
}

// placeholders returns "?, ?, …" n times.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// complete records a successful run. A sensitive payload is erased.
func (q *Queue) complete(ctx context.Context, j *Job) error {
	now := db.NormalizeTime(time.Now())
	return q.settle(ctx, j, `UPDATE jobs SET state = 'completed', finished_at = ?, updated_at = ?, lease = NULL,
		lease_until = NULL, payload = CASE WHEN sensitive THEN '{}' ELSE payload END WHERE id = ? AND lease = ?`,
		now, now, j.ID, j.lease)
}

// retry puts a failed run back in the queue, due after the backoff for its attempt.
func (q *Queue) retry(ctx context.Context, j *Job, msg string, delay time.Duration) error {
	now := db.NormalizeTime(time.Now())
	return q.settle(ctx, j, `UPDATE jobs SET state = 'available', run_at = ?, last_error = ?, updated_at = ?,
		lease = NULL, lease_until = NULL WHERE id = ? AND lease = ?`,
		now.Add(delay), truncate(msg, maxErrorLen), now, j.ID, j.lease)
}

// fail ends a job as failed with msg as its last error. A sensitive payload is erased.
func (q *Queue) fail(ctx context.Context, j *Job, msg string) error {
	now := db.NormalizeTime(time.Now())
	q.metrics.failed.WithLabelValues(j.Kind).Inc()
	q.log.WarnContext(ctx, "job failed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "err", msg)
	return q.settle(ctx, j, `UPDATE jobs SET state = 'failed', last_error = ?, finished_at = ?, updated_at = ?,
		lease = NULL, lease_until = NULL, payload = CASE WHEN sensitive THEN '{}' ELSE payload END
		WHERE id = ? AND lease = ?`, truncate(msg, maxErrorLen), now, now, j.ID, j.lease)
}

// settle runs one guarded write about a claimed job. It uses a context that outlives
// the run's (a job stopped at shutdown must still be put back) and no transaction the
// handler may have left in it.
func (q *Queue) settle(ctx context.Context, j *Job, query string, args ...any) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	res, err := q.db.SQLX().ExecContext(ctx, q.db.Rebind(query), args...)
	if err != nil {
		return fmt.Errorf("record outcome of job %s: %w", j.ID, db.Classify(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Our lease ran out and another worker took the job over; its outcome counts.
		q.log.WarnContext(ctx, "job lease lost before its outcome was recorded", "job_id", j.ID, "kind", j.Kind)
	}
	return nil
}

// settleTimeout bounds recording a job's outcome.
const settleTimeout = 10 * time.Second

// backoff is the delay before retrying after the given failed attempt (1-based):
// RetryBase doubled per attempt, capped at RetryMax, with "equal jitter" (half fixed,
// half random) so that jobs failing together do not retry in lockstep.
func (q *Queue) backoff(attempt int) time.Duration {
	d := q.cfg.RetryMax
	if attempt-1 < 40 {
		if e := q.cfg.RetryBase << (attempt - 1); e > 0 && e < d {
			d = e
		}
	}
	half := d / 2
	return half + rand.N(half+1)
}
