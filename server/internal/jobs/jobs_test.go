package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// fast is a queue configuration for tests: quick polls and retries.
func fast() jobs.Config {
	return jobs.Config{Workers: 3, PollInterval: 20 * time.Millisecond, RetryBase: 40 * time.Millisecond, Lease: 3 * time.Second}
}

// start starts q and stops it when the test ends.
func start(t *testing.T, q *jobs.Queue) {
	t.Helper()
	require.NoError(t, q.Start(t.Context()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, q.Stop(ctx))
	})
}

// waitState waits until job id reaches state and returns its status.
func waitState(t *testing.T, q *jobs.Queue, id string, want jobs.State) jobs.Status {
	t.Helper()
	var st jobs.Status
	require.Eventually(t, func() bool {
		var err error
		st, err = q.Get(t.Context(), id)
		require.NoError(t, err)
		return st.State == want
	}, 10*time.Second, 10*time.Millisecond, "job %s never became %s", id, want)
	return st
}

// counter is a handler that counts runs per job id.
type counter struct {
	mu   sync.Mutex
	runs map[string]int
}

func newCounter() *counter { return &counter{runs: map[string]int{}} }

func (c *counter) handle(_ context.Context, j *jobs.Job) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs[j.ID]++
	return nil
}

func (c *counter) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[id]
}

func TestEnqueueFollowsTheTransaction(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		c := newCounter()
		q.Register("test.count", c.handle)
		start(t, q)

		var rolledBack string
		boom := errors.New("the change failed")
		err := d.WithTx(t.Context(), func(ctx context.Context) error {
			var err error
			rolledBack, err = q.Enqueue(ctx, "test.count", map[string]int{"n": 1}, jobs.EnqueueOptions{})
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		_, err = q.Get(t.Context(), rolledBack)
		require.ErrorIs(t, err, errs.ErrNotFound, "a rolled-back job does not exist")

		var committed string
		require.NoError(t, d.WithTx(t.Context(), func(ctx context.Context) error {
			committed, err = q.Enqueue(ctx, "test.count", map[string]int{"n": 2}, jobs.EnqueueOptions{})
			return err
		}))
		st := waitState(t, q, committed, jobs.StateCompleted)
		assert.Equal(t, 1, st.Attempt)
		assert.NotNil(t, st.FinishedAt)

		// A later job completing proves the workers had every chance to run the others again.
		later, err := q.Enqueue(t.Context(), "test.count", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		waitState(t, q, later, jobs.StateCompleted)
		assert.Equal(t, 1, c.count(committed), "a committed job runs once")
		assert.Zero(t, c.count(rolledBack), "a rolled-back job never runs")
	})
}

func TestEnqueueRefusesUnknownKinds(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		_, err := q.Enqueue(t.Context(), "nobody.handles.this", nil, jobs.EnqueueOptions{})
		require.ErrorIs(t, err, errs.ErrInvalid)
		_, err = q.Enqueue(t.Context(), "", nil, jobs.EnqueueOptions{})
		require.ErrorIs(t, err, errs.ErrInvalid)
	})
}

func TestRetriesWithBackoffThenSucceeds(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		cfg := fast()
		q := jobs.New(d, cfg)
		var mu sync.Mutex
		var at []time.Time
		q.Register("test.flaky", func(_ context.Context, j *jobs.Job) error {
			mu.Lock()
			at = append(at, time.Now())
			mu.Unlock()
			if j.Attempt < 3 {
				return fmt.Errorf("relay down (attempt %d)", j.Attempt)
			}
			return nil
		})
		start(t, q)
		id, err := q.Enqueue(t.Context(), "test.flaky", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		st := waitState(t, q, id, jobs.StateCompleted)
		assert.Equal(t, 3, st.Attempt)
		assert.Equal(t, "relay down (attempt 2)", st.LastError, "the last failure is kept after a successful retry")
		mu.Lock()
		defer mu.Unlock()
		require.Len(t, at, 3)
		// Equal jitter: the first retry waits at least half of RetryBase, the second at
		// least RetryBase (double, halved).
		assert.GreaterOrEqual(t, at[1].Sub(at[0]), cfg.RetryBase/2)
		assert.GreaterOrEqual(t, at[2].Sub(at[1]), cfg.RetryBase)
	})
}

func TestMaxAttemptsFailsAndKeepsTheJob(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		var runs atomic.Int32
		q.Register("test.broken", func(_ context.Context, j *jobs.Job) error {
			runs.Add(1)
			return fmt.Errorf("boom %d", j.Attempt)
		})
		q.Register("test.invalid", func(_ context.Context, j *jobs.Job) error {
			runs.Add(1)
			return jobs.Permanent(fmt.Errorf("bad address: %w", errs.ErrInvalid))
		})
		start(t, q)

		id, err := q.Enqueue(t.Context(), "test.broken", map[string]string{"keep": "me"}, jobs.EnqueueOptions{MaxAttempts: 3})
		require.NoError(t, err)
		st := waitState(t, q, id, jobs.StateFailed)
		assert.Equal(t, 3, st.Attempt)
		assert.Equal(t, 3, st.MaxAttempts)
		assert.Equal(t, "boom 3", st.LastError)
		assert.NotNil(t, st.FinishedAt)
		assert.Equal(t, `{"keep":"me"}`, payload(t, d, id), "a failed job keeps its payload for a look or a re-run")

		runs.Store(0)
		id, err = q.Enqueue(t.Context(), "test.invalid", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		st = waitState(t, q, id, jobs.StateFailed)
		assert.Equal(t, 1, st.Attempt, "a permanent error is not retried")
		assert.Equal(t, "bad address: invalid input", st.LastError)
		assert.EqualValues(t, 1, runs.Load())
	})
}

