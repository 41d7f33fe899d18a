// Package jobs runs background work from a table in the application database, on SQLite
// and PostgreSQL alike: a transactional outbox. Enqueue writes a job in the caller's
// transaction (the one platform/db keeps in the context), so the job exists exactly when
// the change it follows up commits; workers started with the server claim due jobs, run
// their kind's handler, and retry failures with exponential backoff and jitter until the
// job's attempts run out, when it is kept as failed with its last error.
//
// Delivery is at least once: a worker that dies, or loses its lease, after the handler's
// side effect but before recording success makes the job run again. Handlers must
// therefore be idempotent or tolerate a rare repeat (an e-mail sent twice). Claims never
// hand one job to two live workers: PostgreSQL claims with SELECT … FOR UPDATE SKIP
// LOCKED, SQLite inside an IMMEDIATE (single-writer) transaction, and every later write
// about the job is guarded by the claim's lease token.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// State is where a job is in its life.
type State string

// The job states.
const (
	// StateAvailable waits for its run_at, first or between retries.
	StateAvailable State = "available"
	// StateRunning is claimed by a worker whose lease has not run out.
	StateRunning State = "running"
	// StateCompleted ran successfully.
	StateCompleted State = "completed"
	// StateFailed ran out of attempts, failed permanently or expired; kept with its last error.
	StateFailed State = "failed"
	// StateCancelled was withdrawn before it ran (kept for the record).
	StateCancelled State = "cancelled"
)

// Handler runs one job. Returning nil completes it; an error schedules a retry, unless it
// wraps Permanent or the attempts are used up, which fail the job. ctx ends when the job's
// timeout passes or the server stops hard.
type Handler func(ctx context.Context, j *Job) error

// Config tunes a Queue; zero fields take the defaults named on each.
type Config struct {
	// Workers is how many jobs one process runs at once (default 4).
	Workers int
	// PollInterval is how often idle workers look for due jobs (default 1s). Jobs enqueued
	// by this process wake a worker at once; the poll finds retries and other processes' jobs.
	PollInterval time.Duration
	// RetryBase is the delay before the first retry; it doubles per attempt (default 1s).
	RetryBase time.Duration
	// RetryMax caps one retry delay (default 1h).
	RetryMax time.Duration
	// MaxAttempts is the default attempt budget of a job (default 20: with the defaults
	// above about nine hours of retrying, long enough to ride out a relay outage).
	MaxAttempts int
	// Timeout bounds one run of a handler (default 5m).
	Timeout time.Duration
	// Lease is how long a claim lasts without a heartbeat; a running job whose lease ran
	// out is taken over by another worker (default 1m; heartbeats renew it every third).
	Lease time.Duration
	// KeepCompleted is how long completed jobs are kept before they are deleted
	// (default 7 days). Failed jobs are kept until someone deletes them.
	KeepCompleted time.Duration
	// Log receives job failures and worker trouble; nil discards.
	Log *slog.Logger
}

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 20
	}
	def(&c.PollInterval, time.Second)
	def(&c.RetryBase, time.Second)
	def(&c.RetryMax, time.Hour)
	def(&c.Timeout, 5*time.Minute)
	def(&c.Lease, time.Minute)
	def(&c.KeepCompleted, 7*24*time.Hour)
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Queue enqueues jobs and, once started, runs them. One Queue lives per process; it is
// safe for concurrent use.
type Queue struct {
	db      *db.DB
	cfg     Config
	log     *slog.Logger
	metrics *metrics

	mu       sync.Mutex
	handlers map[string]Handler
	kinds    []string // sorted keys of handlers, for the claim query
	started  bool
	pending  map[string]struct{} // committed by this process while no worker ran (Flush)

	wakeCh   chan struct{}
	stopping chan struct{}      // closed by Stop: claim no more
	hard     context.CancelFunc // cancels running handlers when Stop's deadline passes
	hardCtx  context.Context
	wg       sync.WaitGroup
}

// New builds a queue on d. Register the handlers, then Start it in a server, or call
// Flush before a command-line process exits.
func New(d *db.DB, cfg Config) *Queue {
	cfg = cfg.withDefaults()
	return &Queue{
		db: d, cfg: cfg, log: cfg.Log, metrics: newMetrics(d),
		handlers: map[string]Handler{}, pending: map[string]struct{}{},
		wakeCh: make(chan struct{}, 1),
	}
}

// Register makes h the handler of kind, e.g. "mail.send". It panics on an empty kind or
// a second handler for one kind: both are wiring bugs, found at start.
func (q *Queue) Register(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if kind == "" || h == nil {
		panic("jobs: Register needs a kind and a handler")
	}
	if _, dup := q.handlers[kind]; dup {
		panic("jobs: kind " + kind + " registered twice")
	}
	q.handlers[kind] = h
	q.kinds = append(q.kinds, kind)
	sort.Strings(q.kinds)
}

func (q *Queue) handler(kind string) (Handler, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	h, ok := q.handlers[kind]
	return h, ok
}

func (q *Queue) registeredKinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.kinds...)
}

// wake tells one idle worker to look for jobs now instead of at its next poll.
func (q *Queue) wake() {
	select {
	case q.wakeCh <- struct{}{}:
	default:
	}
}

// Job is one claimed run of a job, handed to its Handler.
type Job struct {
	// ID names the job, "job_…".
	ID string
	// Kind says which handler runs it.
	Kind string
	// Payload is the JSON the job was enqueued with.
	Payload json.RawMessage
	// Attempt counts runs so far, this one included (1 on the first run).
	Attempt int
	// MaxAttempts is the job's attempt budget.
	MaxAttempts int

	q     *Queue
	lease string
}

// Decode unmarshals the payload into v.
func (j *Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("job %s (%s): decode payload: %w", j.ID, j.Kind, err))
	}
	return nil
}

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent wraps err so that the job fails at once instead of being retried: an invalid
// payload, a message the relay refuses for good.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
