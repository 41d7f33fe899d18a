package screening

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize turns a name into the tokens that are compared: diacritics folded ("Müller"
// → "muller"), lower case, apostrophes and periods dropped ("D'S" → "ds", "S.A." → "sa"),
// any other punctuation a space, noise words ("the", "of", "and") removed, and corporate
// suffixes ("ltd", "llc", "sa") removed unless they are the first token. Token order is
// kept; scoring does not depend on it, since OFAC writes individuals "LAST, First".
func Normalize(name string) []string {
	folded := fold(name)
	raw := strings.Fields(folded)
	out := make([]string, 0, len(raw))
	for i, t := range raw {
		if noiseWords[t] || (i > 0 && corporateSuffixes[t]) {
			continue
		}
		out = append(out, t)
	}
	if len(out) == 0 && len(raw) > 0 {
		// A name made only of noise ("The Company") keeps its words rather than vanish.
		return raw
	}
	return out
}

// fold lower-cases s, strips diacritics, spells out ligatures, and maps punctuation as
// Normalize describes.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		switch {
		case r < 0x80:
			switch {
			case r >= 'A' && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				b.WriteByte(byte(r))
			case r == '\'' || r == '.' || r == '`':
				// dropped: "O'Brien" is "obrien", "S.A." is "sa"
			default:
				b.WriteByte(' ')
			}
		case unicode.Is(unicode.Mn, r):
			// a combining mark left by NFD: the diacritic itself
		case r == '’' || r == '‘' || r == 'ʼ':
		default:
			if s, ok := ligatures[r]; ok {
				b.WriteString(s)
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
				continue
			}
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// ligatures are letters NFD does not decompose.
var ligatures = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'ı': "i",
}

// noiseWords carry no identity anywhere in a name.
var noiseWords = set("the", "of", "and", "for", "a", "an", "mr", "mrs", "ms", "dr")

// corporateSuffixes are legal forms: "Acme Ltd" and "Acme Limited" are one name.
var corporateSuffixes = set(
	"ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "co", "company", "corp",
	"corporation", "plc", "sa", "sarl", "sas", "srl", "sro", "spa", "gmbh", "ag", "kg", "bv",
	"nv", "oy", "ab", "pte", "pvt", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "ooo", "fze",
	"fzco", "fzc", "est", "establishment", "group", "holding", "holdings",
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// blockKeys are the index keys of one token: its first three letters, and its consonant
// skeleton (first letter, then consonants without repeats), which survives most typos and
// transliteration variants ("moreno"/"moerno" → "mrn", "mohammed"/"muhammad" → "mhmd").
// Tokens of one letter (initials) have no key: they would block nothing.
func blockKeys(tok string, dst []string) []string {
	if len(tok) < 2 {
		return dst
	}
	r := []rune(tok)
	p := r
	if len(p) > 3 {
		p = p[:3]
	}
	dst = append(dst, "p"+string(p))
	return append(dst, "s"+skeleton(r))
}

func skeleton(r []rune) string {
	var b strings.Builder
	b.WriteRune(r[0])
	last := r[0]
	for _, c := range r[1:] {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w':
			continue
		}
		if c != last {
			b.WriteRune(c)
		}
		last = c
	}
	return b.String()
}
