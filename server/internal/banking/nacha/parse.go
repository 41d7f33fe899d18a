package nacha

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// Parse reads an ACH file of the kind Encode writes and checks it as strictly: every
// record 94 characters, records in order, every field valid, every control record
// agreeing with the entries, filler to a whole block and nothing after. Lines end in
// LF or, throughout the file, CR LF. Whatever Parse accepts, Encode writes back byte
// for byte. The first problem is returned as a *LineError naming its line.
func Parse(r io.Reader) (File, error) {
	p := parser{in: bufio.NewReaderSize(r, 4096)}
	f, err := p.run()
	if err != nil {
		return File{}, err
	}
	return f, nil
}

// parser states: what the next record may be.
type state int

const (
	wantFileHeader state = iota
	wantBatch            // a batch header, or the file control
	wantEntry            // an entry, or the batch control
	wantFiller           // only filler after the file control
)

type parser struct {
	in    *bufio.Reader
	line  int
	crlf  bool
	state state
	file  File
	batch sums // the open batch's figures
	all   sums // the closed batches' figures
	trace string
	end   int // the line the last block ends on, once the file control is read
}

func (p *parser) run() (File, error) {
	for {
		rec, err := p.next()
		if err != nil {
			return File{}, err
		}
		if rec == nil {
			break
		}
		if err := p.record(rec); err != nil {
			return File{}, err
		}
	}
	switch {
	case p.line == 0:
		return File{}, kindErr(ErrEmpty, "", "the file is empty").at(1, recFileHeader)
	case p.state != wantFiller:
		return File{}, kindErr(ErrOrder, "", "the file ends without its file control record").at(p.line+1, recFileControl)
	case p.line < p.end:
		return File{}, kindErr(ErrRecord, "", "%d filler records missing: the last block ends on line %d", p.end-p.line, p.end).at(p.line+1, recFiller)
	}
	p.file.CRLF = p.crlf
	return p.file, nil
}

// next returns the next record without its line ending, or nil at the end.
func (p *parser) next() (record, error) {
	b, err := p.in.ReadSlice('\n')
	switch {
	case errors.Is(err, io.EOF) && len(b) == 0:
		return nil, nil
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, kindErr(ErrRecord, "", "longer than %d characters", RecordLength).at(p.line+1, p.nameOf(b))
	case errors.Is(err, io.EOF):
		return nil, kindErr(ErrRecord, "", "the last line has no line ending").at(p.line+1, p.nameOf(b))
	case err != nil:
		return nil, fmt.Errorf("read ACH file, line %d: %w", p.line+1, err)
	}
	p.line++
	b = b[:len(b)-1]
	crlf := len(b) > 0 && b[len(b)-1] == '\r'
	if crlf {
		b = b[:len(b)-1]
	}
	switch {
	case p.line == 1:
		p.crlf = crlf
	case crlf != p.crlf:
		return nil, kindErr(ErrRecord, "", "line ending %s, but line 1 ends in %s", lineEndingName(crlf), lineEndingName(p.crlf)).at(p.line, p.nameOf(b))
	}
	if len(b) != RecordLength {
		return nil, kindErr(ErrRecord, "", "%d characters, want %d", len(b), RecordLength).at(p.line, p.nameOf(b))
	}
	for i, c := range b {
		if c < ' ' || c > '~' {
			return nil, kindErr(ErrRecord, "", "byte 0x%02x at column %d is outside the ACH character set", c, i+1).at(p.line, p.nameOf(b))
		}
	}
	return record(bytes.Clone(b)), nil
}

func lineEndingName(crlf bool) string {
	if crlf {
		return "CR LF"
	}
	return "LF"
}

// nameOf names the record a line claims to be by its type code, for errors about a
// line that cannot be read as one.
func (p *parser) nameOf(b []byte) string {
	if len(b) == 0 {
		return "record"
	}
	switch b[0] {
	case typeFileHeader:
		return recFileHeader
	case typeBatchHeader:
		return recBatchHeader
	case typeEntry:
		return recEntry
	case typeAddenda:
		return "addenda"
	case typeBatchControl:
		return recBatchControl
	case typeFileControl:
		if p.state == wantFiller {
			return recFiller
		}
		return recFileControl
	}
	return "record"
}