func payload(t *testing.T, d *db.DB, id string) string {
	t.Helper()
	var p string
	require.NoError(t, d.Get(t.Context(), &p, `SELECT payload FROM jobs WHERE id = ?`, id))
	return p
}

func TestSensitivePayloadIsErasedWhenDone(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		var got atomic.Value
		q.Register("test.secret", func(_ context.Context, j *jobs.Job) error {
			var p struct{ Link string }
			if err := j.Decode(&p); err != nil {
				return err
			}
			got.Store(p.Link)
			return nil
		})
		start(t, q)
		id, err := q.Enqueue(t.Context(), "test.secret", map[string]string{"Link": "https://x/reset?token=s3cret"},
			jobs.EnqueueOptions{Sensitive: true})
		require.NoError(t, err)
		waitState(t, q, id, jobs.StateCompleted)
		assert.Equal(t, "https://x/reset?token=s3cret", got.Load(), "the handler saw the payload")
		assert.Equal(t, "{}", payload(t, d, id), "the secret is gone from the database")
	})
}

func TestUniqueKeyMakesEnqueueIdempotent(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		c := newCounter()
		q.Register("test.rescreen", c.handle)
		opts := jobs.EnqueueOptions{UniqueKey: "sanctions-list-42"}
		first, err := q.Enqueue(t.Context(), "test.rescreen", nil, opts)
		require.NoError(t, err)
		again, err := q.Enqueue(t.Context(), "test.rescreen", nil, opts)
		require.NoError(t, err)
		assert.Equal(t, first, again, "while the first is pending, enqueueing again returns it")
		other, err := q.Enqueue(t.Context(), "test.rescreen", nil, jobs.EnqueueOptions{UniqueKey: "sanctions-list-43"})
		require.NoError(t, err)
		assert.NotEqual(t, first, other)

		start(t, q)
		waitState(t, q, first, jobs.StateCompleted)
		waitState(t, q, other, jobs.StateCompleted)
		next, err := q.Enqueue(t.Context(), "test.rescreen", nil, opts)
		require.NoError(t, err)
		assert.NotEqual(t, first, next, "once it finished, the key is free again")
		waitState(t, q, next, jobs.StateCompleted)
		assert.Equal(t, 1, c.count(first))
	})
}

func TestExpiredJobFailsUnrun(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		c := newCounter()
		q.Register("test.reset_mail", c.handle)
		id, err := q.Enqueue(t.Context(), "test.reset_mail", nil, jobs.EnqueueOptions{ExpiresAt: time.Now().Add(-time.Second)})
		require.NoError(t, err)
		start(t, q)
		st := waitState(t, q, id, jobs.StateFailed)
		assert.Equal(t, "expired before it could run", st.LastError)
		assert.Zero(t, c.count(id))
	})
}

func TestConcurrentWorkersNeverRunAJobTwice(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		// Two queues stand for two server processes sharing the database.
		c := newCounter()
		var running, most atomic.Int32
		slowCount := func(ctx context.Context, j *jobs.Job) error {
			n := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(10 * time.Millisecond)
			return c.handle(ctx, j)
		}
		var queues []*jobs.Queue
		for range 2 {
			q := jobs.New(d, jobs.Config{Workers: 4, PollInterval: 5 * time.Millisecond})
			q.Register("test.count", slowCount)
			queues = append(queues, q)
		}
		const n = 120
		ids := make([]string, n)
		for i := range ids {
			var err error
			ids[i], err = queues[i%2].Enqueue(t.Context(), "test.count", map[string]int{"i": i}, jobs.EnqueueOptions{})
			require.NoError(t, err)
		}
		for _, q := range queues {
			start(t, q)
		}
		for _, id := range ids {
			waitState(t, queues[0], id, jobs.StateCompleted)
		}
		for _, id := range ids {
			assert.Equal(t, 1, c.count(id), "job %s", id)
		}
		assert.Greater(t, most.Load(), int32(1), "jobs did run concurrently")
	})
}

func TestStopWaitsForTheRunningJob(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		started, release := make(chan struct{}), make(chan struct{})
		q.Register("test.slow", func(ctx context.Context, _ *jobs.Job) error {
			close(started)
			<-release
			return ctx.Err()
		})
		require.NoError(t, q.Start(t.Context()))
		id, err := q.Enqueue(t.Context(), "test.slow", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		<-started

		stopped := make(chan error, 1)
		go func() { stopped <- q.Stop(context.Background()) }()
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while a job was running", err)
		case <-time.After(200 * time.Millisecond):
		}
		close(release)
		require.NoError(t, <-stopped)
		st, err := q.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateCompleted, st.State, "the job finished before Stop returned")
	})
}

