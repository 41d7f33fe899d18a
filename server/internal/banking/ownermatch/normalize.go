package ownermatch

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits that keep one comparison cheap whatever a provider or a form sends: the
// token alignment is quadratic and Jaro-Winkler is quadratic per token pair.
const (
	maxInputBytes = 512 // longer input is cut (no bank or form name comes close)
	maxTokens     = 24  // tokens compared per name part
)

// name is one input, folded and split into the parts it names.
type name struct {
	display string // folded and spaced, suffixes kept: what reasons quote
	parts   []part // one, or two for "X DBA Y"
}

// part is one name, ready to score.
type part struct {
	display    string   // this part as reasons quote it
	tokens     []string // compared words: no THE, no suffix, abbreviations spelt out
	suffixes   []string // legal forms removed from the end, canonical spelling, in order
	expanded   [][2]string
	droppedThe bool
}

// Normalize returns the words ownermatch compares for s, space-separated: folded to
// upper-case ASCII where possible, punctuation gone, "&" as AND, THE and trailing
// corporate suffixes dropped, abbreviations spelt out. A name with an alias ("X DBA Y")
// gives both parts joined by " | ". It is exported for logs and tests; Compare does
// not need it.
func Normalize(s string) string {
	n := parseName(s)
	out := make([]string, 0, len(n.parts))
	for _, p := range n.parts {
		out = append(out, strings.Join(p.tokens, " "))
	}
	return strings.Join(out, " | ")
}

// parseName folds s and splits it into parts.
func parseName(s string) name {
	raw := strings.Fields(fold(truncate(s, maxInputBytes)))
	n := name{display: strings.Join(raw, " ")}
	for _, words := range splitAlias(raw) {
		if p, ok := newPart(words); ok {
			n.parts = append(n.parts, p)
		}
	}
	return n
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// splitAlias splits words at the first alias marker with words on both sides; a
// marker at either end is just a word.
func splitAlias(words []string) [][]string {
	for i := 1; i < len(words); i++ {
		for _, m := range aliasMarkers {
			end := i + len(m)
			if end < len(words) && slices.Equal(words[i:end], m) {
				return [][]string{words[:i], words[end:]}
			}
		}
	}
	return [][]string{words}
}

// newPart drops THE, the trailing legal forms and spells out abbreviations. Whatever
// is dropped, one word stays: "THE COMPANY" is a name too.
func newPart(words []string) (part, bool) {
	if len(words) == 0 {
		return part{}, false
	}
	p := part{display: strings.Join(words, " ")}
	toks := make([]string, 0, len(words))
	for _, w := range words {
		if w == "THE" {
			p.droppedThe = true
			continue
		}
		toks = append(toks, w)
	}
	if len(toks) == 0 {
		toks, p.droppedThe = append(toks, words...), false
	}
	for {
		form, n := trailingSuffix(toks)
		if n == 0 || n >= len(toks) {
			break
		}
		toks = toks[:len(toks)-n]
		p.suffixes = append(p.suffixes, form)
	}
	slices.Reverse(p.suffixes) // found last first; reasons quote them in reading order
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	for i, t := range toks {
		if long, ok := abbreviations[t]; ok {
			toks[i] = long
			p.expanded = append(p.expanded, [2]string{t, long})
		}
	}
	p.tokens = toks
	return p, true
}

// trailingSuffix reports the legal form ending toks and how many words it takes.
func trailingSuffix(toks []string) (string, int) {
	if len(toks) == 0 {
		return "", 0
	}
	if form, ok := suffixes[toks[len(toks)-1]]; ok {
		return form, 1
	}
	for _, s := range spacedSuffixes {
		if len(toks) >= len(s.letters) && slices.Equal(toks[len(toks)-len(s.letters):], s.letters) {
			return s.form, len(s.letters)
		}
	}
	return "", 0
}

// fold upper-cases s, strips diacritics, spells out ligatures, turns "&" into AND,
// drops apostrophes and periods ("O'BRIEN" is "OBRIEN", "L.L.C." is "LLC") and makes
// any other punctuation a space.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFD.String(s)
			break
		}
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '&':
			b.WriteString(" AND ")
		case r == '\'' || r == '.' || r == '`' || r == '’' || r == '‘' || r == 'ʼ':
		case r < utf8.RuneSelf:
			b.WriteByte(' ')
		case unicode.Is(unicode.Mn, r):
			// a combining mark left by NFD: the accent itself
		default:
			if l, ok := ligatures[r]; ok {
				b.WriteString(l)
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}
