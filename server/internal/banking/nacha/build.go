package nacha

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/shared/routing"
)

// AccountType is the kind of account a credit goes to, as the API names it.
type AccountType string

// The account types.
const (
	// Checking is a checking (demand deposit) account.
	Checking AccountType = "checking"
	// Savings is a savings account.
	Savings AccountType = "savings"
)

// MicroDepositDescription is the company entry description the Rules require on
// micro-entries, so receivers and their banks recognise a verification deposit.
const MicroDepositDescription = "ACCTVERIFY"

// MaxMicroDeposit is the largest micro-deposit amount, in cents: the Rules define a
// Micro-Entry as less than one dollar.
const MaxMicroDeposit = 99

// Settings are the values the operator's bank assigns, and the clock and sequence, that
// Build needs besides the credits.
type Settings struct {
	// ODFI is the routing number of the operator's bank; trace numbers start with its
	// first 8 digits.
	ODFI string
	// Destination is the Immediate Destination routing number; "" means ODFI.
	Destination string
	// DestinationName is the bank's name as it wants it in the header.
	DestinationName string
	// Origin is the Immediate Origin the bank assigned (10 characters, or a 9-digit
	// routing number).
	Origin string
	// OriginName is the operator's name in the header.
	OriginName string
	// CompanyName is the originator on receivers' statements: keep it the name a
	// supplier expects to see.
	CompanyName string
	// CompanyID is the originator identification the bank assigned, usually "1" + EIN.
	CompanyID string
	// EntryDescription is shown to receivers; BuildMicroDeposits sets ACCTVERIFY.
	EntryDescription string
	// ReferenceCode is optional free text in the header.
	ReferenceCode string
	// CreatedAt is the creation time, in the bank's time zone (the file has none).
	CreatedAt time.Time
	// EffectiveDate is the day the entries should settle.
	EffectiveDate time.Time
	// IDModifier tells apart files created on one day: 'A'–'Z' or '0'–'9'; 0 means 'A'.
	IDModifier byte
	// FirstTrace is the sequence of the first trace number; 0 means 1. Carry it over
	// between files of one day, so trace numbers stay unique per ODFI.
	FirstTrace int
	// CRLF ends lines with CR LF, for banks that ask for it.
	CRLF bool
}

// Credit is one credit to send: a micro-deposit, or any credit for Build.
type Credit struct {
	RoutingNumber string // 9 digits
	AccountNumber string // 4 to 17 digits
	AccountType   AccountType
	// Business sends the credit in a CCD batch (to a business's account), otherwise in
	// a PPD batch (to a consumer's): the Rules tie the entry class to the receiver.
	Business bool
	// Name is the receiver's name; it is cleaned with CleanName and must keep a letter
	// or digit.
	Name string
	// ID is the originator's reference for the entry, up to 15 printable ASCII
	// characters, written as given (returns quote it back, so it is not rewritten).
	ID     string
	Amount int64 // cents, at least 1
}

// BuildMicroDeposits is Build for micro-deposits: every amount 1 to 99 cents and the
// entry description ACCTVERIFY.
func BuildMicroDeposits(s Settings, credits []Credit) (File, error) {
	s.EntryDescription = MicroDepositDescription
	return build(s, credits, MaxMicroDeposit)
}

// Build validates the settings and credits and assembles a File: one CCD batch for
// the credits to businesses and one PPD batch for those to consumers, in the order of
// their first credit, entries in input order, trace numbers ascending from
// FirstTrace. Every bad credit is reported, each as a *CreditError, joined.
func Build(s Settings, credits []Credit) (File, error) {
	return build(s, credits, maxAmount)
}

