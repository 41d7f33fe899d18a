package jobs

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// Start launches the workers; they run until Stop. Jobs this process enqueued while no
// worker ran are picked up like any other. Starting twice is an error.
func (q *Queue) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		return errors.New("jobs: already started")
	}
	q.started = true
	q.pending = map[string]struct{}{}
	q.stopping = make(chan struct{})
	// Handlers run under a context that only Stop's deadline cancels, not ctx: a request
	// or signal context ending must not cut a job in half.
	q.hardCtx, q.hard = context.WithCancel(context.WithoutCancel(ctx))
	// Each goroutine gets the channel now: Stop sets q.stopping to nil, and a goroutine
	// that read the field only after that would wait on a nil channel for ever.
	stopping := q.stopping
	for range q.cfg.Workers {
		q.wg.Go(func() { q.loop(stopping) })
	}
	q.wg.Go(func() { q.sweep(stopping) })
	q.log.InfoContext(ctx, "job workers started", "workers", q.cfg.Workers, "kinds", q.kinds)
	return nil
}

// Stop stops claiming and waits for running jobs to finish. When ctx ends first, their
// contexts are cancelled (a handler that stops then is retried later) and Stop returns
// ctx's error once they have returned. Stop on a queue never started does nothing.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	if !q.started || q.stopping == nil {
		q.mu.Unlock()
		return nil
	}
	close(q.stopping)
	q.stopping = nil
	q.mu.Unlock()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		q.hard()
		q.log.InfoContext(ctx, "job workers stopped")
		return nil
	case <-ctx.Done():
		q.hard()
		<-done
		q.log.WarnContext(ctx, "job workers stopped before their jobs finished; those will be retried")
		return fmt.Errorf("stop job workers: %w", ctx.Err())
	}
}

// loop is one worker: claim a due job and run it, or sleep until woken or the next poll.
func (q *Queue) loop(stopping <-chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var lastErrLog time.Time
	for {
		select {
		case <-stopping:
			return
		default:
		}
		j, err := q.claim(q.hardCtx, nil)
		if err != nil && time.Since(lastErrLog) > time.Minute {
			// A database outage would otherwise log at every poll of every worker.
			lastErrLog = time.Now()
			q.log.WarnContext(q.hardCtx, "job worker cannot claim jobs", "err", err)
		}
		if j != nil {
			q.wake() // there may be more: let an idle worker look too
			q.run(q.hardCtx, j)
			continue
		}
		timer.Reset(q.cfg.PollInterval)
		select {
		case <-stopping:
			return
		case <-q.wakeCh:
		case <-timer.C:
		}
	}
}

// run executes one claimed job and records the outcome: completed, retried after a
// backoff, or failed.
func (q *Queue) run(ctx context.Context, j *Job) {
	h, ok := q.handler(j.Kind)
	if !ok { // claim only takes registered kinds
		_ = q.fail(ctx, j, "no handler for kind "+j.Kind)
		return
	}
	jctx, cancel := context.WithTimeout(ctx, q.cfg.Timeout)
	stopBeat := q.heartbeat(jctx, j)
	start := time.Now()
	err := safeCall(jctx, h, j)
	stopBeat()
	cancel()
	q.metrics.duration.WithLabelValues(j.Kind).Observe(time.Since(start).Seconds())
	var settleErr error
	switch {
	case err == nil:
		q.metrics.completed.WithLabelValues(j.Kind).Inc()
		q.log.DebugContext(ctx, "job completed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt)
		settleErr = q.complete(ctx, j)
	case IsPermanent(err) || j.Attempt >= j.MaxAttempts:
		settleErr = q.fail(ctx, j, err.Error())
	default:
		delay := q.backoff(j.Attempt)
		q.metrics.retried.WithLabelValues(j.Kind).Inc()
		q.log.InfoContext(ctx, "job will be retried", "job_id", j.ID, "kind", j.Kind,
			"attempt", j.Attempt, "max_attempts", j.MaxAttempts, "in", delay.Round(time.Millisecond), "err", err)
		settleErr = q.retry(ctx, j, err.Error(), delay)
	}
	if settleErr != nil {
		// The lease will run out and another worker will run the job again.
		q.log.ErrorContext(ctx, "job outcome not recorded", "job_id", j.ID, "kind", j.Kind, "err", settleErr)
	}
}

// safeCall runs h, turning a panic into an error so that one bad job cannot kill a worker.
func safeCall(ctx context.Context, h Handler, j *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s (%s) panicked: %v\n%s", j.ID, j.Kind, r, debug.Stack())
		}
	}()
	return h(ctx, j)
}

// heartbeat renews the job's lease every third of it while the handler runs, so a long
// job is not taken over; it returns a function that stops it and waits.
func (q *Queue) heartbeat(ctx context.Context, j *Job) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(q.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				until := db.NormalizeTime(time.Now().Add(q.cfg.Lease))
				if _, err := q.db.SQLX().ExecContext(ctx, q.db.Rebind(`UPDATE jobs SET lease_until = ? WHERE id = ? AND lease = ?`),
					until, j.ID, j.lease); err != nil && ctx.Err() == nil {
					q.log.WarnContext(ctx, "job heartbeat failed", "job_id", j.ID, "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// sweep deletes completed jobs older than KeepCompleted, once an hour.
func (q *Queue) sweep(stopping <-chan struct{}) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		q.deleteCompleted(q.hardCtx)
		select {
		case <-stopping:
			return
		case <-t.C:
		}
	}
}

func (q *Queue) deleteCompleted(ctx context.Context) {
	before := db.NormalizeTime(time.Now().Add(-q.cfg.KeepCompleted))
	res, err := q.db.Exec(ctx, `DELETE FROM jobs WHERE state = 'completed' AND finished_at < ?`, before)
	if err != nil {
		q.log.WarnContext(ctx, "delete old completed jobs", "err", err)
		return
	}
	if n, _ := res.RowsAffected(); n > 0 {
		q.log.InfoContext(ctx, "deleted old completed jobs", "count", n)
	}
}

// Flush runs, in the caller, the jobs this process enqueued while no worker ran: a
// command-line command (vouch admin …) delivers its mail before it exits instead of
// leaving it for the next `vouch serve`. Each job gets one attempt now; one that fails
// stays queued with its backoff, for the server's workers. Flush does nothing on a
// started queue, whose workers already took the jobs.
func (q *Queue) Flush(ctx context.Context) error {
	q.mu.Lock()
	if q.started {
		q.mu.Unlock()
		return nil
	}
	ids := make([]string, 0, len(q.pending))
	for id := range q.pending {
		ids = append(ids, id)
	}
	q.pending = map[string]struct{}{}
	q.mu.Unlock()
	var left int
	for _, id := range ids {
		j, err := q.claim(ctx, []string{id})
		if err != nil {
			return fmt.Errorf("flush jobs: %w", err)
		}
		if j == nil {
			continue // another process ran it, or it is not due yet
		}
		q.run(ctx, j)
		if st, err := q.Get(ctx, id); err == nil && st.State == StateAvailable {
			left++
		}
	}
	if left > 0 {
		q.log.WarnContext(ctx, "some jobs failed and stay queued; `vouch serve` retries them", "count", left)
	}
	return nil
}
