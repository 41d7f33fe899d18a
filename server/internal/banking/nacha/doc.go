// Package nacha writes and reads NACHA-format ACH files of credits: the file the
// operator uploads to its bank (the ODFI) to send the micro-deposits that prove a
// supplier controls a bank account. Build and BuildMicroDeposits turn validated inputs
// into a File, Write encodes it, and Parse reads one back, so the operator's tools can
// check a file before it leaves and tests can round-trip.
//
// Only what the micro-deposit flow needs is supported: credits only (service class 220,
// transaction codes 22 and 32), PPD and CCD batches, no addenda. Anything else is
// refused with ErrUnsupported rather than half understood.
//
// # Field sources
//
// Every record is 94 characters; the layouts follow the NACHA Operating Rules,
// Appendix Three ("ACH Record Format Specifications"), for the PPD and CCD formats,
// with the 1-based positions the Rules print (layout.go holds them, field by field):
//
//	1 File Header            priority 01, immediate destination " " + routing number,
//	                         immediate origin, creation date YYMMDD and time HHMM, file
//	                         ID modifier, record size 094, blocking factor 10, format 1,
//	                         destination and origin names, reference code
//	5 Company/Batch Header   service class 220 (credits only), company name, discretionary
//	                         data, company identification, SEC code (PPD to consumers,
//	                         CCD to businesses), entry description, descriptive date,
//	                         effective entry date, settlement date (blank: the ACH
//	                         operator fills it), originator status 1, ODFI (8 digits),
//	                         batch number
//	6 Entry Detail           transaction code (22 checking credit, 32 savings credit),
//	                         receiving DFI identification (8 digits) and check digit,
//	                         DFI account number (17, left-justified), amount in cents
//	                         (10), identification number (15), receiver name (22),
//	                         discretionary data (2), addenda indicator 0, trace number
//	                         (ODFI's 8 digits + a 7-digit sequence)
//	8 Company/Batch Control  entry/addenda count, entry hash (sum of the 8-digit RDFI
//	                         identifications, last 10 digits), debit and credit totals,
//	                         company identification, blank MAC and reserved, ODFI,
//	                         batch number
//	9 File Control           batch count, block count, entry/addenda count, entry hash,
//	                         debit and credit totals, reserved
//
// The file is padded to a whole number of blocks of ten records with filler records of
// 94 nines. Micro-Entries (the Rules' definition in Article Eight, and the Micro-Entry
// rule in force since 2021) carry the company entry description ACCTVERIFY and the
// originator's recognisable company name; BuildMicroDeposits sets the first.
//
// Routing numbers are checked with shared/routing, the same checks the API applies
// when a supplier types one. A File and its bytes hold account numbers in the clear:
// keep them out of logs and off disk longer than the upload needs. Errors from this
// package never quote an account number.
package nacha
