package nacha

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanName turns a name typed anywhere into one an ACH field carries: accents
// folded ("Müller" → "MULLER"), upper case, runs of spaces collapsed, cut to width
// characters. Besides letters, digits and spaces it keeps only & - . , ' / : the
// Rules allow any printable character, but receiving banks' systems do not all
// display the rest, and a receiver must recognise the name on a statement.
func CleanName(s string, width int) string {
	if width <= 0 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFD.String(s)
			break
		}
	}
	var b strings.Builder
	space := true // no leading space
	for _, r := range s {
		var c byte
		switch {
		case r >= 'a' && r <= 'z':
			c = byte(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("&-.,'/", r):
			c = byte(r)
		case unicode.Is(unicode.Mn, r):
			continue // the accent NFD split from its letter
		case r == 'ß':
			b.WriteString("SS")
			space = false
			continue
		default:
			c = ' '
		}
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(c)
	}
	out := strings.TrimRight(b.String(), " ")
	if len(out) > width {
		out = strings.TrimRight(out[:width], " ")
	}
	return out
}
