package invitecsv_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/invitecsv"
)

// FuzzParse checks Parse's promises on any input: it never panics, every line it reports
// is a line of the file, no line is both accepted and refused, accepted rows are valid and
// unique, and any error is a FileError with a known code (the callback never fails here).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"email,supplier_name\nana@example.com,Acme\n",
		"\xEF\xBB\xBFEmail , SUPPLIER_NAME,x\r\nANA@example.com,\"Acme, Ltd\"\r\n,\r\n",
		"email,supplier_name\nana@example.com,\"Acme\nLtd\"\nana@example.com,Acme\nbad,\n",
		"email,supplier_name\na\"b,c\n\"x\ny,z\n",
		"email;supplier_name\na;b\n",
		"\xFF\xFEe\x00",
		"email,supplier_name\nsoci\xe9t\xe9@x.com,y\n",
		"",
	} {
		f.Add([]byte(s))
	}
	known := map[string]bool{
		invitecsv.CodeMissingColumn: true, invitecsv.CodeTooLarge: true, invitecsv.CodeTooManyRows: true,
		invitecsv.CodeEncoding: true, invitecsv.CodeMalformed: true,
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		inFile := func(l int) bool { return l >= 1 && l <= lines }
		accepted := map[int]bool{}
		emails := map[string]bool{}
		opts := invitecsv.Options{MaxBytes: 4096, MaxRows: 20}
		sum, err := invitecsv.Parse(t.Context(), bytes.NewReader(data), opts, func(r invitecsv.Row) error {
			if !inFile(r.Line) {
				t.Fatalf("row on line %d of a %d-line file", r.Line, lines)
			}
			if accepted[r.Line] {
				t.Fatalf("two rows on line %d", r.Line)
			}
			accepted[r.Line] = true
			if r.Email == "" || r.Email != strings.ToLower(r.Email) || emails[r.Email] {
				t.Fatalf("bad or repeated e-mail %q on line %d", r.Email, r.Line)
			}
			emails[r.Email] = true
			if r.SupplierName == "" || !utf8.ValidString(r.SupplierName) || utf8.RuneCountInString(r.SupplierName) > invitecsv.MaxNameLen {
				t.Fatalf("bad name %q on line %d", r.SupplierName, r.Line)
			}
			return nil
		})
		if err != nil {
			var fe *invitecsv.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a FileError: %v", err)
			}
			if !known[fe.Code] || fe.Message == "" {
				t.Fatalf("FileError code %q message %q", fe.Code, fe.Message)
			}
			if fe.Line != 0 && !inFile(fe.Line) {
				t.Fatalf("file error on line %d of a %d-line file", fe.Line, lines)
			}
		}
		if sum.Accepted != len(accepted) || sum.Rows > opts.MaxRows {
			t.Fatalf("summary %d accepted, %d rows; saw %d", sum.Accepted, sum.Rows, len(accepted))
		}
		for _, e := range sum.Errors {
			if !inFile(e.Line) {
				t.Fatalf("row error on line %d of a %d-line file", e.Line, lines)
			}
			if accepted[e.Line] {
				t.Fatalf("line %d both accepted and refused: %s", e.Line, e)
			}
			if e.Message == "" {
				t.Fatalf("empty message on line %d", e.Line)
			}
		}
	})
}
