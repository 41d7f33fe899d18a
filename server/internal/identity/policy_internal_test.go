package identity

import (
	"testing"

	"github.com/ccojocar/zxcvbn-go/match"
	"github.com/ccojocar/zxcvbn-go/matching"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// portSpatialMatches runs only the zxcvbn port's own (slow) spatial matcher.
func portSpatialMatches(pw string) []match.Match {
	return matching.Omnimatch(pw, nil, func(m match.Matcher) bool { return !matching.FilterSpatialMatcher(m) })
}

// requireSameMatches fails unless a and b hold the same matches, in any order, with
// entropies equal to rounding.
func requireSameMatches(t testing.TB, pw string, want, got []match.Match) {
	require.Len(t, got, len(want), "%q", pw)
	for _, w := range want {
		found := false
		for _, g := range got {
			if g.I == w.I && g.J == w.J && g.Token == w.Token && g.DictionaryName == w.DictionaryName {
				require.InDelta(t, w.Entropy, g.Entropy, 1e-9, "%q %+v", pw, w)
				found = true
			}
		}
		require.True(t, found, "%q: missing %+v", pw, w)
	}
}

func TestSpatialMatchesLikePort(t *testing.T) {
	t.Parallel()
	for _, pw := range []string{"", "q", "qw", "qwe", "qwertyuiop", "1qaz2wsx3edc", "QWErty!@#$%",
		"zxcvbnm,./", "7894561230", "xK9$mQ2vL#pR7nW4", "aoeuidhtns", "€qwe€", "poiuytrewq"} {
		requireSameMatches(t, pw, portSpatialMatches(pw), spatialMatches(pw))
	}
}

// FuzzSpatialMatchesLikePort checks that the stand-in finds what the port finds.
func FuzzSpatialMatchesLikePort(f *testing.F) {
	for _, s := range []string{"qwerty", "1qaz2wsx", "xK9$mQ2vL#pR", "asdf;lkj", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		if len(pw) > 64 {
			return // the port's matcher gets slow; length changes nothing in the logic
		}
		requireSameMatches(t, pw, portSpatialMatches(pw), spatialMatches(pw))
	})
}

func TestStrengthScoreWindow(t *testing.T) {
	t.Parallel()
	// Strength past the window does not count: a weak start is refused however it ends.
	assert.Less(t, strengthScore("aaaaaaaaaaaaaaaaaaaaaaaa"+"xK9$mQ2vL#pR7nW4zT8@", PasswordContext{}), MinPasswordScore)
	// The l33t readings: each substitution undone scores as the word it hides.
	assert.Less(t, strengthScore("P@$$w0rd-P@$$w0rd", PasswordContext{}), MinPasswordScore)
	assert.Less(t, strengthScore("|10v3y0u|10v3y0u", PasswordContext{}), MinPasswordScore)
}

func TestRepeatedBlock(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                "",
		"a":               "a",
		"abab":            "ab",
		"ababa":           "ab",
		"abcabcab":        "abc",
		"abcab":           "abcab",
		"qzjxvqzjxvqzjxv": "qzjxv",
		"жёжёжё":          "жё",
		"correct horse":   "correct horse",
		"aaaa":            "a",
	} {
		assert.Equal(t, want, repeatedBlock(in), "%q", in)
	}
}
