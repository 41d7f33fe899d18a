package invitecsv_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/invitecsv"
)

// rowsCSV returns a file of n distinct valid invitations.
func rowsCSV(n int) string {
	var b strings.Builder
	b.Grow(40 * n)
	b.WriteString("email,supplier_name\r\n")
	for i := range n {
		fmt.Fprintf(&b, "ap%d@supplier%d.example.com,Supplier %d Ltd\r\n", i, i%97, i)
	}
	return b.String()
}

func TestParseFiftyThousandRows(t *testing.T) {
	t.Parallel()
	in := rowsCSV(invitecsv.DefaultMaxRows)
	progress := 0
	sum, err := invitecsv.Parse(t.Context(), strings.NewReader(in), invitecsv.Options{}, func(r invitecsv.Row) error {
		progress++
		if r.Line != progress+1 {
			return fmt.Errorf("row %d on line %d", progress, r.Line)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, invitecsv.DefaultMaxRows, progress)
	assert.Equal(t, invitecsv.Summary{Rows: invitecsv.DefaultMaxRows, Accepted: invitecsv.DefaultMaxRows}, sum)
}

func TestParseFiftyThousandAndOneRows(t *testing.T) {
	t.Parallel()
	_, err := invitecsv.Parse(t.Context(), strings.NewReader(rowsCSV(invitecsv.DefaultMaxRows+1)), invitecsv.Options{}, nil)
	var fe *invitecsv.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, invitecsv.CodeTooManyRows, fe.Code)
	assert.Equal(t, invitecsv.DefaultMaxRows+2, fe.Line, "the first row over the limit")
}

// source is an endless or bounded stream generated on the fly, counting what was read, so
// a test can feed 50 MB without storing it and see how much Parse consumed.
type source struct {
	prefix string
	fill   func(p []byte)
	left   int64
	read   int64
}

func (s *source) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), s.left)]
	n := copy(p, s.prefix)
	s.prefix = s.prefix[n:]
	s.fill(p[n:])
	s.left -= int64(len(p))
	s.read += int64(len(p))
	return len(p), nil
}

const fiftyMB = 50 << 20

// slack is what may be read past the limit: the parser's read buffer.
const slack = 64 << 10

func TestParseFiftyMegabytesOfRandomBytes(t *testing.T) {
	t.Parallel()
	rng := rand.NewChaCha8([32]byte{1}) // seeded: the same bytes every run
	src := &source{fill: func(p []byte) { _, _ = rng.Read(p) }, left: fiftyMB}
	start := time.Now()
	_, err := invitecsv.Parse(t.Context(), src, invitecsv.Options{}, func(invitecsv.Row) error { return nil })
	var fe *invitecsv.FileError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, []string{invitecsv.CodeMalformed, invitecsv.CodeTooLarge}, fe.Code)
	assert.LessOrEqual(t, src.read, invitecsv.DefaultMaxBytes+slack, "read past the byte limit")
	assert.Less(t, time.Since(start), 10*time.Second)
	t.Logf("refused as %s after reading %d bytes in %v", fe.Code, src.read, time.Since(start))
}

// TestParseFiftyMegabytesBehindAHeader sends a valid header and then one endless cell
// of text, which only the byte limit can stop.
func TestParseFiftyMegabytesBehindAHeader(t *testing.T) {
	t.Parallel()
	src := &source{
		prefix: "email,supplier_name\nana@example.com,",
		fill: func(p []byte) {
			for i := range p {
				p[i] = 'a' + byte(i%26)
			}
		},
		left: fiftyMB,
	}
	_, err := invitecsv.Parse(t.Context(), src, invitecsv.Options{}, nil)
	var fe *invitecsv.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, invitecsv.CodeTooLarge, fe.Code)
	assert.Equal(t, "The file is larger than 20 MiB.", fe.Message)
	assert.LessOrEqual(t, src.read, invitecsv.DefaultMaxBytes+slack)
}

// TestParseManyShortJunkRows sends a header and then 50 MB of short lines of junk text:
// each is a row error until the row limit ends the parse.
func TestParseManyShortJunkRows(t *testing.T) {
	t.Parallel()
	src := &source{
		prefix: "email,supplier_name\n",
		fill: func(p []byte) {
			for i := range p {
				p[i] = "junk,\n"[i%6]
			}
		},
		left: fiftyMB,
	}
	sum, err := invitecsv.Parse(t.Context(), src, invitecsv.Options{}, nil)
	var fe *invitecsv.FileError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, []string{invitecsv.CodeTooManyRows, invitecsv.CodeTooLarge}, fe.Code)
	assert.LessOrEqual(t, src.read, invitecsv.DefaultMaxBytes+slack)
	assert.LessOrEqual(t, len(sum.Errors), 2*invitecsv.DefaultMaxRows, "errors are bounded by the row limit")
}
