package nacha

import (
	"strconv"
	"strings"
)

// record is one 94-character line being built or read.
type record []byte

// newRecord returns a blank record of type t.
func newRecord(t byte) record {
	r := record(strings.Repeat(" ", RecordLength))
	r[0] = t
	return r
}

// span is the bytes of field c.
func (r record) span(c col) []byte { return r[c.pos-1 : c.pos-1+c.width] }

// put writes s left-justified into c; validation has checked it fits.
func (r record) put(c col, s string) { copy(r.span(c), s) }

// putRight writes s right-justified into c, blank-filled on the left.
func (r record) putRight(c col, s string) { copy(r.span(c)[c.width-len(s):], s) }

// putNum writes n zero-filled into c; validation has checked it fits.
func (r record) putNum(c col, n int64) {
	s := strconv.FormatInt(n, 10)
	b := r.span(c)
	for i := range b {
		b[i] = '0'
	}
	copy(b[c.width-len(s):], s)
}

// raw is the field c as is.
func (r record) raw(c col) string { return string(r.span(c)) }

// text is the left-justified field c without its blank fill.
func (r record) text(c col) string { return strings.TrimRight(r.raw(c), " ") }

// num reads the zero-filled numeric field c, which must be all digits.
func (r record) num(c col) (int64, *fieldErr) {
	s := r.raw(c)
	if !isDigits(s) {
		return 0, invalid(c, "%q is not %d digits", s, c.width)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil { // unreachable for widths up to 18 digits, kept for safety
		return 0, invalid(c, "%q: %v", s, err)
	}
	return n, nil
}

// fixed checks that field c holds the constant want.
func (r record) fixed(c col, want string) *fieldErr {
	if got := r.raw(c); got != want {
		return invalid(c, "%q, want %q", got, want)
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// printable reports whether s is in the ACH character set: the Rules allow any
// character above hex 1F in ASCII; this package stops at '~' (no DEL, no 8-bit).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
