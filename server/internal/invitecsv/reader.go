package invitecsv

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// capReader passes at most max bytes through and fails with errTooLarge when the source
// has more, so a huge upload is refused after max bytes instead of read to its end.
type capReader struct {
	r    io.Reader
	left int64 // bytes still allowed
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errTooLarge
	}
	// One byte past the limit is asked for, to tell "exactly max bytes" from "more".
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - 1, errTooLarge // the extra byte is not passed on
	}
	return n, err
}

// ctxReader stops reading once ctx is done, so a slow upload does not hold a parse past
// its deadline.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// sniffLen is how much of the file's start is checked for BOMs, UTF-16 and binary bytes.
const sniffLen = 1024

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
)

// checkStart looks at the first bytes of the file before any CSV parsing: it skips a
// UTF-8 BOM (Excel's "CSV UTF-8" writes one), and refuses UTF-16 (Excel's "Unicode text")
// and binary files with a message saying what to do, since the CSV reader would only
// report confusing columns or quotes for them. An empty file passes; the header check
// reports it.
func checkStart(br *bufio.Reader) error {
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		if errors.Is(err, errTooLarge) {
			return nil // the limit is below sniffLen; the first read reports it
		}
		return fmt.Errorf("read the start: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8)) // peeked, so it cannot fail
		return nil
	case bytes.HasPrefix(head, bomUTF16BE), bytes.HasPrefix(head, bomUTF16LE), looksUTF16(head):
		return fileErr(CodeEncoding, 0, "The file is UTF-16 text. Save it as \"CSV UTF-8 (comma delimited)\" and upload it again.", nil)
	case looksBinary(head):
		return fileErr(CodeMalformed, 0, "This is not a CSV text file. Upload a .csv file with a header row: email,supplier_name.", nil)
	}
	return nil
}

// looksUTF16 spots UTF-16 without a BOM: ASCII text in UTF-16 has a NUL in every other
// byte of one parity.
func looksUTF16(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	var nul [2]int
	for i, c := range b {
		if c == 0 {
			nul[i%2]++
		}
	}
	half := len(b) / 2
	return nul[0] >= half*9/10 || nul[1] >= half*9/10
}

// looksBinary reports a NUL or a control character that text files do not hold (tab,
// line ends and form feed are text).
func looksBinary(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			return true
		}
	}
	return false
}
