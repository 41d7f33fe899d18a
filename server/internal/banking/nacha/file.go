package nacha

import "time"

// File is one ACH file: a header, one or more batches of credits; the control records
// and the filler are derived from these when writing and checked against them when
// reading.
type File struct {
	Header  FileHeader
	Batches []Batch
	// CRLF ends lines with CR LF instead of LF, for banks that ask for it.
	CRLF bool
}

// FileHeader holds the File Header Record's variable fields.
type FileHeader struct {
	// Destination is the routing number of the bank receiving the file (9 digits),
	// written with the leading blank the Rules require.
	Destination string
	// Origin is the Immediate Origin the bank assigned: a 9-digit routing number
	// (written with a leading blank) or exactly 10 characters, usually "1" + an EIN.
	Origin string
	// CreatedAt is the file creation date and time, to the minute. The file has no time
	// zone: the wall clock is written as is, and Parse returns it as UTC.
	CreatedAt time.Time
	// IDModifier tells apart files created on the same day: 'A'–'Z' or '0'–'9'.
	IDModifier byte
	// DestinationName is the receiving bank's name, up to 23 characters.
	DestinationName string
	// OriginName is the originator's name, up to 23 characters.
	OriginName string
	// ReferenceCode is free text for the originator, up to 8 characters.
	ReferenceCode string
}

// Batch is one Company/Batch Header, its entries, and (implicitly) its control record.
type Batch struct {
	Header  BatchHeader
	Entries []Entry
}

// SEC is a Standard Entry Class code.
type SEC string

// The classes this package writes.
const (
	// PPD is a Prearranged Payment and Deposit entry, to a consumer's account.
	PPD SEC = "PPD"
	// CCD is a Corporate Credit or Debit entry, to a business's account.
	CCD SEC = "CCD"
)

// BatchHeader holds the Company/Batch Header Record's variable fields. The service
// class is always 220 (credits only) and the originator status code 1.
type BatchHeader struct {
	// CompanyName is the originator as receivers see it on statements, up to 16.
	CompanyName string
	// DiscretionaryData is free text for the originator, up to 20 characters.
	DiscretionaryData string
	// CompanyID identifies the originator to its bank, up to 10: usually "1" + EIN.
	CompanyID string
	// SEC is the entry class of every entry in the batch.
	SEC SEC
	// EntryDescription is shown to receivers, up to 10: ACCTVERIFY for micro-deposits.
	EntryDescription string
	// DescriptiveDate is a date as the receiver should see it, free text up to 6.
	DescriptiveDate string
	// EffectiveDate is the date the originator wants the entries settled (UTC midnight).
	EffectiveDate time.Time
	// SettlementDate is the Julian settlement day the ACH operator inserts: "" in files
	// an originator writes, 3 digits in files that went through the operator.
	SettlementDate string
	// ODFI is the first 8 digits of the originating bank's routing number.
	ODFI string
	// Number is the batch's number, ascending through the file from 1.
	Number int
}

// TransactionCode says what an entry does to which kind of account.
type TransactionCode int

// The transaction codes this package writes: live credits.
const (
	// CheckingCredit is a credit to a checking (demand) account.
	CheckingCredit TransactionCode = 22
	// SavingsCredit is a credit to a savings account.
	SavingsCredit TransactionCode = 32
)

// Entry holds one Entry Detail Record's variable fields. It never has addenda.
type Entry struct {
	TransactionCode TransactionCode
	// RoutingNumber is the receiving bank's full routing number: its first 8 digits are
	// the receiving DFI identification, its 9th the check digit.
	RoutingNumber string
	// Account is the receiver's account number, 4 to 17 digits.
	Account string
	// Amount is in cents, 1 to 9,999,999,999.
	Amount int64
	// IndividualID is the identification number (PPD: individual identification
	// number), up to 15: the originator's reference, which comes back on returns.
	IndividualID string
	// Name is the receiver (PPD: individual name; CCD: receiving company name), up to 22.
	Name string
	// DiscretionaryData is up to 2 characters for the originator.
	DiscretionaryData string
	// TraceNumber is 15 digits: the batch's ODFI, then a sequence ascending in the batch.
	TraceNumber string
}

// Totals are a file's control figures, as its File Control Record states them.
type Totals struct {
	Batches   int   // batch count
	Blocks    int   // blocks of ten records, filler included
	Entries   int   // entry and addenda count
	EntryHash int64 // sum of the 8-digit receiving DFI identifications, last 10 digits
	Credit    int64 // total credits, in cents
}