// record dispatches one record on its type and the parser's state.
func (p *parser) record(r record) error {
	if p.state == wantFiller {
		if !isFiller(r) {
			return kindErr(ErrOrder, "", "only filler records (94 nines) may follow the file control").at(p.line, recFiller)
		}
		if p.line > p.end {
			return kindErr(ErrRecord, "", "filler beyond the last block, which ends on line %d", p.end).at(p.line, recFiller)
		}
		return nil
	}
	t := r[0]
	if p.state == wantFileHeader && t != typeFileHeader {
		return kindErr(ErrOrder, "", "the file must start with a file header (record type 1), not type %q", t).at(p.line, recFileHeader)
	}
	switch t {
	case typeFileHeader:
		if p.state != wantFileHeader {
			return kindErr(ErrOrder, "", "a second file header").at(p.line, recFileHeader)
		}
		return p.fileHeader(r)
	case typeBatchHeader:
		if p.state == wantEntry {
			return kindErr(ErrOrder, "", "batch %d has no batch control before the next batch header", p.open().Number).at(p.line, recBatchHeader)
		}
		return p.batchHeader(r)
	case typeEntry:
		if p.state != wantEntry {
			return kindErr(ErrOrder, "", "an entry outside a batch").at(p.line, recEntry)
		}
		return p.entry(r)
	case typeAddenda:
		return kindErr(ErrUnsupported, "", "addenda records").at(p.line, "addenda")
	case typeBatchControl:
		if p.state != wantEntry {
			return kindErr(ErrOrder, "", "a batch control without its batch header").at(p.line, recBatchControl)
		}
		return p.batchControl(r)
	case typeFileControl:
		if p.state == wantEntry {
			return kindErr(ErrOrder, "", "batch %d has no batch control before the file control", p.open().Number).at(p.line, recFileControl)
		}
		return p.fileControl(r)
	}
	return kindErr(ErrRecord, "", "unknown record type %q", t).at(p.line, "record")
}

// open is the header of the batch being read.
func (p *parser) open() *BatchHeader { return &p.file.Batches[len(p.file.Batches)-1].Header }

func (p *parser) fileHeader(r record) error {
	bad := func(fe *fieldErr) error { return fe.at(p.line, recFileHeader) }
	for _, f := range []struct {
		c    col
		want string
	}{{fhPriority, priorityCode}, {fhRecordSize, recordSize}, {fhBlockingFactor, blockingFactor}, {fhFormatCode, formatCode}} {
		if fe := r.fixed(f.c, f.want); fe != nil {
			return bad(fe)
		}
	}
	var h FileHeader
	dest := r.raw(fhDestination)
	if dest[0] != ' ' {
		return bad(invalid(fhDestination, "%q: want a blank, then the 9-digit routing number", dest))
	}
	h.Destination = dest[1:]
	h.Origin = r.raw(fhOrigin)
	if h.Origin[0] == ' ' {
		h.Origin = h.Origin[1:]
	}
	t, fe := parseTime(r, fhDate, fhTime)
	if fe != nil {
		return bad(fe)
	}
	h.CreatedAt = t
	h.IDModifier = r.raw(fhIDModifier)[0]
	h.DestinationName = r.text(fhDestinationName)
	h.OriginName = r.text(fhOriginName)
	h.ReferenceCode = r.text(fhReferenceCode)
	if fe := checkFileHeader(h); fe != nil {
		return bad(fe)
	}
	p.file.Header = h
	p.state = wantBatch
	return nil
}

func (p *parser) batchHeader(r record) error {
	bad := func(fe *fieldErr) error { return fe.at(p.line, recBatchHeader) }
	if sc := r.raw(bhServiceClass); sc != serviceClassCredit {
		return bad(kindErr(ErrUnsupported, bhServiceClass.name, "%q: only credit batches (220) are read", sc))
	}
	if fe := r.fixed(bhOriginatorCode, originatorStatus); fe != nil {
		return bad(fe)
	}
	h := BatchHeader{
		CompanyName:       r.text(bhCompanyName),
		DiscretionaryData: r.text(bhDiscretionary),
		CompanyID:         r.text(bhCompanyID),
		SEC:               SEC(r.raw(bhSEC)),
		EntryDescription:  r.text(bhDescription),
		DescriptiveDate:   r.text(bhDescriptiveDate),
		SettlementDate:    r.text(bhSettlementDate),
		ODFI:              r.raw(bhODFI),
	}
	d, fe := parseTime(r, bhEffectiveDate, col{})
	if fe != nil {
		return bad(fe)
	}
	h.EffectiveDate = d
	n, fe := r.num(bhBatchNumber)
	if fe != nil {
		return bad(fe)
	}
	h.Number = int(n)
	if fe := checkBatchHeader(h); fe != nil {
		return bad(fe)
	}
	prev := 0
	if len(p.file.Batches) > 0 {
		prev = p.open().Number
	}
	if h.Number <= prev {
		return bad(kindErr(ErrOrder, bhBatchNumber.name, "%d does not follow batch %d", h.Number, prev))
	}
	p.file.Batches = append(p.file.Batches, Batch{Header: h})
	p.batch, p.trace = sums{}, ""
	p.state = wantEntry
	return nil
}

