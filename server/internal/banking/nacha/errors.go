package nacha

import (
	"errors"
	"fmt"
)

// Errors a caller can tell apart with errors.Is; a *LineError or a *CreditError wraps
// one with where it happened.
var (
	// ErrRecord: a line is not a well-formed record (length, characters, record type).
	ErrRecord = errors.New("malformed record")
	// ErrField: a field holds a value the Rules or this package do not allow.
	ErrField = errors.New("invalid field")
	// ErrOrder: a record is not where the file structure allows it.
	ErrOrder = errors.New("record out of order")
	// ErrControl: a control record's counts, hash or totals disagree with the entries.
	ErrControl = errors.New("control totals do not match")
	// ErrUnsupported: valid ACH this package does not handle (debits, addenda, other
	// entry classes).
	ErrUnsupported = errors.New("not supported")
	// ErrEmpty: a file without batches, or a batch without entries.
	ErrEmpty = errors.New("nothing to send")
	// ErrTooLarge: a count or total does not fit its field.
	ErrTooLarge = errors.New("too large for the file format")
)

// LineError names the line (1-based) and the record and field at fault. Write reports
// the line the record would have had, so its errors read like Parse's.
type LineError struct {
	Line   int
	Record string // "file header", "batch header", "entry detail", …
	Field  string // "" when the whole record is at fault
	Err    error
}

// Error says where and what, e.g. "line 3 (entry detail): amount: …".
func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d (%s): %v", e.Line, e.Record, e.Err)
	}
	return fmt.Sprintf("line %d (%s): %s: %v", e.Line, e.Record, e.Field, e.Err)
}

// Unwrap exposes the kind of error.
func (e *LineError) Unwrap() error { return e.Err }

// CreditError names the input credit (0-based index) and field Build refused.
type CreditError struct {
	Index int
	Field string
	Err   error
}

// Error says which credit and what, e.g. "credit 2: routing number: …".
func (e *CreditError) Error() string {
	return fmt.Sprintf("credit %d: %s: %v", e.Index, e.Field, e.Err)
}

// Unwrap exposes the kind of error.
func (e *CreditError) Unwrap() error { return e.Err }

// fieldErr is a field-level failure before the line is known.
type fieldErr struct {
	field string
	err   error
}

// invalid builds a fieldErr of kind ErrField.
func invalid(c col, format string, args ...any) *fieldErr {
	return &fieldErr{field: c.name, err: fmt.Errorf("%w: "+format, append([]any{ErrField}, args...)...)}
}

// kindErr builds a fieldErr of any kind.
func kindErr(kind error, field, format string, args ...any) *fieldErr {
	return &fieldErr{field: field, err: fmt.Errorf("%w: "+format, append([]any{kind}, args...)...)}
}

// at places a fieldErr on a line.
func (f *fieldErr) at(line int, record string) *LineError {
	return &LineError{Line: line, Record: record, Field: f.field, Err: f.err}
}
