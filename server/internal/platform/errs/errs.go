// Package errs holds the error kinds that every layer branches on. Domain packages wrap
// them with context (fmt.Errorf("load supplier %s: %w", id, errs.ErrNotFound)); the HTTP
// edge maps each kind to one problem+json status and a stable code, so a caller never
// sees internal text.
package errs

import (
	"errors"
	"strings"
)

// The kinds. Callers test them with errors.Is.
var (
	// ErrNotFound means the thing asked for does not exist (or the caller may not know it does).
	ErrNotFound = errors.New("not found")
	// ErrInvalid means the caller's input is wrong; a *FieldErrors usually says where.
	ErrInvalid = errors.New("invalid input")
	// ErrUnauthenticated means the caller is not signed in, or the credentials are wrong.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden means the caller is known but may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict means the request clashes with the current state (duplicate, illegal transition).
	ErrConflict = errors.New("conflict")
	// ErrLocked means the account is locked for now (too many failed sign-ins).
	ErrLocked = errors.New("locked")
	// ErrUnavailable means a backend (database, kv) does not answer; the caller may retry.
	ErrUnavailable = errors.New("backend unavailable")
)

// FieldError names one invalid input field and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors collects every invalid field of one input; it is an ErrInvalid.
type FieldErrors []FieldError

// Error lists the fields.
func (fe FieldErrors) Error() string {
	parts := make([]string, 0, len(fe))
	for _, f := range fe {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(fe, ErrInvalid) true.
func (fe FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Add appends one field error and returns the list, for building up validation results.
func (fe FieldErrors) Add(field, message string) FieldErrors {
	return append(fe, FieldError{Field: field, Message: message})
}

// OrNil returns nil when no field failed, so validators can end with `return fe.OrNil()`.
func (fe FieldErrors) OrNil() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Coded carries a stable public code (for example "would_lock_out_self") on top of a kind.
type Coded struct {
	Kind   error  // one of the kinds above
	Code   string // stable machine-readable code sent to clients
	Detail string // safe, human-readable explanation sent to clients
}

// Error returns the detail.
func (c *Coded) Error() string { return c.Code + ": " + c.Detail }

// Unwrap exposes the kind to errors.Is.
func (c *Coded) Unwrap() error { return c.Kind }

// New builds a coded error of a kind.
func New(kind error, code, detail string) error {
	return &Coded{Kind: kind, Code: code, Detail: detail}
}