// build is Build with a ceiling on each amount.
func build(s Settings, credits []Credit, maxCents int64) (File, error) {
	s, err := s.normalize()
	if err != nil {
		return File{}, err
	}
	if len(credits) == 0 {
		return File{}, fmt.Errorf("build ACH file: %w: no credits", ErrEmpty)
	}
	if last := s.FirstTrace + len(credits) - 1; last > maxSequence {
		return File{}, fmt.Errorf("build ACH file: %w: trace sequence %d passes %d", ErrTooLarge, last, maxSequence)
	}

	entries := make([]Entry, len(credits))
	var errs []error
	for i, c := range credits {
		e, err := c.entry(i, maxCents)
		if err != nil {
			errs = append(errs, err)
		}
		entries[i] = e
	}
	if len(errs) > 0 {
		return File{}, errors.Join(errs...)
	}

	f := File{
		Header: FileHeader{
			Destination:     s.Destination,
			Origin:          s.Origin,
			CreatedAt:       s.CreatedAt,
			IDModifier:      s.IDModifier,
			DestinationName: s.DestinationName,
			OriginName:      s.OriginName,
			ReferenceCode:   s.ReferenceCode,
		},
		CRLF: s.CRLF,
	}
	batchOf := map[SEC]int{}
	for i, c := range credits {
		sec := PPD
		if c.Business {
			sec = CCD
		}
		k, ok := batchOf[sec]
		if !ok {
			k = len(f.Batches)
			batchOf[sec] = k
			f.Batches = append(f.Batches, Batch{Header: BatchHeader{
				CompanyName:      s.CompanyName,
				CompanyID:        s.CompanyID,
				SEC:              sec,
				EntryDescription: s.EntryDescription,
				EffectiveDate:    s.EffectiveDate,
				ODFI:             s.ODFI[:bhODFI.width],
				Number:           k + 1,
			}})
		}
		f.Batches[k].Entries = append(f.Batches[k].Entries, entries[i])
	}
	seq := s.FirstTrace
	for k := range f.Batches {
		for j := range f.Batches[k].Entries {
			f.Batches[k].Entries[j].TraceNumber = fmt.Sprintf("%s%07d", s.ODFI[:bhODFI.width], seq)
			seq++
		}
	}
	// Encode checks what Build cannot see field by field: lengths of the settings'
	// identifiers, totals, counts.
	if _, err := Encode(f); err != nil {
		return File{}, fmt.Errorf("build ACH file: %w", err)
	}
	return f, nil
}

// normalize fills the defaults, cleans the names, and checks what Encode would only
// report as a line of the file.
func (s Settings) normalize() (Settings, error) {
	bad := func(field, format string, args ...any) (Settings, error) {
		return Settings{}, fmt.Errorf("ACH settings: %s: %w: "+format, append([]any{field, ErrField}, args...)...)
	}
	if err := routing.Validate(s.ODFI); err != nil {
		return bad("ODFI", "%q: %w", s.ODFI, err)
	}
	if s.Destination == "" {
		s.Destination = s.ODFI
	}
	if s.IDModifier == 0 {
		s.IDModifier = 'A'
	}
	if s.FirstTrace == 0 {
		s.FirstTrace = 1
	}
	if s.FirstTrace < 0 {
		return bad("first trace", "%d is negative", s.FirstTrace)
	}
	if s.CreatedAt.IsZero() || s.EffectiveDate.IsZero() {
		return bad("dates", "the creation time and the effective date are required")
	}
	// The file holds wall-clock digits only; keep exactly what Parse will read back.
	c := s.CreatedAt
	s.CreatedAt = time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), 0, 0, time.UTC)
	s.EffectiveDate = dateOnly(s.EffectiveDate)
	s.DestinationName = CleanName(s.DestinationName, fhDestinationName.width)
	s.OriginName = CleanName(s.OriginName, fhOriginName.width)
	s.CompanyName = CleanName(s.CompanyName, bhCompanyName.width)
	s.EntryDescription = CleanName(s.EntryDescription, bhDescription.width)
	s.CompanyID = strings.TrimSpace(s.CompanyID)
	s.ReferenceCode = strings.TrimRight(s.ReferenceCode, " ")
	if s.CompanyName == "" {
		return bad("company name", "required")
	}
	if s.EntryDescription == "" {
		return bad("entry description", "required")
	}
	return s, nil
}

// entry checks and cleans one credit; i is its index, for errors.
func (c Credit) entry(i int, maxCents int64) (Entry, error) {
	bad := func(field string, format string, args ...any) (Entry, error) {
		return Entry{}, &CreditError{Index: i, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrField}, args...)...)}
	}
	if err := routing.Validate(c.RoutingNumber); err != nil {
		return bad("routing number", "%w", err)
	}
	// The account number is never quoted: it is what the vault keeps secret.
	if n := len(c.AccountNumber); n < minAccountLen || n > edAccount.width || !isDigits(c.AccountNumber) {
		return bad("account number", "not %d to %d digits", minAccountLen, edAccount.width)
	}
	code := CheckingCredit
	switch c.AccountType {
	case Checking:
	case Savings:
		code = SavingsCredit
	default:
		return bad("account type", "%q, want %q or %q", c.AccountType, Checking, Savings)
	}
	if c.Amount < 1 || c.Amount > maxCents {
		return bad("amount", "%d cents is not between 1 and %d", c.Amount, maxCents)
	}
	name := CleanName(c.Name, edName.width)
	if strings.IndexFunc(name, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }) < 0 {
		return bad("name", "no letter or digit left after cleaning %q", c.Name)
	}
	if len(c.ID) > edIndividualID.width || !printable(c.ID) {
		return bad("ID", "not up to %d printable ASCII characters", edIndividualID.width)
	}
	return Entry{
		TransactionCode: code,
		RoutingNumber:   c.RoutingNumber,
		Account:         c.AccountNumber,
		Amount:          c.Amount,
		IndividualID:    c.ID,
		Name:            name,
	}, nil
}
