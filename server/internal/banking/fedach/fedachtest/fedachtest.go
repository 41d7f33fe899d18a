// Package fedachtest builds FedACH directory records for tests, so they need no copy of
// the Federal Reserve's file to exercise the parser, the import and the lookup.
package fedachtest

import (
	"fmt"
	"strings"
)

// Record is one directory line to build; zero fields take plausible defaults.
type Record struct {
	RoutingNumber    string
	Type             byte // '0', '1' (default) or '2'
	NewRoutingNumber string
	Name             string
	City             string
	State            string
	ChangeDate       string // MMDDYY; default 010224
}

// Line renders the record as a 155-character directory line, without a line ending.
func (r Record) Line() string {
	typ, newRTN, city, state, date := r.Type, r.NewRoutingNumber, r.City, r.State, r.ChangeDate
	if typ == 0 {
		typ = '1'
	}
	if newRTN == "" {
		newRTN = "000000000"
	}
	if city == "" {
		city = "BOSTON"
	}
	if state == "" {
		state = "MA"
	}
	if date == "" {
		date = "010224"
	}
	s := fmt.Sprintf("%-9s%s%-9s%c%-6s%-9s%-36.36s%-36.36s%-20.20s%-2.2s%05d%04d%-10s%s%s%5s",
		r.RoutingNumber, "O", "011000015", typ, date, newRTN, r.Name, "1 MAIN STREET", city, state,
		2110, 0, "6175551234", "1", "1", "")
	if len(s) != 155 {
		panic(fmt.Sprintf("fedachtest: built a %d-character line", len(s)))
	}
	return s
}

// File renders records as a directory file with CRLF line endings, as the Fed ships it.
func File(records ...Record) string {
	var b strings.Builder
	for _, r := range records {
		b.WriteString(r.Line())
		b.WriteString("\r\n")
	}
	return b.String()
}
