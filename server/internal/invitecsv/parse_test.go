package invitecsv_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/invitecsv"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// parse runs Parse over input and collects the accepted rows.
func parse(t testing.TB, input string, opts invitecsv.Options) ([]invitecsv.Row, invitecsv.Summary, error) {
	t.Helper()
	var rows []invitecsv.Row
	sum, err := invitecsv.Parse(context.Background(), strings.NewReader(input), opts, func(r invitecsv.Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, sum, err
}

type rowErr = invitecsv.RowError

func TestParseRows(t *testing.T) {
	t.Parallel()
	const hdr = "email,supplier_name\n"
	long := strings.Repeat("é", 200)
	tests := []struct {
		name   string
		input  string
		rows   []invitecsv.Row
		errors []rowErr
	}{
		{"one row", hdr + "ana@example.com,Acme Ltd\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme Ltd"}}, nil},
		{"no final newline", hdr + "ana@example.com,Acme Ltd",
			[]invitecsv.Row{{2, "ana@example.com", "Acme Ltd"}}, nil},
		{"header names any case, spaced, reordered, extra columns ignored",
			"notes, Supplier_Name ,  EMAIL\t,id\nfirst,Acme,ana@example.com,7\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme"}}, nil},
		{"utf-8 bom skipped", "\xEF\xBB\xBF" + hdr + "ana@example.com,Acme\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme"}}, nil},
		{"crlf", "email,supplier_name\r\nana@example.com,Acme\r\nbo@example.com,Bolt\r\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme"}, {3, "bo@example.com", "Bolt"}}, nil},
		{"quoted name with comma and quotes", hdr + `ana@example.com,"Acme, ""The"" Ltd"` + "\n",
			[]invitecsv.Row{{2, "ana@example.com", `Acme, "The" Ltd`}}, nil},
		{"e-mail lowercased, cells trimmed", hdr + "  Ana.Lopez@Example.COM ,  Acme  \n",
			[]invitecsv.Row{{2, "ana.lopez@example.com", "Acme"}}, nil},
		{"blank lines and empty rows skipped", "\n" + hdr + "\n,\n , \nana@example.com,Acme\n,,\n",
			[]invitecsv.Row{{6, "ana@example.com", "Acme"}}, nil},
		{"non-ascii name of 200 characters", hdr + "ana@example.com," + long + "\n",
			[]invitecsv.Row{{2, "ana@example.com", long}}, nil},
		{"plus and subdomain addresses", hdr + "ap+invoices@mail.example.co.uk,Acme\n",
			[]invitecsv.Row{{2, "ap+invoices@mail.example.co.uk", "Acme"}}, nil},
		{"header only", hdr, nil, nil},

		{"missing supplier name", hdr + "ana@example.com,\nbo@example.com\n", nil,
			[]rowErr{{2, "supplier_name", "is missing"}, {3, "supplier_name", "is missing"}}},
		{"missing e-mail", hdr + ",Acme\n", nil, []rowErr{{2, "email", "is missing"}}},
		{"name too long", hdr + "ana@example.com," + long + "x\n", nil,
			[]rowErr{{2, "supplier_name", "is longer than 200 characters"}}},
		{"name over two lines", hdr + "ana@example.com,\"Acme\nLtd\"\nbo@example.com,Bolt\n",
			[]invitecsv.Row{{4, "bo@example.com", "Bolt"}},
			[]rowErr{{2, "supplier_name", "contains control characters"}}},
		{"bad e-mails", hdr +
			"ana,A\nana@,A\n@example.com,A\nAna <ana@example.com>,A\n<ana@example.com>,A\n" +
			"\"ana@example.com, bo@example.com\",A\nana@localhost,A\nana@[10.0.0.1],A\n" +
			"ana@example.com (Ana),A\nana lopez@example.com,A\n\"\"\"ana\"\"@example.com\",A\n" +
			strings.Repeat("a", 250) + "@example.com,A\n",
			nil, []rowErr{
				{2, "email", "is not a valid e-mail address"}, {3, "email", "is not a valid e-mail address"},
				{4, "email", "is not a valid e-mail address"}, {5, "email", "is not a valid e-mail address"},
				{6, "email", "is not a valid e-mail address"}, {7, "email", "is not a valid e-mail address"},
				{8, "email", "is not a valid e-mail address"}, {9, "email", "is not a valid e-mail address"},
				{10, "email", "is not a valid e-mail address"}, {11, "email", "is not a valid e-mail address"},
				{12, "email", "is not a valid e-mail address"}, {13, "email", "is not a valid e-mail address"},
			}},
		{"both cells bad: two errors for one row", hdr + "nope,\n", nil,
			[]rowErr{{2, "email", "is not a valid e-mail address"}, {2, "supplier_name", "is missing"}}},
		{"duplicate e-mail, any case", hdr + "ana@example.com,Acme\nbo@example.com,Bolt\nANA@example.com,Acme 2\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme"}, {3, "bo@example.com", "Bolt"}},
			[]rowErr{{4, "email", "duplicates line 2"}}},
		{"a refused first occurrence does not make the next a duplicate", hdr + "ana@example.com,\nana@example.com,Acme\n",
			[]invitecsv.Row{{3, "ana@example.com", "Acme"}},
			[]rowErr{{2, "supplier_name", "is missing"}}},
		{"invalid utf-8 in the name", hdr + "ana@example.com,Soci\xe9t\xe9 G\xe9n\xe9rale\nbo@example.com,Bolt\n",
			[]invitecsv.Row{{3, "bo@example.com", "Bolt"}},
			[]rowErr{{2, "supplier_name", "is not UTF-8 text"}}},
		{"invalid utf-8 in the e-mail", hdr + "an\xe9@example.com,Acme\n", nil,
			[]rowErr{{2, "email", "is not UTF-8 text"}}},
		{"invalid utf-8 in an ignored column", "email,supplier_name,notes\nana@example.com,Acme,caf\xe9\n", nil,
			[]rowErr{{2, "", "is not UTF-8 text"}}},
		{"stray quote costs one row", hdr + "ana@example.com,Acme \"Best\" Ltd\nbo@example.com,Bolt\n",
			[]invitecsv.Row{{3, "bo@example.com", "Bolt"}},
			[]rowErr{{2, "", `is not valid CSV: a " appears inside a cell that does not start with a quote`}}},
		{"a multi-line cell keeps later line numbers right", hdr + "\"ana@example.com\",\"Acme\"\n\"x\",\"a\nb\nc\"\nbo@example.com,Bolt\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme"}, {6, "bo@example.com", "Bolt"}},
			[]rowErr{{3, "email", "is not a valid e-mail address"}, {3, "supplier_name", "contains control characters"}}},
		{"semicolons inside a name are text", hdr + "ana@example.com,Acme; Bolt\n",
			[]invitecsv.Row{{2, "ana@example.com", "Acme; Bolt"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, sum, err := parse(t, tt.input, invitecsv.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.rows, rows)
			assert.Equal(t, tt.errors, sum.Errors)
			assert.Equal(t, len(tt.rows), sum.Accepted)
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		input    string
		opts     invitecsv.Options
		code     string
		line     int
		contains string
	}{
		{"empty", "", invitecsv.Options{}, invitecsv.CodeMalformed, 0, "empty"},
		{"blank lines only", "\n\r\n\n", invitecsv.Options{}, invitecsv.CodeMalformed, 0, "empty"},
		{"bom only", "\xEF\xBB\xBF", invitecsv.Options{}, invitecsv.CodeMalformed, 0, "empty"},
		{"no supplier_name column", "email,name\nana@example.com,Acme\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "no supplier_name column"},
		{"no email column", "e-mail,supplier_name\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "no email column"},
		{"no header at all", "ana@example.com,Acme\nbo@example.com,Bolt\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "no email or supplier_name column"},
		{"header after blank lines", "\n\nemail\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 3, "supplier_name"},
		{"semicolon separated", "email;supplier_name\nana@example.com;Acme\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "semicolons"},
		{"tab separated", "email\tsupplier_name\n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "semicolons or tabs"},
		{"column twice", "email,supplier_name, Email \n", invitecsv.Options{}, invitecsv.CodeMissingColumn, 1, "email twice"},
		{"utf-16le bom", "\xFF\xFEe\x00m\x00", invitecsv.Options{}, invitecsv.CodeEncoding, 0, "UTF-16"},
		{"utf-16be bom", "\xFE\xFF\x00e\x00m", invitecsv.Options{}, invitecsv.CodeEncoding, 0, "UTF-16"},
		{"utf-16le without bom", utf16le("email,supplier_name\r\nana@example.com,Acme\r\n"), invitecsv.Options{}, invitecsv.CodeEncoding, 0, "CSV UTF-8"},
		{"latin-1 header", "email,soci\xe9t\xe9\n", invitecsv.Options{}, invitecsv.CodeEncoding, 1, "not UTF-8"},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", invitecsv.Options{}, invitecsv.CodeMalformed, 0, "not a CSV text file"},
		{"zip (xlsx)", "PK\x03\x04\x14\x00\x06\x00\x08\x00", invitecsv.Options{}, invitecsv.CodeMalformed, 0, "not a CSV text file"},
		{"broken header quoting", "\"email,supplier_name\nana@example.com,Acme\n", invitecsv.Options{}, invitecsv.CodeMalformed, 1, "not valid CSV"},
		{"quoted cell swallowing lines", "email,supplier_name\nana@example.com,\"Acme\nbo@example.com,Bolt\ncy@example.com,Cyan\"x\n",
			invitecsv.Options{}, invitecsv.CodeMalformed, 2, "Line 2 opens a quoted cell that is not closed properly before line 4"},
		{"too many rows", "email,supplier_name\na@example.com,A\nb@example.com,B\nc@example.com,C\nd@example.com,D\n",
			invitecsv.Options{MaxRows: 3}, invitecsv.CodeTooManyRows, 5, "more than 3 rows"},
		{"too many rows counts refused rows too", "email,supplier_name\nx,\ny,\nz,\nw,\n",
			invitecsv.Options{MaxRows: 3}, invitecsv.CodeTooManyRows, 5, "more than 3 rows"},
		{"too large", "email,supplier_name\n" + strings.Repeat("ana@example.com,Acme\n", 10),
			invitecsv.Options{MaxBytes: 100}, invitecsv.CodeTooLarge, 0, "larger than 100 bytes"},
		{"too large inside the header", strings.Repeat("x", 2000), invitecsv.Options{MaxBytes: 1000}, invitecsv.CodeTooLarge, 0, "larger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := parse(t, tt.input, tt.opts)
			var fe *invitecsv.FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.code, fe.Code)
			assert.Equal(t, tt.line, fe.Line)
			assert.Contains(t, fe.Message, tt.contains)

			// The HTTP edge sees a 422 with the code and the message as detail.
			assert.ErrorIs(t, err, errs.ErrInvalid)
			var coded *errs.Coded
			require.ErrorAs(t, err, &coded)
			assert.Equal(t, tt.code, coded.Code)
			assert.Equal(t, fe.Message, coded.Detail)
		})
	}
}

func TestParseByteLimitIsInclusive(t *testing.T) {
	t.Parallel()
	in := "email,supplier_name\nana@example.com,Acme\n"
	_, sum, err := parse(t, in, invitecsv.Options{MaxBytes: int64(len(in))})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Accepted)
	_, _, err = parse(t, in, invitecsv.Options{MaxBytes: int64(len(in) - 1)})
	var fe *invitecsv.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, invitecsv.CodeTooLarge, fe.Code)
}

func TestParseCallbackErrorStops(t *testing.T) {
	t.Parallel()
	stop := errors.New("database is down")
	in := "email,supplier_name\na@example.com,A\nb@example.com,B\nc@example.com,C\n"
	calls := 0
	sum, err := invitecsv.Parse(t.Context(), strings.NewReader(in), invitecsv.Options{}, func(r invitecsv.Row) error {
		calls++
		if r.Line == 3 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Contains(t, err.Error(), "line 3")
	var fe *invitecsv.FileError
	assert.False(t, errors.As(err, &fe), "not the file's fault")
	assert.Equal(t, 2, calls)
	assert.Equal(t, 2, sum.Accepted)
}

func TestParseNilCallbackValidates(t *testing.T) {
	t.Parallel()
	sum, err := invitecsv.Parse(t.Context(), strings.NewReader("email,supplier_name\na@example.com,A\nb,B\n"), invitecsv.Options{}, nil)
	require.NoError(t, err)
	assert.Equal(t, invitecsv.Summary{Rows: 2, Accepted: 1, Errors: []rowErr{{3, "email", "is not a valid e-mail address"}}}, sum)
}

func TestParseCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := invitecsv.Parse(ctx, strings.NewReader("email,supplier_name\na@example.com,A\n"), invitecsv.Options{}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRowErrorString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "line 7: email duplicates line 3", rowErr{7, "email", "duplicates line 3"}.String())
	assert.Equal(t, "line 2: is not UTF-8 text", rowErr{2, "", "is not UTF-8 text"}.String())
}

func TestFileErrorText(t *testing.T) {
	t.Parallel()
	err := &invitecsv.FileError{Code: invitecsv.CodeTooManyRows, Line: 9, Message: "too many", Err: errors.New("cause")}
	assert.Equal(t, "invitecsv: csv_too_many_rows at line 9: too many: cause", err.Error())
	assert.Equal(t, "cause", errors.Unwrap(err).Error())
}

// utf16le encodes ASCII text as UTF-16LE without a BOM.
func utf16le(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return string(b)
}
