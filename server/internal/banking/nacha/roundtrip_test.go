package nacha_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/nacha"
	"github.com/vouchhq/vouch/shared/routing"
)

// randomRouting returns a valid routing number with a Federal Reserve district prefix.
func randomRouting(r *rand.Rand) string {
	first8 := fmt.Sprintf("%02d%06d", 1+r.IntN(12), r.IntN(1_000_000))
	return first8 + fmt.Sprint(routing.CheckDigit(first8))
}

func randomDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// TestRoundTripProperty builds random files (seeded, so a failure replays), encodes
// them, parses them back: the File comes back equal and re-encodes to the same bytes.
func TestRoundTripProperty(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2025, 3))
	names := []string{"Acme Widgets LLC", "José Müller", "O'Brien & Sons", "株式会社 Tokyo", "Smith-Jones/Partners", "A", "THE VERY LONG NAME OF A BUSINESS THAT GOES ON"}
	for i := range 300 {
		s := settings()
		s.CRLF = r.IntN(2) == 0
		s.FirstTrace = 1 + r.IntN(1000)
		s.CreatedAt = time.Date(2000+r.IntN(68), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.Local)
		s.IDModifier = "ABCXYZ0123456789"[r.IntN(16)]
		credits := make([]nacha.Credit, 1+r.IntN(25))
		for j := range credits {
			credits[j] = nacha.Credit{
				RoutingNumber: randomRouting(r),
				AccountNumber: randomDigits(r, 4+r.IntN(14)),
				AccountType:   []nacha.AccountType{nacha.Checking, nacha.Savings}[r.IntN(2)],
				Business:      r.IntN(2) == 0,
				Name:          names[r.IntN(len(names))],
				ID:            fmt.Sprintf("BA-%d", r.IntN(1e9)),
				Amount:        1 + r.Int64N(99),
			}
		}
		f, err := nacha.BuildMicroDeposits(s, credits)
		require.NoError(t, err, "file %d", i)
		b, err := nacha.Encode(f)
		require.NoError(t, err, "file %d", i)
		assert.Zero(t, bytes.Count(b, []byte("\n"))%10, "whole blocks, file %d", i)
		back, err := nacha.Parse(bytes.NewReader(b))
		require.NoError(t, err, "file %d", i)
		require.Equal(t, f, back, "file %d", i)
		again, err := nacha.Encode(back)
		require.NoError(t, err)
		require.Equal(t, b, again, "file %d", i)
		require.Equal(t, f.Totals(), back.Totals())
	}
}

