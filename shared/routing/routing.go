// Package routing checks ABA routing transit numbers (RTNs) without any directory: the
// length, the digits, the Federal Reserve prefix and the check digit. It is pure and
// shared by the server and the desktop app, so both refuse the same numbers for the
// same plain-language reasons before anything is looked up or stored.
package routing

import "errors"

// Length is the number of digits in an ABA routing number.
const Length = 9

// Reason errors say why a routing number is invalid; each has a short plain-language
// message a UI can show as is, and a stable code (see Code).
var (
	// ErrLength: not exactly nine characters.
	ErrLength = errors.New("a routing number has exactly 9 digits")
	// ErrNotDigits: nine characters, but not all of them digits.
	ErrNotDigits = errors.New("a routing number contains only digits 0–9")
	// ErrPrefix: the first two digits name no Federal Reserve district or range.
	ErrPrefix = errors.New("the first two digits are not a valid routing number prefix")
	// ErrChecksum: the check digit does not match the other eight (usually a typo).
	ErrChecksum = errors.New("the digits do not add up: check for a typo")
)

// weights are the ABA check-digit weights for the nine positions: 3, 7, 1 repeated.
var weights = [Length]int{3, 7, 1, 3, 7, 1, 3, 7, 1}

// Validate reports why rtn is not a valid ABA routing number, or nil. The checks run in
// the order a person fixes them: length, digits, prefix, then the check digit. The input
// is taken as is (no trimming): callers decide whether to strip spaces first.
func Validate(rtn string) error {
	if len(rtn) != Length {
		return ErrLength
	}
	sum := 0
	for i := range Length {
		c := rtn[i]
		if c < '0' || c > '9' {
			return ErrNotDigits
		}
		sum += weights[i] * int(c-'0')
	}
	// All zeros passes the arithmetic but is the "no number" placeholder of directories
	// and forms, never an institution.
	if !ValidPrefix(rtn[:2]) || rtn == "000000000" {
		return ErrPrefix
	}
	if sum%10 != 0 {
		return ErrChecksum
	}
	return nil
}

// Valid reports whether rtn passes every check of Validate.
func Valid(rtn string) bool { return Validate(rtn) == nil }

// ValidPrefix reports whether the two digits p are an assigned routing-number prefix.
//
// The ranges, per the Federal Reserve's routing-symbol scheme (Regulation CC, 12 CFR 229,
// Appendix A: "the first two digits of the routing number identify the Federal Reserve
// District … adding 2 to the first digit denotes a thrift institution") and the ABA's
// published assignment of the remaining ranges:
//
//	00      United States Government
//	01–12   the twelve Federal Reserve districts (Boston … San Francisco)
//	21–32   thrift institutions, district + 20 (no longer assigned, still in use)
//	61–72   electronic transaction identifiers, district + 60
//	80      traveler's cheques
//
// Everything else (13–20, 33–60, 73–79, 81–99) is unassigned.
func ValidPrefix(p string) bool {
	if len(p) != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
		return false
	}
	n := int(p[0]-'0')*10 + int(p[1]-'0')
	switch {
	case n <= 12, n >= 21 && n <= 32, n >= 61 && n <= 72, n == 80:
		return true
	}
	return false
}

// CheckDigit returns the ninth digit that makes the eight digits in first8 a valid
// routing number, or -1 when first8 is not eight digits. Tests and fixtures use it to
// build numbers that pass.
func CheckDigit(first8 string) int {
	if len(first8) != Length-1 {
		return -1
	}
	sum := 0
	for i := range Length - 1 {
		c := first8[i]
		if c < '0' || c > '9' {
			return -1
		}
		sum += weights[i] * int(c-'0')
	}
	// weights[8] is 1, so the check digit is what brings the sum to a multiple of 10.
	return (10 - sum%10) % 10
}

// Code is the stable machine-readable name of a reason error ("length", "not_digits",
// "prefix", "checksum"), or "" for nil or any other error. API responses carry it.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrLength):
		return "length"
	case errors.Is(err, ErrNotDigits):
		return "not_digits"
	case errors.Is(err, ErrPrefix):
		return "prefix"
	case errors.Is(err, ErrChecksum):
		return "checksum"
	}
	return ""
}

// Normalize strips the spaces and dashes people type or paste inside a routing number
// ("0110 0001 5", "011-000-015"); anything else is kept for Validate to judge.
func Normalize(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '-', '\t':
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
