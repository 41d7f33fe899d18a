// Package fedach reads the Federal Reserve's FedACH participant directory: one
// fixed-width record of 155 characters per line for every routing number that can
// receive ACH entries. It only parses and checks; storing the directory is package
// banking/directory's job. A file that is truncated, garbled or otherwise not a
// directory is refused whole, with the line and the field at fault, so an import never
// replaces a good directory with half of one.
package fedach

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"
)

// RecordLength is the width of one directory record, without its line ending.
const RecordLength = 155

// minRecordLength admits records whose trailing filler (columns 150–154, always blank)
// was trimmed by a tool on the way; anything shorter is truncated.
const minRecordLength = 150

// RecordType says where the Federal Reserve sends entries for a routing number.
type RecordType byte

// The record types of the directory.
const (
	// FederalReserveBank: the institution is a Federal Reserve Bank.
	FederalReserveBank RecordType = '0'
	// SendToCustomer: entries go to the customer's own routing number.
	SendToCustomer RecordType = '1'
	// SendToNewRouting: the number was replaced; entries go to NewRoutingNumber.
	SendToNewRouting RecordType = '2'
)

// Participant is one record of the directory.
type Participant struct {
	RoutingNumber    string
	OfficeCode       string // "O" main office, "B" branch
	ServicingFRB     string // routing number of the servicing Federal Reserve Bank
	RecordType       RecordType
	ChangeDate       time.Time // date of the record's last change (UTC midnight)
	NewRoutingNumber string    // the replacement when RecordType is SendToNewRouting, else ""
	Name             string
	Address          string
	City             string
	State            string // two letters; blank for some institutions abroad
	ZIP              string // "30309" or "30309-4470"
	Phone            string // ten digits, or "" when the directory has none
	StatusCode       string // institution status code ("1": receives government and commercial entries)
	ViewCode         string // data view code ("1": current view)
}

// Directory is a whole parsed file.
type Directory struct {
	Participants []Participant
	// SHA256 is the hex SHA-256 of the file's bytes, to tell one release from another.
	SHA256 string
}

// Errors a caller can tell apart; LineError wraps one with where it happened.
var (
	// ErrEmpty: the file holds no record at all.
	ErrEmpty = errors.New("the file holds no FedACH records")
	// ErrRecord: a line is not a well-formed record.
	ErrRecord = errors.New("malformed FedACH record")
	// ErrDuplicate: a routing number appears on two lines.
	ErrDuplicate = errors.New("duplicate routing number")
)

// LineError names the line (1-based) and field of a file that cannot be read.
type LineError struct {
	Line  int
	Field string // "" when the whole line is at fault
	Err   error
}

// Error says where and what, e.g. "line 17: change date: month 13 …".
func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %s: %v", e.Line, e.Field, e.Err)
}

// Unwrap exposes the kind of error.
func (e *LineError) Unwrap() error { return e.Err }

// Parse reads a whole directory file. Lines end in CRLF (as the Federal Reserve ships
// them) or LF; blank lines may only trail the file. Any bad line fails the whole parse.
func Parse(r io.Reader) (*Directory, error) {
	h := sha256.New()
	sc := bufio.NewScanner(io.TeeReader(r, h))
	// A record is 155 bytes; a much longer line is garbage, and must not grow the buffer.
	sc.Buffer(make([]byte, 0, 512), 1024)
	var (
		out    []Participant
		seen   = make(map[string]int, 20000)
		line   int
		blanks int // blank lines seen since the last record
	)
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if n := len(text); n > 0 && text[n-1] == '\r' {
			text = text[:n-1]
		}
		if len(text) == 0 {
			blanks++
			continue
		}
		if blanks > 0 {
			return nil, &LineError{Line: line - blanks, Err: fmt.Errorf("%w: blank line inside the file", ErrRecord)}
		}
		p, err := parseRecord(text)
		if err != nil {
			err.Line = line
			return nil, err
		}
		if first, dup := seen[p.RoutingNumber]; dup {
			return nil, &LineError{Line: line, Field: "routing number",
				Err: fmt.Errorf("%w %s (first on line %d)", ErrDuplicate, p.RoutingNumber, first)}
		}
		seen[p.RoutingNumber] = line
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Line: line + 1, Err: fmt.Errorf("%w: line longer than %d characters", ErrRecord, RecordLength)}
		}
		return nil, fmt.Errorf("read FedACH directory: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrEmpty
	}
	return &Directory{Participants: out, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
