package verify

import "github.com/vouchhq/vouch/server/internal/platform/errs"

// The outcomes a caller branches on with errors.Is; see the package documentation.
var (
	// ErrNoAnswer means the vendor gave no verdict in time; fall back to micro-deposits.
	ErrNoAnswer error = &kind{"no answer from the verification provider"}
	// ErrBadAnswer means the vendor answered with something unusable; retrying will not help.
	ErrBadAnswer error = &kind{"unusable answer from the verification provider"}
)

// kind is a sentinel that is also errs.ErrUnavailable, so either one reaching the HTTP
// edge unhandled maps to 503 with no vendor text, yet the two stay distinct.
type kind struct{ msg string }

// Error returns the sentinel's message.
func (k *kind) Error() string { return k.msg }

// Unwrap exposes errs.ErrUnavailable to errors.Is.
func (k *kind) Unwrap() error { return errs.ErrUnavailable }
