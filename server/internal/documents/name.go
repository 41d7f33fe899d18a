package documents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen is the longest display name Sanitize returns, in characters.
const MaxNameLen = 200

// UnnamedLabel is what Sanitize returns when nothing of the client's name is left.
const UnnamedLabel = "document"

// Sanitize turns the file name a client sent into a label for display: the base name only
// (after the last '/' or '\', since browsers on Windows may send "C:\Users\…\w9.pdf"),
// without control characters, invisible format characters or invalid UTF-8, trimmed, and
// at most MaxNameLen characters. Nothing left gives UnnamedLabel.
//
// The name is only ever a label. It never names a file on disk (blobs are stored by id),
// never decides the type (Sniff does), and is shown escaped like any other text. Format
// characters go because a right-to-left override makes "fdp.exe" read as "exe.pdf" to a
// reviewer, and zero-width ones make two labels look alike.
func Sanitize(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	b.Grow(min(len(name), MaxNameLen*utf8.UTFMax))
	n := 0
	for _, r := range name {
		if n == MaxNameLen {
			break
		}
		switch {
		case r == '\t' || unicode.IsSpace(r) && !unicode.IsControl(r):
			r = ' ' // no tabs, no-break or line separators in a one-line label
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		b.WriteRune(r)
		n++
	}
	out := strings.TrimSpace(b.String())
	if out == "" || out == "." || out == ".." {
		return UnnamedLabel
	}
	return out
}
