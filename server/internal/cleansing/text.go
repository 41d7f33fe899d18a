package cleansing

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// problem is what is wrong with one value. Its text is a message for a person that reads
// after the field's name ("legal_name is required"), so it goes into errs.FieldErrors as
// is; it is an errs.ErrInvalid, so a caller of a single cleanser can branch on the kind.
type problem string

// Error returns the message.
func (p problem) Error() string { return string(p) }

// Is makes errors.Is(p, errs.ErrInvalid) true.
func (p problem) Is(target error) bool { return target == errs.ErrInvalid }

// problemf builds a problem from a format.
func problemf(format string, args ...any) problem { return problem(fmt.Sprintf(format, args...)) }

// cleanText trims, collapses every run of white space into one space, drops invisible
// characters that carry no meaning, and composes the result to NFC. White space includes
// tabs and line breaks: a value pasted from a spreadsheet or an e-mail brings them, and
// they are layout, not content.
func cleanText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", problem("must be valid UTF-8 text")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case isInvisible(r):
			continue
		case unicode.IsControl(r):
			return "", problem("must not contain control characters")
		case isBidiOverride(r):
			// Overrides and isolates reorder what a reviewer sees ("Trojan Source"), so a
			// name could display as one company and be screened as another.
			return "", problem("must not contain invisible characters that reorder text")
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String()), nil
}

// isInvisible reports characters that are dropped: zero-width space, word joiner, BOM and
// soft hyphen. They come in with pasted text, and inside a name they would let "Ac\u200bme"
// slip past sanctions screening and duplicate checks while looking like "Acme". Zero-width
// joiners (U+200C, U+200D) stay: Persian and Indic scripts need them.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// isBidiOverride reports the bidirectional embeddings, overrides and isolates.
func isBidiOverride(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// cleanField runs cleanText and checks the length in characters, so every free-text field
// gets the same rules and the same messages.
func cleanField(s string, maxLen int) (string, error) {
	out, err := cleanText(s)
	if err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(out); n > maxLen {
		return "", problemf("must be at most %d characters, not %d", maxLen, n)
	}
	return out, nil
}