func TestStopPastItsDeadlineCancelsAndRequeues(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		started := make(chan struct{})
		q.Register("test.stuck", func(ctx context.Context, _ *jobs.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		require.NoError(t, q.Start(t.Context()))
		id, err := q.Enqueue(t.Context(), "test.stuck", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		<-started
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		require.ErrorIs(t, q.Stop(ctx), context.DeadlineExceeded)
		st, err := q.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateAvailable, st.State, "a job cut short is retried later")
		assert.Contains(t, st.LastError, "context canceled")
	})
}

func TestProgressIsStoredAndReadable(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		halfway, release := make(chan struct{}), make(chan struct{})
		q.Register("test.import", func(ctx context.Context, j *jobs.Job) error {
			// The rows and their progress commit together.
			err := d.WithTx(ctx, func(ctx context.Context) error {
				if err := j.ItemError(ctx, "row 3", "e-mail address is not valid"); err != nil {
					return err
				}
				if err := j.ItemError(ctx, "row 4", "duplicate e-mail address"); err != nil {
					return err
				}
				return j.SetProgress(ctx, 5, 10)
			})
			if err != nil {
				return err
			}
			close(halfway)
			<-release
			if err := j.ItemError(ctx, "row 3", "e-mail address is missing"); err != nil {
				return err
			}
			return j.SetProgress(ctx, 10, 10)
		})
		start(t, q)
		id, err := q.Enqueue(t.Context(), "test.import", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		<-halfway
		st, err := q.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateRunning, st.State)
		assert.Equal(t, jobs.Progress{Done: 5, Total: 10, Errors: 2}, st.Progress)
		close(release)
		st = waitState(t, q, id, jobs.StateCompleted)
		assert.Equal(t, jobs.Progress{Done: 10, Total: 10, Errors: 2}, st.Progress, "an item reported twice counts once")
		items, err := q.ItemErrors(t.Context(), id, 0, 10)
		require.NoError(t, err)
		require.Len(t, items, 2)
		assert.Equal(t, "row 3", items[0].Item)
		assert.Equal(t, "e-mail address is missing", items[0].Message, "the latest message for an item wins")
		assert.Equal(t, "row 4", items[1].Item)
		page, err := q.ItemErrors(t.Context(), id, 1, 10)
		require.NoError(t, err)
		require.Len(t, page, 1)
		assert.Equal(t, "row 4", page[0].Item)
	})
}

func TestAJobOfADeadWorkerIsTakenOver(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		var attempt atomic.Int32
		q.Register("test.rescue", func(_ context.Context, j *jobs.Job) error {
			attempt.Store(int32(j.Attempt))
			return nil
		})
		id, err := q.Enqueue(t.Context(), "test.rescue", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		// A worker claimed it and died: its lease has run out.
		past := db.NormalizeTime(time.Now().Add(-time.Minute))
		_, err = d.Exec(t.Context(), `UPDATE jobs SET state = 'running', attempt = 1, lease = 'lease_dead',
			lease_until = ? WHERE id = ?`, past, id)
		require.NoError(t, err)
		start(t, q)
		waitState(t, q, id, jobs.StateCompleted)
		assert.EqualValues(t, 2, attempt.Load(), "the dead worker's run counts as an attempt")
	})
}

func TestFlushRunsWhatThisProcessQueued(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		c := newCounter()
		q.Register("test.count", c.handle)
		q.Register("test.down", func(context.Context, *jobs.Job) error { return errors.New("relay down") })
		ok, err := q.Enqueue(t.Context(), "test.count", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		down, err := q.Enqueue(t.Context(), "test.down", nil, jobs.EnqueueOptions{})
		require.NoError(t, err)
		require.NoError(t, q.Flush(t.Context()))
		assert.Equal(t, 1, c.count(ok))
		st, err := q.Get(t.Context(), ok)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateCompleted, st.State)
		st, err = q.Get(t.Context(), down)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateAvailable, st.State, "a failure stays queued for the server")
		assert.Equal(t, 1, st.Attempt)
		require.NoError(t, q.Flush(t.Context()))
		assert.Equal(t, 1, c.count(ok), "a second flush runs nothing again")
	})
}

func TestCancel(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, fast())
		c := newCounter()
		q.Register("test.count", c.handle)
		id, err := q.Enqueue(t.Context(), "test.count", nil, jobs.EnqueueOptions{RunAt: time.Now().Add(time.Hour)})
		require.NoError(t, err)
		require.NoError(t, q.Cancel(t.Context(), id))
		st, err := q.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateCancelled, st.State)
		require.ErrorIs(t, q.Cancel(t.Context(), id), errs.ErrConflict, "only a job that has not started can be cancelled")
		require.ErrorIs(t, q.Cancel(t.Context(), "job_nope"), errs.ErrNotFound)
	})
}
