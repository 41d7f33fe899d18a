package invitecsv

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The column names Parse looks for in the header, and the Field of a RowError.
const (
	// FieldEmail is the column of the invitee's e-mail address.
	FieldEmail = "email"
	// FieldSupplierName is the column of the supplier's name as the customer knows it.
	FieldSupplierName = "supplier_name"
)

// Row is one valid invitation.
type Row struct {
	Line         int    // the file line the row starts on (the header is usually line 1)
	Email        string // a single address, lowercased
	SupplierName string // trimmed, 1 to MaxNameLen characters
}

// RowError says what is wrong with one row; the row is not imported. A row may have more
// than one.
type RowError struct {
	Line    int    // the file line the row starts on
	Field   string // FieldEmail, FieldSupplierName, or "" for the row as a whole
	Message string // reads after the field name: "email is not a valid e-mail address"
}

// String renders the error for a report: "line 7: email duplicates line 3".
func (e RowError) String() string {
	s := "line " + strconv.Itoa(e.Line) + ": "
	if e.Field != "" {
		s += e.Field + " "
	}
	return s + e.Message
}

// Messages of RowError, stable so a client may match them.
const (
	msgNotUTF8      = "is not UTF-8 text"
	msgMissing      = "is missing"
	msgBadEmail     = "is not a valid e-mail address"
	msgNameTooLong  = "is longer than 200 characters"
	msgNameControls = "contains control characters"
	msgBadCSV       = "is not valid CSV: "
)

// normalizeEmail checks that s is exactly one bare address (no display name, no angle
// brackets, no comment, no list) with a dotted domain, and returns it lowercased.
// net/mail does the RFC 5322 parsing; requiring its result to equal the input refuses
// the forms it accepts but an invitation column should not hold, such as
// "Ana <ana@example.com>".
func normalizeEmail(s string) (string, bool) {
	if s == "" || len(s) > maxEmailLen {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	// A domain without a dot ("ana@localhost") or an address literal ("ana@[10.0.0.1]")
	// is valid syntax but never a supplier's mailbox.
	domain := s[strings.LastIndexByte(s, '@')+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", false
	}
	// Lowercased so "Ana@Example.com" and "ana@example.com" are one supplier user: the
	// duplicate check and later sign-in lookups compare addresses as stored.
	return strings.ToLower(s), true
}

// checkName returns what is wrong with a trimmed supplier name, or "".
func checkName(s string) string {
	switch {
	case s == "":
		return msgMissing
	case utf8.RuneCountInString(s) > MaxNameLen:
		return msgNameTooLong
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		// A quoted field may hold line breaks or escapes; a name carrying them would break
		// e-mails, logs and exports that show it on one line.
		return msgNameControls
	}
	return ""
}
