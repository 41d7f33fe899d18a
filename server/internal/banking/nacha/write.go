package nacha

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Write checks f and writes it as an ACH file to w. Nothing is written unless the
// whole file is valid: a half-written file must never reach a bank.
func Write(w io.Writer, f File) error {
	b, err := Encode(f)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write ACH file: %w", err)
	}
	return nil
}

// Encode checks f and returns it as an ACH file: records, control records computed
// from the entries, and filler to a whole number of blocks. A *LineError names the
// line a bad value would have been on.
func Encode(f File) ([]byte, error) {
	var (
		out  bytes.Buffer
		line int
		eol  = lineEnding(f.CRLF)
		file sums
	)
	emit := func(r record) {
		out.Write(r)
		out.WriteString(eol)
	}

	line++
	if fe := checkFileHeader(f.Header); fe != nil {
		return nil, fe.at(line, recFileHeader)
	}
	emit(fileHeaderRecord(f.Header))
	if len(f.Batches) == 0 {
		return nil, kindErr(ErrEmpty, "", "the file has no batches").at(line+1, recBatchHeader)
	}
	if len(f.Batches) > 999_999 {
		return nil, kindErr(ErrTooLarge, fcBatchCount.name, "more than 999,999 batches").at(line+1, recBatchHeader)
	}
	prevBatch := 0
	for _, b := range f.Batches {
		line++
		if fe := checkBatchHeader(b.Header); fe != nil {
			return nil, fe.at(line, recBatchHeader)
		}
		if b.Header.Number <= prevBatch {
			return nil, kindErr(ErrOrder, bhBatchNumber.name, "%d does not follow batch %d", b.Header.Number, prevBatch).at(line, recBatchHeader)
		}
		prevBatch = b.Header.Number
		if len(b.Entries) == 0 {
			return nil, kindErr(ErrEmpty, "", "batch %d has no entries", b.Header.Number).at(line, recBatchHeader)
		}
		emit(batchHeaderRecord(b.Header))
		var batch sums
		prevTrace := ""
		for _, e := range b.Entries {
			line++
			if fe := checkEntry(e, b.Header); fe != nil {
				return nil, fe.at(line, recEntry)
			}
			if e.TraceNumber <= prevTrace {
				return nil, kindErr(ErrOrder, edTrace.name, "%s does not follow %s: trace numbers ascend in a batch", e.TraceNumber, prevTrace).at(line, recEntry)
			}
			prevTrace = e.TraceNumber
			if fe := batch.add(e); fe != nil {
				return nil, fe.at(line, recEntry)
			}
			emit(entryRecord(e))
		}
		line++
		emit(batchControlRecord(b.Header, batch))
		if fe := file.merge(batch); fe != nil {
			return nil, fe.at(line, recBatchControl)
		}
	}
	line++
	n := blocks(line)
	if n > 999_999 {
		return nil, kindErr(ErrTooLarge, fcBlockCount.name, "more than 999,999 blocks").at(line, recFileControl)
	}
	emit(fileControlRecord(Totals{Batches: len(f.Batches), Blocks: n, Entries: file.entries, EntryHash: file.hash, Credit: file.credit}))
	filler := record(strings.Repeat("9", RecordLength))
	for ; line < n*BlockingFactor; line++ {
		emit(filler)
	}
	return out.Bytes(), nil
}

// Totals returns the figures f's File Control Record states, for summaries; it
// assumes f is valid (Encode or Parse accepted it).
func (f File) Totals() Totals {
	var s sums
	lines := 2
	for _, b := range f.Batches {
		lines += 2 + len(b.Entries)
		for _, e := range b.Entries {
			if len(e.RoutingNumber) >= edRDFI.width {
				_ = s.add(e) // limits are Encode's business here
			}
		}
	}
	return Totals{Batches: len(f.Batches), Blocks: blocks(lines), Entries: s.entries, EntryHash: s.hash, Credit: s.credit}
}

func lineEnding(crlf bool) string {
	if crlf {
		return "\r\n"
	}
	return "\n"
}

func fileHeaderRecord(h FileHeader) record {
	r := newRecord(typeFileHeader)
	r.put(fhPriority, priorityCode)
	r.putRight(fhDestination, h.Destination)
	r.putRight(fhOrigin, h.Origin) // a 9-digit origin gets its leading blank
	r.put(fhDate, h.CreatedAt.Format("060102"))
	r.put(fhTime, h.CreatedAt.Format("1504"))
	r.put(fhIDModifier, string(h.IDModifier))
	r.put(fhRecordSize, recordSize)
	r.put(fhBlockingFactor, blockingFactor)
	r.put(fhFormatCode, formatCode)
	r.put(fhDestinationName, h.DestinationName)
	r.put(fhOriginName, h.OriginName)
	r.put(fhReferenceCode, h.ReferenceCode)
	return r
}

func batchHeaderRecord(h BatchHeader) record {
	r := newRecord(typeBatchHeader)
	r.put(bhServiceClass, serviceClassCredit)
	r.put(bhCompanyName, h.CompanyName)
	r.put(bhDiscretionary, h.DiscretionaryData)
	r.put(bhCompanyID, h.CompanyID)
	r.put(bhSEC, string(h.SEC))
	r.put(bhDescription, h.EntryDescription)
	r.put(bhDescriptiveDate, h.DescriptiveDate)
	r.put(bhEffectiveDate, h.EffectiveDate.Format("060102"))
	r.put(bhSettlementDate, h.SettlementDate)
	r.put(bhOriginatorCode, originatorStatus)
	r.put(bhODFI, h.ODFI)
	r.putNum(bhBatchNumber, int64(h.Number))
	return r
}

func entryRecord(e Entry) record {
	r := newRecord(typeEntry)
	r.put(edTransactionCode, strconv.Itoa(int(e.TransactionCode)))
	r.put(edRDFI, e.RoutingNumber[:edRDFI.width])
	r.put(edCheckDigit, e.RoutingNumber[edRDFI.width:])
	r.put(edAccount, e.Account)
	r.putNum(edAmount, e.Amount)
	r.put(edIndividualID, e.IndividualID)
	r.put(edName, e.Name)
	r.put(edDiscretionary, e.DiscretionaryData)
	r.put(edAddenda, noAddenda)
	r.put(edTrace, e.TraceNumber)
	return r
}

func batchControlRecord(h BatchHeader, s sums) record {
	r := newRecord(typeBatchControl)
	r.put(bcServiceClass, serviceClassCredit)
	r.putNum(bcCount, int64(s.entries))
	r.putNum(bcHash, s.hash)
	r.putNum(bcDebit, 0)
	r.putNum(bcCredit, s.credit)
	r.put(bcCompanyID, h.CompanyID)
	r.put(bcODFI, h.ODFI)
	r.putNum(bcBatchNumber, int64(h.Number))
	return r
}

func fileControlRecord(t Totals) record {
	r := newRecord(typeFileControl)
	r.putNum(fcBatchCount, int64(t.Batches))
	r.putNum(fcBlockCount, int64(t.Blocks))
	r.putNum(fcCount, int64(t.Entries))
	r.putNum(fcHash, t.EntryHash)
	r.putNum(fcDebit, 0)
	r.putNum(fcCredit, t.Credit)
	return r
}
