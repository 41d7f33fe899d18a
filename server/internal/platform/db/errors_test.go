package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// TestClassify pins the mapping from driver errors to error kinds, including failures
// that the conformance suite cannot provoke on demand (a server shutting down).
func TestClassify(t *testing.T) {
	t.Parallel()
	opErr := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want error // nil: left without a kind
	}{
		{"no rows", sql.ErrNoRows, errs.ErrNotFound},
		{"wrapped no rows", fmt.Errorf("load: %w", sql.ErrNoRows), errs.ErrNotFound},
		{"pg unique", &pgconn.PgError{Code: "23505"}, errs.ErrConflict},
		{"pg connection failure", &pgconn.PgError{Code: "08006"}, errs.ErrUnavailable},
		{"pg admin shutdown", &pgconn.PgError{Code: "57P01"}, errs.ErrUnavailable},
		{"pg starting up", &pgconn.PgError{Code: "57P03"}, errs.ErrUnavailable},
		{"pg too many connections", &pgconn.PgError{Code: "53300"}, errs.ErrUnavailable},
		{"pg syntax error", &pgconn.PgError{Code: "42601"}, nil},
		{"pg foreign key", &pgconn.PgError{Code: "23503"}, nil},
		{"bad conn", driver.ErrBadConn, errs.ErrUnavailable},
		{"conn done", sql.ErrConnDone, errs.ErrUnavailable},
		{"conn closed", fmt.Errorf("x: %w", pgconn.ErrConnClosed), errs.ErrUnavailable},
		{"net error", opErr, errs.ErrUnavailable},
		{"refused", fmt.Errorf("x: %w", syscall.ECONNREFUSED), errs.ErrUnavailable},
		{"reset", fmt.Errorf("x: %w", syscall.ECONNRESET), errs.ErrUnavailable},
		{"unexpected eof", io.ErrUnexpectedEOF, errs.ErrUnavailable},
		{"deadline", context.DeadlineExceeded, errs.ErrUnavailable},
		{"cancelled by the caller", context.Canceled, nil},
		{"pool closed", errors.New("sql: database is closed"), errs.ErrUnavailable},
		{"already a kind", fmt.Errorf("x: %w", errs.ErrConflict), errs.ErrConflict},
		{"other", errors.New("something else"), nil},
	}
	kinds := []error{errs.ErrNotFound, errs.ErrConflict, errs.ErrUnavailable}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tt.err)
			assert.ErrorIs(t, got, tt.err, "the original error stays reachable")
			for _, k := range kinds {
				assert.Equal(t, k == tt.want, errors.Is(got, k), "kind %v", k)
			}
		})
	}
	assert.NoError(t, classify(nil))
}
