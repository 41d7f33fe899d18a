package invitecsv

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// columns holds the record index of each required column.
type columns struct {
	email, name int
}

// readHeader finds the required columns in the header record, matching names without
// regard to case or surrounding space. line is the header's line, for errors.
func readHeader(rec []string, line int) (columns, error) {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return columns{}, fileErr(CodeEncoding, line, "The header row is not UTF-8 text. Save the file as \"CSV UTF-8 (comma delimited)\" and upload it again.", nil)
		}
	}
	cols := columns{email: -1, name: -1}
	for i, f := range rec {
		var at *int
		switch strings.ToLower(strings.TrimSpace(f)) {
		case FieldEmail:
			at = &cols.email
		case FieldSupplierName:
			at = &cols.name
		default:
			continue // other columns are the customer's own and are ignored
		}
		if *at >= 0 {
			// Two email columns leave no way to tell which one the admin meant.
			return columns{}, fileErr(CodeMissingColumn, line,
				fmt.Sprintf("The header row names the column %s twice; keep one.", strings.ToLower(strings.TrimSpace(f))), nil)
		}
		*at = i
	}
	var missing []string
	if cols.email < 0 {
		missing = append(missing, FieldEmail)
	}
	if cols.name < 0 {
		missing = append(missing, FieldSupplierName)
	}
	if len(missing) == 0 {
		return cols, nil
	}
	msg := fmt.Sprintf("The header row has no %s column. The first row must name the columns, including email and supplier_name.",
		strings.Join(missing, " or "))
	if joined := strings.Join(rec, ","); strings.ContainsAny(joined, ";\t") {
		// Excel in many locales saves "CSV" with semicolons; guessing the separator would
		// make a name containing ';' split differently from file to file.
		msg = fmt.Sprintf("The header row has no %s column. The columns seem to be separated by semicolons or tabs; save the file as \"CSV UTF-8 (comma delimited)\".",
			strings.Join(missing, " or "))
	}
	return columns{}, fileErr(CodeMissingColumn, line, msg, nil)
}
