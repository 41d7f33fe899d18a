package identity

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go/adjacency"
	"github.com/ccojocar/zxcvbn-go/match"
	"github.com/ccojocar/zxcvbn-go/matching"
	"github.com/ccojocar/zxcvbn-go/scoring"
	zxcvbnmath "github.com/ccojocar/zxcvbn-go/utils/math"
	"golang.org/x/text/unicode/norm"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Password length bounds, in characters (Unicode code points after NFKC normalisation).
// The floor follows NIST SP 800-63B for passwords without other factors; the ceiling keeps
// hashing input bounded while leaving room for passphrases.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// MinPasswordScore is the lowest zxcvbn score (0..4) a password may have. 3 means about
// 10^8 guesses ("safely unguessable" for an online attack, per zxcvbn).
const MinPasswordScore = 3

const (
	// serviceName is refused inside passwords: NIST SP 800-63B names "the name of the
	// service" among the context-specific words to check.
	serviceName = "vouch"
	// minContextLen is the shortest e-mail local part, name or org name refused inside a
	// password, once folded. Shorter ones ("Al", "HP") would refuse too many good passwords
	// by coincidence; zxcvbn still penalises them as user inputs.
	minContextLen = 4
	// minDistinctRunes catches passwords of one or two repeated characters that the zxcvbn
	// port scores as strong when they are not ASCII ("€€€€€€€€€€€€").
	minDistinctRunes = 5
	// strengthWindow is how many leading characters zxcvbn scores. The Go port's cost grows
	// with the cube of the length (40 characters take about 1 ms, 64 about 6 ms), which a
	// caller could use to burn CPU; a prefix can only score lower than the whole, so
	// cutting errs on the side of refusing.
	strengthWindow = 24
)

// Refusal details. They are shown to the person choosing the password, so they say what is
// wrong in plain words and never echo the password.
const (
	detailInvalidText = "This password contains characters that are not valid text."
	detailEmail       = "This password contains your e-mail address."
	detailEmailLocal  = "This password contains the first part of your e-mail address."
	detailName        = "This password contains your name."
	detailOrgName     = "This password contains your organization's name."
	detailService     = "This password contains the name Vouch."
	detailCommon      = "This password is on a list of commonly used passwords."
	detailRepetitive  = "This password repeats too few different characters."
	detailGuessable   = "This password is too easy to guess. Try a longer phrase of several unrelated words."
)

// PasswordContext is what is known about the person choosing a password. Passwords built
// from it are the first an attacker tries, so CheckPassword refuses them. Any field may be
// empty.
type PasswordContext struct {
	Email   string // the account's e-mail address
	Name    string // the person's display name
	OrgName string // the name of the person's organization
}

// ValidatePassword applies the password policy without context: CheckPassword with an
// empty PasswordContext. Prefer CheckPassword wherever the e-mail or org is known.
func ValidatePassword(pw string) error {
	return CheckPassword(pw, PasswordContext{})
}

// CheckPassword applies the password policy of NIST SP 800-63B: valid UTF-8, MinPasswordLen
// to MaxPasswordLen characters after NFKC normalisation, not built from the account's
// e-mail, name or org or the service's name, not on the common-password list, not one or
// two characters repeated, and a zxcvbn score of at least MinPasswordScore. There are no
// composition rules (digits, symbols, cases), by design. A refusal is an errs.Coded of kind
// ErrInvalid with code "weak_password" whose Detail says why, safe to show. A check takes
// well under a millisecond whatever the input.
func CheckPassword(pw string, pc PasswordContext) error {
	// Bound the work before normalising: 128 characters are at most 512 bytes.
	if len(pw) > MaxPasswordLen*utf8.UTFMax {
		return weak(detailTooLong())
	}
	if !utf8.ValidString(pw) {
		return weak(detailInvalidText)
	}
	// NFKC, as NIST asks, so that look-alike forms (full-width letters, ligatures) count
	// and compare as the characters they stand for.
	n := norm.NFKC.String(pw)
	count := utf8.RuneCountInString(n)
	switch {
	case count < MinPasswordLen:
		return weak(fmt.Sprintf("This password is too short: use at least %d characters.", MinPasswordLen))
	// The raw count too: composing characters can shrink a 129-character input.
	case count > MaxPasswordLen || utf8.RuneCountInString(pw) > MaxPasswordLen:
		return weak(detailTooLong())
	}
	lower := strings.ToLower(n)
	if detail := contextRefusal(lower, pc); detail != "" {
		return weak(detail)
	}
	if isCommonPassword(lower) {
		return weak(detailCommon)
	}
	if distinctRunes(lower, minDistinctRunes) < minDistinctRunes {
		return weak(detailRepetitive)
	}
	if strengthScore(n, pc) < MinPasswordScore {
		return weak(detailGuessable)
	}
	return nil
}

