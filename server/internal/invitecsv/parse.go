package invitecsv

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Summary is the outcome of a parse.
type Summary struct {
	Rows     int        // data rows read, blank rows not counted
	Accepted int        // rows handed to the callback
	Errors   []RowError // the refused rows' problems, in file order
}

// Parse reads an invitation CSV from r and calls each, in file order, with every valid
// row, so the caller can store it and report progress; each may be nil to only validate.
// Rows with problems are not passed on and are listed in the Summary instead: a bad or
// missing e-mail, a missing, overlong or multi-line supplier name, text that is not
// UTF-8, a stray quote, or an e-mail already on an earlier accepted row (reported with
// that row's line). Rows whose cells are all blank are skipped, as spreadsheets leave
// them at the end.
//
// A problem with the whole file is a *FileError (see the Code constants): no header or a
// missing column, more than opts.MaxBytes bytes or opts.MaxRows rows, UTF-16 or binary
// content, or quoting that swallows lines. It can come after rows were already handed to
// each, so the caller must treat the rows of a failed parse as not imported: run it in
// one transaction, or stage the rows and commit after Parse returns nil. An error from
// each stops the parse and is returned wrapped; so is ctx's once it is done. On any error
// the Summary covers what was read before it.
func Parse(ctx context.Context, r io.Reader, opts Options, each func(Row) error) (Summary, error) {
	opts = opts.withDefaults()
	br := bufio.NewReaderSize(&capReader{r: ctxReader{ctx, r}, left: opts.MaxBytes}, 64<<10)
	p := parser{opts: opts, each: each, seen: map[string]int{}}
	if err := checkStart(br); err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return p.sum, err
		}
		return p.sum, p.readErr(err)
	}
	p.csv = csv.NewReader(br)  // reuses br: it is a large enough *bufio.Reader
	p.csv.FieldsPerRecord = -1 // rows may be short or long; missing cells are empty
	p.csv.TrimLeadingSpace = true
	p.csv.ReuseRecord = true
	if err := p.header(); err != nil {
		return p.sum, err
	}
	for {
		done, err := p.next(ctx)
		if err != nil {
			return p.sum, err
		}
		if done {
			return p.sum, nil
		}
	}
}

// parser is the state of one Parse.
type parser struct {
	opts Options
	each func(Row) error
	csv  *csv.Reader
	cols columns
	seen map[string]int // accepted e-mail → its line
	sum  Summary
}

// header reads the first non-blank record and finds the columns in it.
func (p *parser) header() error {
	rec, err := p.csv.Read()
	if errors.Is(err, io.EOF) {
		return fileErr(CodeMalformed, 0, "The file is empty. The first row must name the columns: email,supplier_name.", nil)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && !errors.Is(err, errTooLarge) {
		return fileErr(CodeMalformed, pe.StartLine, "The header row is not valid CSV: "+quoteProblem(pe.Err)+".", err)
	}
	if err != nil {
		return p.readErr(err)
	}
	line, _ := p.csv.FieldPos(0)
	p.cols, err = readHeader(rec, line)
	return err
}

// next reads and handles one data record; done is true at the end of the file.
func (p *parser) next(ctx context.Context) (done bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	rec, err := p.csv.Read()
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && !errors.Is(err, errTooLarge) {
		return false, p.badQuotes(pe)
	}
	if err != nil {
		return false, p.readErr(err)
	}
	if blank(rec) {
		return false, nil
	}
	line, _ := p.csv.FieldPos(0)
	p.sum.Rows++
	if p.sum.Rows > p.opts.MaxRows {
		return false, fileErr(CodeTooManyRows, line,
			fmt.Sprintf("The file has more than %d rows; split it into files of at most %d.", p.opts.MaxRows, p.opts.MaxRows), nil)
	}
	row, ok := p.check(rec, line)
	if !ok {
		return false, nil
	}
	p.seen[row.Email] = line
	p.sum.Accepted++
	if p.each != nil {
		if err := p.each(row); err != nil {
			return false, fmt.Errorf("invitecsv: line %d: %w", line, err)
		}
	}
	return false, nil
}

// check validates one record and returns it as a Row, or records its errors.
func (p *parser) check(rec []string, line int) (Row, bool) {
	for i, f := range rec {
		if !utf8.ValidString(f) {
			field := ""
			switch i {
			case p.cols.email:
				field = FieldEmail
			case p.cols.name:
				field = FieldSupplierName
			}
			// One error for the row: the other checks mean nothing on mis-decoded text.
			p.rowErr(line, field, msgNotUTF8)
			return Row{}, false
		}
	}
	rawEmail, name := strings.TrimSpace(cell(rec, p.cols.email)), strings.TrimSpace(cell(rec, p.cols.name))
	ok := true
	email, valid := normalizeEmail(rawEmail)
	switch {
	case rawEmail == "":
		p.rowErr(line, FieldEmail, msgMissing)
		ok = false
	case !valid:
		p.rowErr(line, FieldEmail, msgBadEmail)
		ok = false
	default:
		if first, dup := p.seen[email]; dup {
			p.rowErr(line, FieldEmail, fmt.Sprintf("duplicates line %d", first))
			ok = false
		}
	}
	if msg := checkName(name); msg != "" {
		p.rowErr(line, FieldSupplierName, msg)
		ok = false
	}
	return Row{Line: line, Email: email, SupplierName: name}, ok
}

// badQuotes handles a CSV syntax error in a data row. A stray quote within one line
// costs only that row. A quoted field that runs over line ends before failing has
// swallowed the lines in between, which would silently vanish from the import, so it
// fails the whole file and says where the quote opened.
func (p *parser) badQuotes(pe *csv.ParseError) error {
	if pe.Line > pe.StartLine {
		return fileErr(CodeMalformed, pe.StartLine,
			fmt.Sprintf("Line %d opens a quoted cell that is not closed properly before line %d. Fix the quotes and upload the file again.", pe.StartLine, pe.Line), pe)
	}
	p.sum.Rows++
	if p.sum.Rows > p.opts.MaxRows {
		return fileErr(CodeTooManyRows, pe.StartLine,
			fmt.Sprintf("The file has more than %d rows; split it into files of at most %d.", p.opts.MaxRows, p.opts.MaxRows), nil)
	}
	p.rowErr(pe.StartLine, "", msgBadCSV+quoteProblem(pe.Err))
	return nil
}

// readErr turns an error from reading the file into what Parse returns: the byte limit
// becomes its FileError, ctx's error passes through, anything else is wrapped.
func (p *parser) readErr(err error) error {
	switch {
	case errors.Is(err, errTooLarge):
		return fileErr(CodeTooLarge, 0, fmt.Sprintf("The file is larger than %s.", size(p.opts.MaxBytes)), nil)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("invitecsv: read: %w", err)
}

func (p *parser) rowErr(line int, field, msg string) {
	p.sum.Errors = append(p.sum.Errors, RowError{Line: line, Field: field, Message: msg})
}

// quoteProblem says what a csv.ParseError found, in the uploader's terms.
func quoteProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a " appears inside a cell that does not start with a quote`
	case errors.Is(err, csv.ErrQuote):
		return `a quoted cell has text after its closing " or is not closed`
	}
	return "the row cannot be read"
}

// cell returns rec[i], or "" when the row is too short to have it.
func cell(rec []string, i int) string {
	if i < len(rec) {
		return rec[i]
	}
	return ""
}

// blank reports a record with nothing but white space in every cell.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// size renders a byte count for a message: "20 MiB", or bytes when not a whole MiB.
func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
