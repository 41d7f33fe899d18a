package identity

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// TestCommonPasswordsShape checks the contract inSortedLines relies on: one entry a line,
// every line ending in '\n', sorted by byte value without duplicates, and entries already
// normalised as CheckPassword normalises what it looks up.
func TestCommonPasswordsShape(t *testing.T) {
	t.Parallel()
	require.True(t, strings.HasSuffix(commonPasswords, "\n"))
	lines := strings.Split(strings.TrimSuffix(commonPasswords, "\n"), "\n")
	assert.Len(t, lines, 50042, "update passwords/README.md with the new size")
	for i, l := range lines {
		require.NotEmpty(t, l, "line %d", i+1)
		require.Equal(t, strings.ToLower(norm.NFKC.String(l)), l, "line %d is not normalised", i+1)
		require.False(t, strings.ContainsFunc(l, unicode.IsSpace), "line %d has whitespace", i+1)
		if i > 0 {
			require.Less(t, lines[i-1], l, "line %d is out of order or repeated", i+1)
		}
	}
}

func TestIsCommonPassword(t *testing.T) {
	t.Parallel()
	lines := strings.Split(strings.TrimSuffix(commonPasswords, "\n"), "\n")
	for _, l := range lines {
		if !isCommonPassword(l) {
			t.Fatalf("%q is on the list but not found", l)
		}
	}
	for _, s := range []string{"", "\n", "correct horse battery staple", "qwertyuiop12\n", "Password",
		lines[0][:len(lines[0])-1], lines[len(lines)-1] + "z", "\xff"} {
		assert.False(t, isCommonPassword(s), "%q", s)
	}
}

// TestIsCommonPasswordAllocates checks that a look-up builds nothing. Not parallel:
// AllocsPerRun refuses to run beside other tests.
func TestIsCommonPasswordAllocates(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(100, func() { isCommonPassword("qwertyuiop12") }))
}

func TestInSortedLines(t *testing.T) {
	t.Parallel()
	data := "a\nab\nabc\nb\nzz\n"
	for _, k := range []string{"a", "ab", "abc", "b", "zz"} {
		assert.True(t, inSortedLines(data, k), "%q", k)
	}
	for _, k := range []string{"", "0", "aa", "abcd", "ba", "z", "zzz", "a\nab"} {
		assert.False(t, inSortedLines(data, k), "%q", k)
	}
	assert.False(t, inSortedLines("", "a"))
	assert.True(t, inSortedLines("only\n", "only"))
	assert.False(t, inSortedLines("no-newline", "no-newline"), "a broken list finds nothing rather than panicking")
}

func BenchmarkIsCommonPassword(b *testing.B) {
	for b.Loop() {
		isCommonPassword("correct horse battery staple")
	}
}