// detailTooLong is the refusal detail of a password over MaxPasswordLen.
func detailTooLong() string {
	return fmt.Sprintf("This password is too long: use at most %d characters.", MaxPasswordLen)
}

// weak builds the policy's refusal.
func weak(detail string) error {
	return &errs.Coded{Kind: errs.ErrInvalid, Code: "weak_password", Detail: detail}
}

// contextRefusal returns the detail of the first context-specific word found in the
// lower-cased password, or "". Both sides are folded to letters and digits, so spaces,
// dots and dashes cannot hide a match ("Acme Corp" is found in "acme-corp-2026!").
func contextRefusal(lower string, pc PasswordContext) string {
	pw := fold(lower)
	email := strings.ToLower(norm.NFKC.String(strings.TrimSpace(pc.Email)))
	local, _, _ := strings.Cut(email, "@")
	checks := []struct{ word, detail string }{
		{email, detailEmail},
		{local, detailEmailLocal},
		{pc.Name, detailName},
		{pc.OrgName, detailOrgName},
		{serviceName, detailService},
	}
	for _, c := range checks {
		w := fold(strings.ToLower(norm.NFKC.String(c.word)))
		if utf8.RuneCountInString(w) >= minContextLen && strings.Contains(pw, w) {
			return c.detail
		}
	}
	return ""
}

// distinctRunes counts the different characters of s, stopping at limit. The scan is over
// at most limit characters, so it is cheaper than a set.
func distinctRunes(s string, limit int) int {
	seen := make([]rune, 0, limit)
	for _, r := range s {
		if !slices.Contains(seen, r) {
			if seen = append(seen, r); len(seen) == limit {
				break
			}
		}
	}
	return len(seen)
}

// unleet undoes the substitutions of zxcvbn's l33t table ("p4$$w0rd" reads "password"),
// in the two readings of the symbols that stand for more than one letter (1, | and 7).
// strengthScore scores these readings instead of running the port's own l33t matcher,
// which tries every combination of readings: a 24-character password of l33t symbols
// made it take 70 ms.
var unleet = [...]*strings.Replacer{
	strings.NewReplacer("4", "a", "@", "a", "8", "b", "(", "c", "{", "c", "[", "c", "<", "c",
		"3", "e", "6", "g", "9", "g", "1", "i", "!", "i", "|", "i", "0", "o", "$", "s", "5", "s",
		"+", "t", "7", "t", "%", "x", "2", "z"),
	strings.NewReplacer("4", "a", "@", "a", "8", "b", "(", "c", "{", "c", "[", "c", "<", "c",
		"3", "e", "6", "g", "9", "g", "1", "l", "!", "i", "|", "l", "0", "o", "$", "s", "5", "s",
		"+", "t", "7", "l", "%", "x", "2", "z"),
}

// strengthScore is the zxcvbn score (0..4) of the first strengthWindow characters of pw:
// the lowest over pw and its un-l33t readings, so that a substitution earns no strength,
// with the person's context as user inputs, so that passwords built from it score low.
func strengthScore(pw string, pc PasswordContext) int {
	window, count := pw, 0
	for i := range pw {
		if count == strengthWindow {
			window = pw[:i]
			break
		}
		count++
	}
	// The port knows repeats of one character only: "qzjxvqzjxvqzjxv" is as easy to
	// guess as "qzjxv", so score the block a password repeats.
	window = repeatedBlock(window)
	inputs := userInputs(pc)
	score := zxcvbnScore(window, inputs)
	for _, r := range unleet {
		if score < MinPasswordScore {
			break // refused already; the other readings cannot raise it
		}
		if reading := r.Replace(window); reading != window {
			score = min(score, zxcvbnScore(reading, inputs))
		}
	}
	return score
}

// repeatedBlock returns the shortest block that s is made of, repeated at least twice
// (the last copy may be cut short), or s itself when it is no such repetition. It reads
// the period off the KMP failure function of s's characters.
func repeatedBlock(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	fail := make([]int, len(r)) // fail[i]: longest proper prefix of r[:i+1] that is also its suffix
	for i, k := 1, 0; i < len(r); i++ {
		for k > 0 && r[i] != r[k] {
			k = fail[k-1]
		}
		if r[i] == r[k] {
			k++
		}
		fail[i] = k
	}
	if p := len(r) - fail[len(r)-1]; 2*p <= len(r) {
		return string(r[:p])
	}
	return s
}

