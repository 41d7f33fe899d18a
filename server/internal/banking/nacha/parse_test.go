package nacha_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/nacha"
	"github.com/vouchhq/vouch/shared/routing"
)

func golden(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func join(lines []string) string { return strings.Join(lines, "\n") + "\n" }

// set overwrites line n (1-based) from column pos (1-based) with s.
func set(lines []string, n, pos int, s string) []string {
	out := append([]string(nil), lines...)
	l := out[n-1]
	out[n-1] = l[:pos-1] + s + l[pos-1+len(s):]
	return out
}

func TestParseGolden(t *testing.T) {
	t.Parallel()
	want, err := nacha.BuildMicroDeposits(settings(), microCredits())
	require.NoError(t, err)
	b, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	got, err := nacha.Parse(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, want, got)

	crlf := strings.ReplaceAll(string(b), "\n", "\r\n")
	got, err = nacha.Parse(strings.NewReader(crlf))
	require.NoError(t, err)
	assert.True(t, got.CRLF)
	again, err := nacha.Encode(got)
	require.NoError(t, err)
	assert.Equal(t, crlf, string(again))
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	g := golden(t)
	// A one-entry file has filler: lines 6–10.
	one, err := nacha.BuildMicroDeposits(settings(), microCredits()[:1])
	require.NoError(t, err)
	ob, err := nacha.Encode(one)
	require.NoError(t, err)
	short := strings.Split(strings.TrimSuffix(string(ob), "\n"), "\n")
	nines := strings.Repeat("9", 94)

	tests := []struct {
		name   string
		input  string
		kind   error
		line   int
		record string
		msg    string
	}{
		{"empty", "", nacha.ErrEmpty, 1, "file header", "the file is empty"},
		{"short line", join(g[:2]) + g[2][:93] + "\n" + join(g[3:]), nacha.ErrRecord, 3, "entry detail", "93 characters, want 94"},
		{"long line", join(g[:2]) + g[2] + " \n" + join(g[3:]), nacha.ErrRecord, 3, "entry detail", "95 characters"},
		{"very long line", strings.Repeat("1", 5000) + "\n", nacha.ErrRecord, 1, "file header", "longer than 94"},
		{"blank line", join(g[:2]) + "\n" + join(g[2:]), nacha.ErrRecord, 3, "record", "0 characters"},
		{"no final line ending", strings.TrimSuffix(join(g), "\n"), nacha.ErrRecord, 10, "file control", "no line ending"},
		{"mixed line endings", g[0] + "\r\n" + join(g[1:]), nacha.ErrRecord, 2, "batch header", "line ending LF, but line 1 ends in CR LF"},
		{"control character", join(set(g, 3, 60, "\x01")), nacha.ErrRecord, 3, "entry detail", "byte 0x01 at column 60"},
		{"8-bit character", join(set(g, 3, 60, "\xc9")), nacha.ErrRecord, 3, "entry detail", "byte 0xc9"},
		{"unknown record type", join(set(g, 3, 1, "X")), nacha.ErrRecord, 3, "record", "unknown record type 'X'"},
		{"starts with a batch", join(g[1:]), nacha.ErrOrder, 1, "file header", "must start with a file header"},
		{"second file header", join(append([]string{g[0]}, g...)), nacha.ErrOrder, 2, "file header", "a second file header"},
		{"entry outside a batch", join(append(append([]string{g[0]}, g[2]), g[1:]...)), nacha.ErrOrder, 2, "entry detail", "outside a batch"},
		{"missing batch control", join(append(append([]string{}, g[:4]...), g[5:]...)), nacha.ErrOrder, 5, "batch header", "batch 1 has no batch control"},
		{"batch control alone", join(append([]string{g[0]}, g[4:]...)), nacha.ErrOrder, 2, "batch control", "without its batch header"},
		{"empty batch", join(append(append([]string{}, g[:2]...), g[4:]...)), nacha.ErrEmpty, 3, "batch control", "batch 1 has no entries"},
		{"no batches", join([]string{g[0], g[9]}), nacha.ErrEmpty, 2, "file control", "no batches"},
		{"no file control", join(g[:9]), nacha.ErrOrder, 10, "file control", "ends without its file control"},
		{"addenda record", join(append(append([]string{}, g[:3]...), append([]string{"7" + g[2][1:]}, g[3:]...)...)), nacha.ErrUnsupported, 4, "addenda", "addenda records"},
		{"addenda indicator", join(set(g, 3, 79, "1")), nacha.ErrUnsupported, 3, "entry detail", "addenda record indicator"},
		{"debit entry", join(set(g, 3, 2, "27")), nacha.ErrUnsupported, 3, "entry detail", "only live credits"},
		{"prenote", join(set(g, 3, 2, "23")), nacha.ErrUnsupported, 3, "entry detail", "transaction code"},
		{"mixed batch", join(set(g, 2, 2, "200")), nacha.ErrUnsupported, 2, "batch header", "service class code"},
		{"WEB batch", join(set(g, 2, 51, "WEB")), nacha.ErrUnsupported, 2, "batch header", "only PPD and CCD"},
		{"debit total", join(set(g, 5, 21, "000000000001")), nacha.ErrUnsupported, 5, "batch control", "credits only"},
		{"entry hash", join(set(g, 5, 11, "0004200005")), nacha.ErrControl, 5, "batch control", "entry hash: control totals do not match: 0004200005, but the records add up to 0004200004"},
		{"batch entry count", join(set(g, 5, 5, "000003")), nacha.ErrControl, 5, "batch control", "entry/addenda count"},
		{"batch credit total", join(set(g, 5, 33, "000000000078")), nacha.ErrControl, 5, "batch control", "total credit entry dollar amount"},
		{"batch control company", join(set(g, 5, 45, "9")), nacha.ErrField, 5, "batch control", "company identification"},
		{"batch control number", join(set(g, 5, 94, "2")), nacha.ErrField, 5, "batch control", "batch number"},
		{"file batch count", join(set(g, 10, 2, "000003")), nacha.ErrControl, 10, "file control", "batch count"},
		{"file block count", join(set(g, 10, 8, "000002")), nacha.ErrControl, 10, "file control", "block count"},
		{"file entry count", join(set(g, 10, 14, "00000005")), nacha.ErrControl, 10, "file control", "entry/addenda count"},
		{"file entry hash", join(set(g, 10, 22, "0028400053")), nacha.ErrControl, 10, "file control", "entry hash"},
		{"file credit total", join(set(g, 10, 44, "000000000176")), nacha.ErrControl, 10, "file control", "total credit"},
		{"file reserved", join(set(g, 10, 94, "X")), nacha.ErrField, 10, "file control", "reserved"},
		{"RDFI checksum", join(set(g, 7, 12, "9")), routing.ErrChecksum, 7, "entry detail", "receiving DFI identification"},
		{"account with letters", join(set(g, 3, 13, "00012345678X")), nacha.ErrField, 3, "entry detail", "DFI account number"},
		{"zero amount", join(set(g, 3, 30, "0000000000")), nacha.ErrField, 3, "entry detail", "amount"},
		{"amount not digits", join(set(g, 3, 30, "00000000 1")), nacha.ErrField, 3, "entry detail", "amount"},
		{"no receiver name", join(set(g, 3, 55, strings.Repeat(" ", 22))), nacha.ErrField, 3, "entry detail", "receiver name: invalid field: required"},
		{"trace of another ODFI", join(set(g, 3, 80, "02100002")), nacha.ErrField, 3, "entry detail", "does not start with the batch's ODFI"},
		{"trace not ascending", join(set(g, 4, 80, "011000010000040")), nacha.ErrOrder, 4, "entry detail", "trace numbers ascend"},
		{"batch numbers not ascending", join(set(g, 6, 88, "0000001")), nacha.ErrOrder, 6, "batch header", "1 does not follow batch 1"},
		{"bad effective date", join(set(g, 2, 70, "251399")), nacha.ErrField, 2, "batch header", "effective entry date"},
		{"settlement date letters", join(set(g, 2, 76, "ABC")), nacha.ErrField, 2, "batch header", "settlement date"},
		{"settlement day 367", join(set(g, 2, 76, "367")), nacha.ErrField, 2, "batch header", "Julian day 001–366"},
		{"originator status", join(set(g, 2, 79, "2")), nacha.ErrField, 2, "batch header", "originator status code"},
		{"bad ODFI prefix", join(set(set(set(g, 2, 80, "99"), 3, 80, "99"), 4, 80, "99")), nacha.ErrField, 2, "batch header", "originating DFI identification"},
		{"destination without blank", join(set(g, 1, 4, "0")), nacha.ErrField, 1, "file header", "want a blank"},
		{"destination checksum", join(set(g, 1, 13, "6")), routing.ErrChecksum, 1, "file header", "immediate destination"},
		{"creation time", join(set(g, 1, 30, "2561")), nacha.ErrField, 1, "file header", "file creation date and time"},
		{"record size", join(set(g, 1, 35, "095")), nacha.ErrField, 1, "file header", "record size"},
		{"blocking factor", join(set(g, 1, 38, "20")), nacha.ErrField, 1, "file header", "blocking factor"},
		{"file ID modifier", join(set(g, 1, 34, "b")), nacha.ErrField, 1, "file header", "file ID modifier"},
		{"missing filler", join(short[:8]), nacha.ErrRecord, 9, "filler", "2 filler records missing"},
		{"extra filler", join(append(append([]string{}, g...), nines)), nacha.ErrRecord, 11, "filler", "beyond the last block"},
		{"garbage after the file", join(append(append([]string{}, short[:9]...), g[0])), nacha.ErrOrder, 10, "filler", "only filler records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := nacha.Parse(strings.NewReader(tt.input))
			require.Error(t, err)
			require.ErrorIs(t, err, tt.kind, "%v", err)
			var le *nacha.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, tt.line, le.Line, "%v", err)
			assert.Equal(t, tt.record, le.Record, "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, err.Error(), "0001234567", "errors never quote an account number")
		})
	}
}

// failingReader returns an I/O error after the file header.
type failingReader struct{ r *strings.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	if f.r.Len() == 0 {
		return 0, os.ErrDeadlineExceeded
	}
	return f.r.Read(p[:min(len(p), f.r.Len())])
}

func TestParseReadError(t *testing.T) {
	t.Parallel()
	g := golden(t)
	_, err := nacha.Parse(failingReader{strings.NewReader(g[0] + "\n")})
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Contains(t, err.Error(), "read ACH file, line 2")
}

// TestParseSettlementDate reads back a file the ACH operator has stamped.
func TestParseSettlementDate(t *testing.T) {
	t.Parallel()
	g := set(golden(t), 2, 76, "076")
	f, err := nacha.Parse(strings.NewReader(join(g)))
	require.NoError(t, err)
	assert.Equal(t, "076", f.Batches[0].Header.SettlementDate)
	b, err := nacha.Encode(f)
	require.NoError(t, err)
	assert.Equal(t, join(g), string(b))
}