// TestEncodeRefuses checks Encode's own validation of a hand-made File, naming the
// line the bad value would be on.
func TestEncodeRefuses(t *testing.T) {
	t.Parallel()
	base := func() nacha.File {
		f, err := nacha.BuildMicroDeposits(settings(), microCredits())
		require.NoError(t, err)
		return f
	}
	tests := []struct {
		name   string
		change func(*nacha.File)
		kind   error
		line   int
		msg    string
	}{
		{"no batches", func(f *nacha.File) { f.Batches = nil }, nacha.ErrEmpty, 2, "no batches"},
		{"empty batch", func(f *nacha.File) { f.Batches[1].Entries = nil }, nacha.ErrEmpty, 6, "batch 2 has no entries"},
		{"batch numbers", func(f *nacha.File) { f.Batches[1].Header.Number = 1 }, nacha.ErrOrder, 6, "does not follow batch 1"},
		{"amount", func(f *nacha.File) { f.Batches[1].Entries[1].Amount = 0 }, nacha.ErrField, 8, "amount"},
		{"amount too big", func(f *nacha.File) { f.Batches[0].Entries[0].Amount = 10_000_000_000 }, nacha.ErrField, 3, "amount"},
		{"name too long", func(f *nacha.File) { f.Batches[0].Entries[0].Name = strings.Repeat("A", 23) }, nacha.ErrField, 3, "longer than 22"},
		{"lower-case is ACH, tabs are not", func(f *nacha.File) { f.Batches[0].Entries[0].Name = "acme\twidgets" }, nacha.ErrField, 3, "outside the ACH character set"},
		{"trace order", func(f *nacha.File) {
			e := f.Batches[0].Entries
			e[0].TraceNumber, e[1].TraceNumber = e[1].TraceNumber, e[0].TraceNumber
		}, nacha.ErrOrder, 4, "trace numbers ascend"},
		{"routing", func(f *nacha.File) { f.Batches[1].Entries[0].RoutingNumber = "12100024" }, routing.ErrLength, 7, "receiving DFI identification"},
		{"SEC", func(f *nacha.File) { f.Batches[0].Header.SEC = "WEB" }, nacha.ErrUnsupported, 2, "only PPD and CCD"},
		{"transaction code", func(f *nacha.File) { f.Batches[0].Entries[1].TransactionCode = 27 }, nacha.ErrUnsupported, 4, "only live credits"},
		{"settlement date", func(f *nacha.File) { f.Batches[0].Header.SettlementDate = "12" }, nacha.ErrField, 2, "settlement date"},
		{"creation time", func(f *nacha.File) { f.Header.CreatedAt = time.Time{} }, nacha.ErrField, 1, "file creation date"},
		{"origin", func(f *nacha.File) { f.Header.Origin = " 123456789" }, nacha.ErrField, 1, "immediate origin"},
		{"credit total", func(f *nacha.File) {
			b := &f.Batches[0]
			for i := range 101 {
				e := b.Entries[0]
				e.Amount = 9_999_999_999
				e.TraceNumber = fmt.Sprintf("01100001%07d", 100+i)
				b.Entries = append(b.Entries, e)
			}
		}, nacha.ErrTooLarge, 105, "credits exceed"}, // 77 + 101 × 9,999,999,999 > 12 digits
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := base()
			tt.change(&f)
			var w bytes.Buffer
			err := nacha.Write(&w, f)
			require.ErrorIs(t, err, tt.kind, "%v", err)
			var le *nacha.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, tt.line, le.Line, "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Zero(t, w.Len(), "nothing is written unless all is valid")
		})
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWrite(t *testing.T) {
	t.Parallel()
	f, err := nacha.BuildMicroDeposits(settings(), microCredits())
	require.NoError(t, err)
	var w bytes.Buffer
	require.NoError(t, nacha.Write(&w, f))
	want, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	assert.Equal(t, want, w.Bytes())

	err = nacha.Write(brokenWriter{}, f)
	require.ErrorIs(t, err, os.ErrClosed)
	assert.Contains(t, err.Error(), "write ACH file")
}

// FuzzParse feeds Parse anything: it never panics, and whatever it accepts Encode
// writes back byte for byte.
func FuzzParse(f *testing.F) {
	golden, err := os.ReadFile("testdata/micro.ach")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add(bytes.ReplaceAll(golden, []byte("\n"), []byte("\r\n")))
	one, err := nacha.BuildMicroDeposits(settings(), microCredits()[:1])
	if err != nil {
		f.Fatal(err)
	}
	ob, err := nacha.Encode(one)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ob)
	f.Add(golden[:200])
	f.Add([]byte{})
	f.Add([]byte("1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := nacha.Parse(bytes.NewReader(data))
		if err != nil {
			var le *nacha.LineError
			if !errors.As(err, &le) || le.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		again, err := nacha.Encode(file)
		if err != nil {
			t.Fatalf("Parse accepted what Encode refuses: %v", err)
		}
		if !bytes.Equal(data, again) {
			t.Fatalf("re-encoded differently:\n%q\n%q", data, again)
		}
	})
}

// TestEveryByteMutation changes each byte of the golden file to a handful of others:
// whatever Parse still accepts must re-encode to exactly the mutated bytes. It
// reaches every field systematically, where FuzzParse samples.
func TestEveryByteMutation(t *testing.T) {
	t.Parallel()
	golden, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	accepted := 0
	for i := range golden {
		if golden[i] == '\n' {
			continue
		}
		for _, c := range []byte(" 019Aa-") {
			if c == golden[i] {
				continue
			}
			data := bytes.Clone(golden)
			data[i] = c
			f, err := nacha.Parse(bytes.NewReader(data))
			if err != nil {
				continue
			}
			accepted++
			again, err := nacha.Encode(f)
			require.NoError(t, err, "byte %d = %q", i, c)
			require.Equal(t, string(data), string(again), "byte %d = %q", i, c)
		}
	}
	assert.Positive(t, accepted, "free-text fields accept changes")
}