// zxcvbnScore runs the zxcvbn port's matchers and scoring on pw, except two: its l33t
// matcher (see unleet) and its spatial matcher, which re-parses the qwerty keyboard from
// JSON for every keyboard walk it finds (0.6 ms each); spatialMatches stands in for it.
func zxcvbnScore(pw string, inputs []string) int {
	matches := matching.Omnimatch(pw, inputs, matching.FilterL33tMatcher, matching.FilterSpatialMatcher)
	matches = append(matches, spatialMatches(pw)...)
	return scoring.MinimumEntropyMatchSequence(pw, matches).Score
}

// userInputs lists the context words zxcvbn should treat as known to an attacker: the
// service name, the e-mail, and the words of its parts, the name and the org name.
func userInputs(pc PasswordContext) []string {
	email := strings.ToLower(strings.TrimSpace(pc.Email))
	local, domain, _ := strings.Cut(email, "@")
	in := []string{serviceName}
	for _, s := range []string{email, local, pc.Name, pc.OrgName} {
		if f := fold(strings.ToLower(s)); f != "" {
			in = append(in, f)
		}
	}
	for _, s := range []string{local, domain, pc.Name, pc.OrgName} {
		in = append(in, strings.FieldsFunc(strings.ToLower(s), notLetterOrDigit)...)
	}
	return in
}

// fold keeps only the letters and digits of s.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if notLetterOrDigit(r) {
			return -1
		}
		return r
	}, s)
}

// notLetterOrDigit reports whether r is neither a letter nor a digit.
func notLetterOrDigit(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// keyboard is one of the zxcvbn port's adjacency graphs with the two numbers its spatial
// entropy formula takes, computed once instead of on every match.
type keyboard struct {
	graph  adjacency.Graph
	starts float64 // starting positions
	degree float64 // average number of neighbours of a key
}

// keyboards are the port's graphs, parsed by its init. As in the port, walks on dvorak
// are priced with qwerty's numbers, and on the Mac keypad with the keypad's.
var keyboards = func() []keyboard {
	qwerty, keypad := adjacency.GraphMap["qwerty"], adjacency.GraphMap["keypad"]
	q := keyboard{starts: float64(len(qwerty.Graph)), degree: qwerty.CalculateAvgDegree()}
	k := keyboard{starts: float64(len(keypad.Graph)), degree: keypad.CalculateAvgDegree()}
	out := []keyboard{q, q, k, k}
	for i, name := range []string{"qwerty", "dvorak", "keypad", "macKeypad"} {
		out[i].graph = adjacency.GraphMap[name]
	}
	return out
}()

// spatialMatches finds keyboard walks of three keys or more ("qwerty", "zxcvbn", "1qaz")
// as the port's spatial matcher does, with the same entropy, at a fraction of the cost.
// Like the port it works on bytes, so non-ASCII text never matches.
func spatialMatches(pw string) []match.Match {
	var out []match.Match
	for _, kb := range keyboards {
		for i := 0; i < len(pw)-1; {
			j, turns, shifted, last := i+1, 0, 0, -1
			for ; j < len(pw); j++ {
				dir, shift := adjacentKey(kb.graph, pw[j-1], pw[j])
				if dir < 0 {
					break
				}
				if shift {
					shifted++
				}
				if dir != last { // every walk starts with a turn
					turns++
					last = dir
				}
			}
			if j-i > 2 {
				out = append(out, match.Match{Pattern: "spatial", I: i, J: j - 1, Token: pw[i:j],
					DictionaryName: kb.graph.Name, Entropy: kb.entropy(j-i, turns, shifted)})
			}
			i = j
		}
	}
	return out
}

// adjacentKey returns the direction in which next neighbours prev on g (-1 if it does not)
// and whether it takes the shift key there ('@' next to 'q' on "2@").
func adjacentKey(g adjacency.Graph, prev, next byte) (dir int, shifted bool) {
	n := string(rune(next))
	for d, keys := range g.Graph[string(rune(prev))] {
		if i := strings.Index(keys, n); i >= 0 {
			return d, i == 1
		}
	}
	return -1, false
}

// entropy is the port's spatial entropy: the log2 of the number of walks of up to length
// keys with up to turns turns, plus the ways of placing shifted keys among them.
func (kb keyboard) entropy(length, turns, shifted int) float64 {
	var possible float64
	for i := 2.0; i <= float64(length)+1; i++ {
		for j := 1.0; j <= min(float64(turns), i-1)+1; j++ {
			possible += zxcvbnmath.NChoseK(i-1, j-1) * kb.starts * math.Pow(kb.degree, j)
		}
	}
	e := math.Log2(possible)
	if shifted > 0 {
		s, u := float64(shifted), float64(length-shifted)
		possible = 0
		for i := 0.0; i < min(s, u)+1; i++ {
			possible += zxcvbnmath.NChoseK(s+u, i)
		}
		e += math.Log2(possible)
	}
	return e
}
