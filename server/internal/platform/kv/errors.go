package kv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// classify wraps an error of Redis operation op with the errs kind it amounts to,
// keeping the go-redis error reachable for errors.As. The text names the operation,
// never the key: keys carry session and ceremony ids.
func classify(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, redis.Nil):
		return fmt.Errorf("kv: redis %s: %w", op, errs.ErrNotFound)
	case isUnavailable(err):
		return fmt.Errorf("kv: redis %s: %w: %w", op, errs.ErrUnavailable, err)
	case redis.HasErrorPrefix(err, "value is not an integer"),
		redis.HasErrorPrefix(err, "increment or decrement would overflow"):
		return fmt.Errorf("kv: redis %s: %w: %w", op, errs.ErrConflict, err)
	}
	return fmt.Errorf("kv: redis %s: %w", op, err)
}

// isUnavailable recognises errors that say Redis cannot serve right now, rather than
// that the command was wrong: the caller may retry later and the HTTP edge answers 503.
func isUnavailable(err error) bool {
	var netErr net.Error
	switch {
	case errors.As(err, &netErr),
		errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, redis.ErrPoolExhausted),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		// A deadline is Redis too slow for the request's budget; a plain cancellation
		// (the client went away) is not a backend problem and stays as it is.
		errors.Is(err, context.DeadlineExceeded):
		return true
	case redis.IsLoadingError(err), // restarting, loading its data set
		redis.IsReadOnlyError(err), // a replica, during a failover
		redis.IsMasterDownError(err),
		redis.IsClusterDownError(err),
		redis.IsTryAgainError(err), // a slot is moving
		redis.IsMaxClientsError(err),
		redis.IsOOMError(err), // full: writes refused until memory frees up
		redis.IsNoReplicasError(err),
		redis.HasErrorPrefix(err, "BUSY"): // a long script blocks the server
		return true
	}
	return false
}
