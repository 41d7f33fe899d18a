package nacha

import (
	"time"

	"github.com/vouchhq/vouch/shared/routing"
)

// Limits of the numeric fields, from their widths.
const (
	maxAmount      = 9_999_999_999   // entry amount, 10 digits
	maxTotal       = 999_999_999_999 // batch and file totals, 12 digits
	maxBatchNumber = 9_999_999       // 7 digits
	maxSequence    = 9_999_999       // the trace number's 7-digit sequence
	hashModulus    = 10_000_000_000  // the entry hash keeps its last 10 digits
	minAccountLen  = 4
)

// Record names, as errors say them.
const (
	recFileHeader   = "file header"
	recBatchHeader  = "batch header"
	recEntry        = "entry detail"
	recBatchControl = "batch control"
	recFileControl  = "file control"
	recFiller       = "filler"
)

// checkText checks a left-justified alphanumeric field: it fits, it is in the ACH
// character set and, when required, it is not blank.
func checkText(c col, s string, required bool) *fieldErr {
	switch {
	case len(s) > c.width:
		return invalid(c, "%q is longer than %d characters", s, c.width)
	case !printable(s):
		return invalid(c, "%q has characters outside the ACH character set", s)
	case required && isBlank(s):
		return invalid(c, "required")
	}
	return nil
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			return false
		}
	}
	return true
}

// checkRouting checks a full routing number with shared/routing.
func checkRouting(c col, rtn string) *fieldErr {
	if err := routing.Validate(rtn); err != nil {
		return invalid(c, "%q: %w", rtn, err)
	}
	return nil
}

func checkFileHeader(h FileHeader) *fieldErr {
	if fe := checkRouting(fhDestination, h.Destination); fe != nil {
		return fe
	}
	switch {
	case len(h.Origin) == routing.Length:
		if fe := checkRouting(fhOrigin, h.Origin); fe != nil {
			return fe
		}
	case len(h.Origin) == fhOrigin.width && printable(h.Origin) && h.Origin[0] != ' ':
	default:
		return invalid(fhOrigin, "%q is neither a 9-digit routing number nor 10 characters", h.Origin)
	}
	if h.CreatedAt.IsZero() {
		return invalid(fhDate, "missing")
	}
	if m := h.IDModifier; (m < 'A' || m > 'Z') && (m < '0' || m > '9') {
		return invalid(fhIDModifier, "%q is not A–Z or 0–9", string(m))
	}
	for _, f := range []struct {
		c col
		s string
	}{{fhDestinationName, h.DestinationName}, {fhOriginName, h.OriginName}, {fhReferenceCode, h.ReferenceCode}} {
		if fe := checkText(f.c, f.s, false); fe != nil {
			return fe
		}
	}
	return nil
}

func checkBatchHeader(h BatchHeader) *fieldErr {
	for _, f := range []struct {
		c        col
		s        string
		required bool
	}{
		{bhCompanyName, h.CompanyName, true},
		{bhDiscretionary, h.DiscretionaryData, false},
		{bhCompanyID, h.CompanyID, true},
	} {
		if fe := checkText(f.c, f.s, f.required); fe != nil {
			return fe
		}
	}
	if h.SEC != PPD && h.SEC != CCD {
		return kindErr(ErrUnsupported, bhSEC.name, "%q: only PPD and CCD batches are written", string(h.SEC))
	}
	if fe := checkText(bhDescription, h.EntryDescription, true); fe != nil {
		return fe
	}
	if fe := checkText(bhDescriptiveDate, h.DescriptiveDate, false); fe != nil {
		return fe
	}
	if h.EffectiveDate.IsZero() {
		return invalid(bhEffectiveDate, "missing")
	}
	if s := h.SettlementDate; s != "" && (len(s) != bhSettlementDate.width || !isDigits(s) || s == "000" || s > "366") {
		return invalid(bhSettlementDate, "%q is neither blank nor a Julian day 001–366", s)
	}
	if len(h.ODFI) != bhODFI.width || !isDigits(h.ODFI) || !routing.ValidPrefix(h.ODFI[:2]) {
		return invalid(bhODFI, "%q is not the first 8 digits of a routing number", h.ODFI)
	}
	if h.Number < 1 || h.Number > maxBatchNumber {
		return invalid(bhBatchNumber, "%d is not between 1 and %d", h.Number, maxBatchNumber)
	}
	return nil
}

func checkEntry(e Entry, h BatchHeader) *fieldErr {
	if e.TransactionCode != CheckingCredit && e.TransactionCode != SavingsCredit {
		return kindErr(ErrUnsupported, edTransactionCode.name,
			"%d: only live credits are written (22 checking, 32 savings)", e.TransactionCode)
	}
	if fe := checkRouting(edRDFI, e.RoutingNumber); fe != nil {
		return fe
	}
	if n := len(e.Account); n < minAccountLen || n > edAccount.width || !isDigits(e.Account) {
		return invalid(edAccount, "not %d to %d digits", minAccountLen, edAccount.width)
	}
	if e.Amount < 1 || e.Amount > maxAmount {
		return invalid(edAmount, "%d cents is not between 1 and %d", e.Amount, int64(maxAmount))
	}
	if fe := checkText(edIndividualID, e.IndividualID, false); fe != nil {
		return fe
	}
	if fe := checkText(edName, e.Name, true); fe != nil {
		return fe
	}
	if fe := checkText(edDiscretionary, e.DiscretionaryData, false); fe != nil {
		return fe
	}
	if len(e.TraceNumber) != edTrace.width || !isDigits(e.TraceNumber) {
		return invalid(edTrace, "%q is not %d digits", e.TraceNumber, edTrace.width)
	}
	if e.TraceNumber[:len(h.ODFI)] != h.ODFI {
		return invalid(edTrace, "%s does not start with the batch's ODFI %s", e.TraceNumber, h.ODFI)
	}
	return nil
}

// sums accumulates the control figures of a batch or a file.
type sums struct {
	entries int
	hash    int64
	credit  int64
}

// add counts one entry; the caller has checked it.
func (s *sums) add(e Entry) *fieldErr {
	if s.entries++; s.entries > 999_999 {
		return kindErr(ErrTooLarge, bcCount.name, "more than 999,999 entries in a batch")
	}
	rdfi := int64(0)
	for i := range edRDFI.width {
		rdfi = rdfi*10 + int64(e.RoutingNumber[i]-'0')
	}
	s.hash = (s.hash + rdfi) % hashModulus
	if s.credit += e.Amount; s.credit > maxTotal {
		return kindErr(ErrTooLarge, bcCredit.name, "the credits exceed %d cents", int64(maxTotal))
	}
	return nil
}

// merge adds a batch's figures to a file's.
func (s *sums) merge(b sums) *fieldErr {
	s.entries += b.entries
	s.hash = (s.hash + b.hash) % hashModulus
	s.credit += b.credit
	switch {
	case s.entries > 99_999_999:
		return kindErr(ErrTooLarge, fcCount.name, "more than 99,999,999 entries in a file")
	case s.credit > maxTotal:
		return kindErr(ErrTooLarge, fcCredit.name, "the credits exceed %d cents", int64(maxTotal))
	}
	return nil
}

// blocks is the number of blocks of records lines fill.
func blocks(lines int) int { return (lines + BlockingFactor - 1) / BlockingFactor }

// dateOnly is t's calendar date at UTC midnight, as a date field reads back.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
