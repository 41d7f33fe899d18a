package invitecsv

import (
	"errors"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// The stable codes of FileError, sent to clients as the problem code.
const (
	// CodeMissingColumn: the header lacks email or supplier_name (or has one twice).
	CodeMissingColumn = "csv_missing_column"
	// CodeTooLarge: the file is over Options.MaxBytes.
	CodeTooLarge = "csv_too_large"
	// CodeTooManyRows: the file has more than Options.MaxRows data rows.
	CodeTooManyRows = "csv_too_many_rows"
	// CodeEncoding: the file is not UTF-8 (UTF-16, or a legacy code page in the header).
	CodeEncoding = "csv_encoding"
	// CodeMalformed: the file is empty, binary, or its CSV quoting is broken.
	CodeMalformed = "csv_malformed"
)

// FileError is a problem with the file as a whole: nothing in it should be imported. It
// is an errs.ErrInvalid, and errors.As finds an *errs.Coded in it (Code, and Message as
// the detail), so the HTTP edge answers 422 with Code without knowing this package.
type FileError struct {
	Code    string // one of the Code constants
	Line    int    // the line the problem was found on, 0 when it is not about one line
	Message string // what is wrong and how to fix it, safe to show the uploader
	Err     error  // the underlying error, if any, for logs; never shown
}

// Error returns the code, the line and the message.
func (e *FileError) Error() string {
	s := "invitecsv: " + e.Code
	if e.Line > 0 {
		s += fmt.Sprintf(" at line %d", e.Line)
	}
	s += ": " + e.Message
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, errs.ErrInvalid) true: a bad file is the uploader's to fix.
func (e *FileError) Is(target error) bool { return target == errs.ErrInvalid }

// As lets errors.As(err, &coded) find an *errs.Coded with the file error's code and
// message, which is how the HTTP edge picks a problem's code and detail.
func (e *FileError) As(target any) bool {
	c, ok := target.(**errs.Coded)
	if ok {
		*c = &errs.Coded{Kind: errs.ErrInvalid, Code: e.Code, Detail: e.Message}
	}
	return ok
}

// fileErr builds a FileError.
func fileErr(code string, line int, message string, cause error) *FileError {
	return &FileError{Code: code, Line: line, Message: message, Err: cause}
}

// errTooLarge is what capReader returns past the byte limit; Parse turns it into a
// FileError with CodeTooLarge.
var errTooLarge = errors.New("over the byte limit")
