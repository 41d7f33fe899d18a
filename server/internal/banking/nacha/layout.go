package nacha

// RecordLength is the width of every record, without its line ending.
const RecordLength = 94

// BlockingFactor is the number of records in a block; files are padded to whole blocks.
const BlockingFactor = 10

// Record type codes, the first character of every record.
const (
	typeFileHeader   = '1'
	typeBatchHeader  = '5'
	typeEntry        = '6'
	typeAddenda      = '7'
	typeBatchControl = '8'
	typeFileControl  = '9'
)

// col is one field of a record: its 1-based start position and width as Appendix Three
// prints them, and the name errors use.
type col struct {
	pos, width int
	name       string
}

// File Header Record (Appendix Three).
var (
	fhPriority        = col{2, 2, "priority code"}
	fhDestination     = col{4, 10, "immediate destination"}
	fhOrigin          = col{14, 10, "immediate origin"}
	fhDate            = col{24, 6, "file creation date"}
	fhTime            = col{30, 4, "file creation time"}
	fhIDModifier      = col{34, 1, "file ID modifier"}
	fhRecordSize      = col{35, 3, "record size"}
	fhBlockingFactor  = col{38, 2, "blocking factor"}
	fhFormatCode      = col{40, 1, "format code"}
	fhDestinationName = col{41, 23, "immediate destination name"}
	fhOriginName      = col{64, 23, "immediate origin name"}
	fhReferenceCode   = col{87, 8, "reference code"}
)

// Company/Batch Header Record.
var (
	bhServiceClass    = col{2, 3, "service class code"}
	bhCompanyName     = col{5, 16, "company name"}
	bhDiscretionary   = col{21, 20, "company discretionary data"}
	bhCompanyID       = col{41, 10, "company identification"}
	bhSEC             = col{51, 3, "standard entry class code"}
	bhDescription     = col{54, 10, "company entry description"}
	bhDescriptiveDate = col{64, 6, "company descriptive date"}
	bhEffectiveDate   = col{70, 6, "effective entry date"}
	bhSettlementDate  = col{76, 3, "settlement date"}
	bhOriginatorCode  = col{79, 1, "originator status code"}
	bhODFI            = col{80, 8, "originating DFI identification"}
	bhBatchNumber     = col{88, 7, "batch number"}
)

// Entry Detail Record, PPD and CCD (the CCD names of the two identification
// fields differ, their positions do not).
var (
	edTransactionCode = col{2, 2, "transaction code"}
	edRDFI            = col{4, 8, "receiving DFI identification"}
	edCheckDigit      = col{12, 1, "check digit"}
	edAccount         = col{13, 17, "DFI account number"}
	edAmount          = col{30, 10, "amount"}
	edIndividualID    = col{40, 15, "identification number"}
	edName            = col{55, 22, "receiver name"}
	edDiscretionary   = col{77, 2, "discretionary data"}
	edAddenda         = col{79, 1, "addenda record indicator"}
	edTrace           = col{80, 15, "trace number"}
)

// Company/Batch Control Record.
var (
	bcServiceClass = col{2, 3, "service class code"}
	bcCount        = col{5, 6, "entry/addenda count"}
	bcHash         = col{11, 10, "entry hash"}
	bcDebit        = col{21, 12, "total debit entry dollar amount"}
	bcCredit       = col{33, 12, "total credit entry dollar amount"}
	bcCompanyID    = col{45, 10, "company identification"}
	bcMAC          = col{55, 19, "message authentication code"}
	bcReserved     = col{74, 6, "reserved"}
	bcODFI         = col{80, 8, "originating DFI identification"}
	bcBatchNumber  = col{88, 7, "batch number"}
)

// File Control Record.
var (
	fcBatchCount = col{2, 6, "batch count"}
	fcBlockCount = col{8, 6, "block count"}
	fcCount      = col{14, 8, "entry/addenda count"}
	fcHash       = col{22, 10, "entry hash"}
	fcDebit      = col{32, 12, "total debit entry dollar amount"}
	fcCredit     = col{44, 12, "total credit entry dollar amount"}
	fcReserved   = col{56, 39, "reserved"}
)

// Fixed values this package writes and insists on when reading.
const (
	priorityCode       = "01"
	recordSize         = "094"
	blockingFactor     = "10"
	formatCode         = "1"
	serviceClassCredit = "220" // ACH credits only
	originatorStatus   = "1"   // the ODFI is not a government agency
	noAddenda          = "0"
)
