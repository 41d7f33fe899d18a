package identity

import (
	_ "embed" // the common-password list
	"strings"
)

// commonPasswords is passwords/common.txt: lower-cased, NFKC-normalised passwords seen in
// breaches, sorted by byte value, one a line, each line ending in '\n' (see
// passwords/README.md for sources and licences). It stays a string in the binary's
// read-only data: about 390 KB there, and nothing on the heap.
//
//go:embed passwords/common.txt
var commonPasswords string

// isCommonPassword reports whether pw (already normalised and lower-cased) is on the
// common-password list.
func isCommonPassword(pw string) bool {
	return inSortedLines(commonPasswords, pw)
}

// inSortedLines reports whether key is one of the lines of data, which must be sorted by
// byte value with every line ending in '\n'. It binary-searches the bytes in place, with
// no index and no allocation: the middle byte is moved back to the start of its line and
// that line compared, so a check costs about log2(lines) comparisons.
func inSortedLines(data, key string) bool {
	lo, hi := 0, len(data) // both always at the start of a line (or the end of data)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := lo + strings.LastIndexByte(data[lo:mid], '\n') + 1
		end := start + strings.IndexByte(data[start:hi], '\n')
		if end < start { // no newline: data breaks the contract; treat as not found
			return false
		}
		switch line := data[start:end]; {
		case key == line:
			return true
		case key < line:
			hi = start
		default:
			lo = end + 1
		}
	}
	return false
}