func (p *parser) entry(r record) error {
	bad := func(fe *fieldErr) error { return fe.at(p.line, recEntry) }
	code, fe := r.num(edTransactionCode)
	if fe != nil {
		return bad(fe)
	}
	if a := r.raw(edAddenda); a != noAddenda {
		return bad(kindErr(ErrUnsupported, edAddenda.name, "%q: entries with addenda", a))
	}
	e := Entry{
		TransactionCode:   TransactionCode(code),
		RoutingNumber:     r.raw(edRDFI) + r.raw(edCheckDigit),
		Account:           r.text(edAccount),
		IndividualID:      r.text(edIndividualID),
		Name:              r.text(edName),
		DiscretionaryData: r.text(edDiscretionary),
		TraceNumber:       r.raw(edTrace),
	}
	if e.Amount, fe = r.num(edAmount); fe != nil {
		return bad(fe)
	}
	b := &p.file.Batches[len(p.file.Batches)-1]
	if fe := checkEntry(e, b.Header); fe != nil {
		return bad(fe)
	}
	if e.TraceNumber <= p.trace {
		return bad(kindErr(ErrOrder, edTrace.name, "%s does not follow %s: trace numbers ascend in a batch", e.TraceNumber, p.trace))
	}
	p.trace = e.TraceNumber
	if fe := p.batch.add(e); fe != nil {
		return bad(fe)
	}
	b.Entries = append(b.Entries, e)
	return nil
}

// batchControl compares the record with the one Encode would write for the batch.
func (p *parser) batchControl(r record) error {
	h := p.open()
	if len(p.file.Batches[len(p.file.Batches)-1].Entries) == 0 {
		return kindErr(ErrEmpty, "", "batch %d has no entries", h.Number).at(p.line, recBatchControl)
	}
	want := batchControlRecord(*h, p.batch)
	if fe := compare(r, want, []col{bcCount, bcHash, bcDebit, bcCredit}, []col{bcServiceClass, bcCompanyID, bcMAC, bcReserved, bcODFI, bcBatchNumber}); fe != nil {
		return fe.at(p.line, recBatchControl)
	}
	if fe := p.all.merge(p.batch); fe != nil {
		return fe.at(p.line, recBatchControl)
	}
	p.state = wantBatch
	return nil
}

// fileControl compares the record with the one Encode would write for the file.
func (p *parser) fileControl(r record) error {
	if len(p.file.Batches) == 0 {
		return kindErr(ErrEmpty, "", "the file has no batches").at(p.line, recFileControl)
	}
	n := blocks(p.line)
	want := fileControlRecord(Totals{Batches: len(p.file.Batches), Blocks: n, Entries: p.all.entries, EntryHash: p.all.hash, Credit: p.all.credit})
	if fe := compare(r, want, []col{fcBatchCount, fcBlockCount, fcCount, fcHash, fcDebit, fcCredit}, []col{fcReserved}); fe != nil {
		return fe.at(p.line, recFileControl)
	}
	p.end = n * BlockingFactor
	p.state = wantFiller
	return nil
}

// compare reports the first field where got differs from want: a mismatch in a
// control figure is ErrControl, in any other field ErrField.
func compare(got, want record, figures, others []col) *fieldErr {
	for _, c := range figures {
		if g, w := got.raw(c), want.raw(c); g != w {
			if c == bcDebit || c == fcDebit {
				return kindErr(ErrUnsupported, c.name, "%s: this file format holds credits only", g)
			}
			return kindErr(ErrControl, c.name, "%s, but the records add up to %s", g, w)
		}
	}
	for _, c := range others {
		if g, w := got.raw(c), want.raw(c); g != w {
			return invalid(c, "%q, want %q", g, w)
		}
	}
	return nil
}

// parseTime reads a YYMMDD date field and, when tc is a real field, the HHMM time
// field after it, as UTC.
func parseTime(r record, dc, tc col) (time.Time, *fieldErr) {
	layout, s, c, want := "060102", r.raw(dc), dc, "date (YYMMDD)"
	if tc.width > 0 {
		layout, s, want = "0601021504", s+r.raw(tc), "date and time (YYMMDD HHMM)"
		c = col{dc.pos, dc.width + tc.width, dc.name + " and time"}
	}
	t, err := time.Parse(layout, s)
	if err != nil || !isDigits(s) {
		return time.Time{}, invalid(c, "%q is not a valid %s", s, want)
	}
	return t, nil
}

// isFiller reports whether r is a filler record: 94 nines.
func isFiller(r record) bool {
	for _, c := range r {
		if c != '9' {
			return false
		}
	}
	return true
}
