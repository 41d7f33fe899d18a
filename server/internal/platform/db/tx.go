package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/jmoiron/sqlx"
)

// Querier is what both the pool (*sqlx.DB) and a transaction (*sqlx.Tx) offer; stores
// write their queries against it and let Q pick which one runs them.
type Querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
}

// Both sides must keep satisfying Querier.
var (
	_ Querier = (*sqlx.DB)(nil)
	_ Querier = (*sqlx.Tx)(nil)
)

// txKey is the context key under which WithTx stores the running transaction.
type txKey struct{}

// txState is one running transaction and the DB it belongs to, so that a context carrying
// a transaction of another DB is not mistaken for ours.
type txState struct {
	owner *DB
	tx    *sqlx.Tx

	mu          sync.Mutex
	afterCommit []func()
}

// txFrom returns the transaction of d carried by ctx, if any.
func (d *DB) txFrom(ctx context.Context) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	if st == nil || st.owner != d {
		return nil
	}
	return st
}

// Q returns the transaction carried by ctx, or the pool when there is none. Stores call
// it for every statement, so the same code runs inside and outside WithTx.
func (d *DB) Q(ctx context.Context) Querier {
	if st := d.txFrom(ctx); st != nil {
		return st.tx
	}
	return d.x
}

// Detached returns a context with ctx's values but neither its cancellation nor its
// transaction, for work an AfterCommit callback does once the transaction is over.
func Detached(ctx context.Context) context.Context {
	return context.WithValue(context.WithoutCancel(ctx), txKey{}, (*txState)(nil))
}

// InTx reports whether ctx carries a transaction of d.
func (d *DB) InTx(ctx context.Context) bool { return d.txFrom(ctx) != nil }

// WithTx runs fn in a transaction that rides in the context fn receives. If ctx already
// carries a transaction of d, fn joins it and the outermost WithTx decides the outcome.
// The transaction is rolled back when fn returns an error or panics (the panic goes on),
// and committed otherwise; callbacks registered with AfterCommit run after the commit.
//
// On SQLite the transaction begins IMMEDIATE, taking the write lock at once: keep the work
// inside short and do slow things (hashing, network calls) before or after.
func (d *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if d.txFrom(ctx) != nil {
		return fn(ctx)
	}
	tx, err := d.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction on %s: %w", d.where, classify(err))
	}
	st := &txState{owner: d, tx: tx}
	committed := false
	defer func() {
		if committed {
			return
		}
		// Runs on error and on panic; a rollback failure cannot be helped and the
		// original error (or panic) is what matters.
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			d.log.WarnContext(ctx, "rollback failed", "backend", d.where, "err", rbErr)
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, st)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction on %s: %w", d.where, classify(err))
	}
	committed = true
	for _, f := range st.afterCommit {
		f()
	}
	return nil
}

// AfterCommit schedules f to run once the transaction carried by ctx commits (and never
// if it rolls back); without a transaction f runs at once. Use it for side effects that
// must not outlive a rollback: notifications, cache invalidation, wake-ups.
func (d *DB) AfterCommit(ctx context.Context, f func()) {
	st := d.txFrom(ctx)
	if st == nil {
		f()
		return
	}
	st.mu.Lock()
	st.afterCommit = append(st.afterCommit, f)
	st.mu.Unlock()
}
