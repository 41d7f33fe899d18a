package fedach

import (
	"bytes"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/shared/routing"
)

// Column ranges of a record, 0-based and half-open, from the Federal Reserve's
// "FedACH Participant RDFI File Format" (see docs/decisions/0022-routing-directory.md).
var (
	colRouting    = [2]int{0, 9}
	colOffice     = [2]int{9, 10}
	colServicing  = [2]int{10, 19}
	colType       = [2]int{19, 20}
	colChangeDate = [2]int{20, 26}
	colNewRouting = [2]int{26, 35}
	colName       = [2]int{35, 71}
	colAddress    = [2]int{71, 107}
	colCity       = [2]int{107, 127}
	colState      = [2]int{127, 129}
	colZIP        = [2]int{129, 134}
	colZIP4       = [2]int{134, 138}
	colPhone      = [2]int{138, 148}
	colStatus     = [2]int{148, 149}
	colView       = [2]int{149, 150}
)

// parseRecord reads one line (line ending removed); the returned error's Line is left
// for the caller to fill.
func parseRecord(b []byte) (Participant, *LineError) {
	bad := func(field, format string, args ...any) (Participant, *LineError) {
		return Participant{}, &LineError{Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrRecord}, args...)...)}
	}
	if len(b) < minRecordLength || len(b) > RecordLength {
		return bad("", "%d characters, want %d (truncated or not a FedACH directory)", len(b), RecordLength)
	}
	for i, c := range b {
		if c < ' ' || c > '~' {
			return bad("", "byte 0x%02x at column %d is not printable ASCII", c, i+1)
		}
	}
	if !blank(b[min(len(b), colView[1]):]) {
		return bad("filler", "columns 151–155 must be blank")
	}
	field := func(c [2]int) string { return string(bytes.TrimSpace(b[c[0]:c[1]])) }

	var p Participant
	p.RoutingNumber = string(b[colRouting[0]:colRouting[1]])
	if err := routing.Validate(p.RoutingNumber); err != nil {
		return bad("routing number", "%q: %v", p.RoutingNumber, err)
	}
	p.OfficeCode = string(b[colOffice[0]])
	if p.OfficeCode != "O" && p.OfficeCode != "B" {
		return bad("office code", "%q, want O (main office) or B (branch)", p.OfficeCode)
	}
	p.ServicingFRB = string(b[colServicing[0]:colServicing[1]])
	if !digits(p.ServicingFRB) {
		return bad("servicing FRB number", "%q is not nine digits", p.ServicingFRB)
	}
	p.RecordType = RecordType(b[colType[0]])
	switch p.RecordType {
	case FederalReserveBank, SendToCustomer, SendToNewRouting:
	default:
		return bad("record type code", "%q, want 0, 1 or 2", string(p.RecordType))
	}
	d := string(b[colChangeDate[0]:colChangeDate[1]])
	t, err := time.Parse("010206", d)
	if err != nil || !digits(d) {
		return bad("change date", "%q is not a date in MMDDYY form", d)
	}
	p.ChangeDate = t
	nr := string(b[colNewRouting[0]:colNewRouting[1]])
	switch {
	case p.RecordType == SendToNewRouting:
		if err := routing.Validate(nr); err != nil || nr == p.RoutingNumber {
			return bad("new routing number", "%q is not a valid replacement for %s", nr, p.RoutingNumber)
		}
		p.NewRoutingNumber = nr
	case nr != "000000000":
		return bad("new routing number", "%q must be 000000000 unless the record type is 2", nr)
	}
	if p.Name = field(colName); p.Name == "" {
		return bad("customer name", "blank")
	}
	p.Address, p.City = field(colAddress), field(colCity)
	if p.State = field(colState); p.State != "" && !letters(p.State, 2) {
		return bad("state code", "%q is not two letters", p.State)
	}
	zip, zip4 := string(b[colZIP[0]:colZIP[1]]), string(b[colZIP4[0]:colZIP4[1]])
	if !digits(zip) || !digits(zip4) {
		return bad("zip code", "%q-%q is not digits", zip, zip4)
	}
	p.ZIP = zip
	if zip4 != "0000" {
		p.ZIP += "-" + zip4
	}
	if p.Phone = field(colPhone); p.Phone != "" && (len(p.Phone) != 10 || !digits(p.Phone)) {
		return bad("telephone number", "%q is not ten digits", p.Phone)
	}
	if p.StatusCode = string(b[colStatus[0]]); !digits(p.StatusCode) {
		return bad("institution status code", "%q is not a digit", p.StatusCode)
	}
	if p.ViewCode = string(b[colView[0]]); !digits(p.ViewCode) {
		return bad("data view code", "%q is not a digit", p.ViewCode)
	}
	return p, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func letters(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func blank(b []byte) bool { return len(bytes.TrimLeft(b, " ")) == 0 }
