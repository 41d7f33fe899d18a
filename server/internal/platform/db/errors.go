package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// IsUnavailable reports whether err means the database did not answer (refused, reset,
// timed out, shutting down, locked past busy_timeout); the caller may retry later and
// the HTTP edge answers 503.
func IsUnavailable(err error) bool { return errors.Is(err, errs.ErrUnavailable) }

// classify wraps a driver error with the errs kind it amounts to, keeping the driver error
// reachable through errors.As. Errors already of a kind, and errors of no kind, are
// returned as they are.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errs.ErrNotFound), errors.Is(err, errs.ErrConflict), errors.Is(err, errs.ErrUnavailable):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %w", errs.ErrNotFound, err)
	case isUniqueViolation(err):
		return fmt.Errorf("%w: %w", errs.ErrConflict, err)
	case isConnectionProblem(err):
		return fmt.Errorf("%w: %w", errs.ErrUnavailable, err)
	}
	return err
}

// isUniqueViolation recognises PostgreSQL's unique_violation and SQLite's UNIQUE and
// PRIMARY KEY constraint failures.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// pgUnavailableCodes are SQLSTATEs, besides class 08 (connection exception), that mean the
// server cannot serve right now.
var pgUnavailableCodes = map[string]bool{
	"57P01": true, // admin_shutdown
	"57P02": true, // crash_shutdown
	"57P03": true, // cannot_connect_now (starting up, recovering)
	"57P05": true, // idle_session_timeout
	"53300": true, // too_many_connections
}

// isConnectionProblem recognises errors that say the backend is down or unreachable rather
// than that the statement is wrong.
func isConnectionProblem(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || pgUnavailableCodes[pgErr.Code]
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() & 0xff { // primary result code
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR,
			sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL:
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr),
		errors.As(err, &netErr),
		pgconn.Timeout(err),
		errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		// A deadline here is the backend being too slow to answer within the request's
		// budget; a plain cancellation (the client left) is not a backend problem.
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	// database/sql does not export the error of a closed pool.
	return strings.Contains(err.Error(), "sql: database is closed")
}
