// Package db opens the one relational store Vouch runs on, a SQLite file (the embedded
// default) or PostgreSQL (at scale), behind sqlx. It keeps the transaction in the context
// (WithTx, Q), turns driver errors into the kinds of package errs (not found, conflict,
// unavailable), and runs the embedded goose migrations of package migrations.
//
// Queries are written once with '?' placeholders; Get, Select and Exec rebind them for
// PostgreSQL. Times go in and come out in UTC on both backends; PostgreSQL keeps
// microseconds, so stores should write NormalizeTime(t) to read back exactly what they wrote.
package db

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The supported dialects.
const (
	// SQLite is the embedded default: one file, modernc.org/sqlite, no cgo.
	SQLite Dialect = "sqlite"
	// Postgres is PostgreSQL through pgx's database/sql driver.
	Postgres Dialect = "postgres"
)

// pingTimeout bounds a health ping so that a hung backend answers "unavailable" quickly.
const pingTimeout = 2 * time.Second

// Config says which database to open.
type Config struct {
	// URL selects the backend: "" opens the SQLite file vouch.db in DataDir;
	// postgres:// or postgresql:// open PostgreSQL; sqlite:/path/to/file.db,
	// sqlite:///abs/file.db and file:/path/to/file.db open that SQLite file.
	URL string
	// DataDir holds vouch.db when URL is empty; it must exist.
	DataDir string
	// MaxOpenConns caps the pool; 0 picks a default per dialect (see openSQLite, openPostgres).
	MaxOpenConns int
	// Logger receives migration progress; nil discards it.
	Logger *slog.Logger
}

// DB is an open database: a sqlx pool plus the dialect it speaks. It is safe for
// concurrent use and lives as long as the process.
type DB struct {
	x       *sqlx.DB
	dialect Dialect
	where   string // "postgres at host:port" or "sqlite at /path", for errors and logs; never a password
	log     *slog.Logger
}

// Open connects to the configured database and pings it. A backend that does not answer
// gives an error wrapping errs.ErrUnavailable whose message names the backend and its
// address, never the password.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	t, err := parseTarget(cfg)
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var d *DB
	switch t.dialect {
	case SQLite:
		d, err = openSQLite(t, cfg.MaxOpenConns)
	case Postgres:
		d, err = openPostgres(t, cfg.MaxOpenConns)
	}
	if err != nil {
		return nil, err
	}
	d.log = log
	if err := d.Ping(ctx); err != nil {
		_ = d.x.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return d, nil
}

// Dialect reports which engine this DB speaks.
func (d *DB) Dialect() Dialect { return d.dialect }

// String names the backend and its address (no credentials), for logs.
func (d *DB) String() string { return d.where }

// Ping checks that the backend answers within a short timeout. Failure wraps
// errs.ErrUnavailable.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := d.x.PingContext(ctx); err != nil {
		// Whatever the cause (refused, reset, timed out), the caller can do nothing but retry.
		return fmt.Errorf("ping %s: %w: %w", d.where, errs.ErrUnavailable, err)
	}
	return nil
}

// Close closes the pool; queries in flight finish first.
func (d *DB) Close() error {
	if err := d.x.Close(); err != nil {
		return fmt.Errorf("close %s: %w", d.where, err)
	}
	return nil
}

// Rebind turns '?' placeholders into the dialect's own ($1, $2, … on PostgreSQL).
func (d *DB) Rebind(query string) string { return d.x.Rebind(query) }

// SQLX exposes the underlying pool for the rare caller that needs it (tools, tests).
// Application code goes through Q, Get, Select and Exec so that transactions and error
// kinds apply.
func (d *DB) SQLX() *sqlx.DB { return d.x }

// NullIfEmpty maps "" to SQL NULL, for optional references (an org, a user) stored as
// nullable columns.
func NullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// NormalizeTime returns t in UTC truncated to the microsecond, the precision both
// backends keep, so that a value written reads back equal.
func NormalizeTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
