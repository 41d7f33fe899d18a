package documents

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// ContentType is a media type this package accepts, as found in the bytes by Sniff.
type ContentType string

// The accepted content types.
const (
	// PDF is a Portable Document Format file, the usual form of a signed W-9.
	PDF ContentType = "application/pdf"
	// PNG is a PNG image, such as a screenshot of a bank letter.
	PNG ContentType = "image/png"
	// JPEG is a JPEG image, such as a phone photo of a certificate.
	JPEG ContentType = "image/jpeg"
)

// Ext returns the usual file name extension of the type, with its dot, for a download's
// file name.
func (c ContentType) Ext() string {
	switch c {
	case PDF:
		return ".pdf"
	case PNG:
		return ".png"
	case JPEG:
		return ".jpg"
	}
	return ""
}

// Magic numbers and windows, from the format specifications.
var (
	pdfMagic = []byte("%PDF-")             // ISO 32000-2 §7.5.2 file header
	pdfEOF   = []byte("%%EOF")             // ISO 32000-2 §7.5.5 end-of-file marker
	pngSig   = []byte("\x89PNG\r\n\x1a\n") // PNG §5.2 signature
	pngIHDR  = []byte("\x00\x00\x00\x0dIHDR")
	jpegSOI  = []byte{0xFF, 0xD8, 0xFF} // start of image, then the first marker's 0xFF
	jpegEOI  = []byte{0xFF, 0xD9}       // end of image
)

const (
	// pdfHeaderWindow is how far into the file "%PDF-" may start. PDF readers accept a
	// header anywhere in the first 1024 bytes (the PDF reference's implementation note),
	// so real files with a few bytes of leading junk exist and are accepted.
	pdfHeaderWindow = 1024
	// pdfTrailerWindow is how near the end "%%EOF" must be. Readers search the last
	// 1024 bytes for it; writers and mail gateways may leave white space or junk after it.
	pdfTrailerWindow = 1024
	// pngMinLen is the signature, the IHDR chunk (length, type, 13 data bytes, CRC).
	pngMinLen = 8 + 8 + 13 + 4
)

// Sniff decides the type of an upload from its bytes alone: a PDF ("%PDF-1.x" within the
// first 1024 bytes and "%%EOF" within the last 1024), a PNG (the 8-byte signature, then a
// well-formed IHDR chunk with its CRC), or a JPEG (FF D8 FF first, FF D9 last). Anything
// else wraps ErrUnsupportedType, and no bytes wrap ErrEmpty.
//
// File names and Content-Type headers are never consulted: both are the client's claim,
// and an executable renamed "w9.pdf" must not become a PDF by saying so. Sniff checks the
// container's frame, not that a viewer can render it; a document that passes is opened
// by a reviewer's viewer, so the HTTP layer still serves it as an attachment with
// nosniff.
func Sniff(data []byte) (ContentType, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	switch {
	case bytes.HasPrefix(data, pngSig):
		if err := checkPNG(data); err != nil {
			return "", fmt.Errorf("sniff: PNG signature, %s: %w", err, ErrUnsupportedType)
		}
		return PNG, nil
	case bytes.HasPrefix(data, jpegSOI):
		// Five bytes at least, so the start and end markers cannot overlap ("FF D8 FF D9").
		if len(data) < 5 || !bytes.HasSuffix(data, jpegEOI) {
			return "", fmt.Errorf("sniff: JPEG start marker without an end marker: %w", ErrUnsupportedType)
		}
		return JPEG, nil
	}
	if at := bytes.Index(data[:min(len(data), pdfHeaderWindow)], pdfMagic); at >= 0 {
		if err := checkPDF(data, at); err != nil {
			return "", fmt.Errorf("sniff: PDF header, %s: %w", err, ErrUnsupportedType)
		}
		return PDF, nil
	}
	return "", fmt.Errorf("sniff: no PDF, PNG or JPEG signature: %w", ErrUnsupportedType)
}

// sniffProblem is why bytes with a known signature were still refused; it goes into the
// wrapped error text, for logs.
type sniffProblem string

func (p sniffProblem) Error() string { return string(p) }

// checkPDF checks a PDF whose header starts at offset at.
func checkPDF(data []byte, at int) error {
	// The header is "%PDF-" then a version, "1.0" to "1.7" or "2.0".
	v := data[at+len(pdfMagic):]
	if len(v) < 3 || !isDigit(v[0]) || v[1] != '.' || !isDigit(v[2]) {
		return sniffProblem("no version after %PDF-")
	}
	// Leading junk is allowed (see pdfHeaderWindow), but not junk a browser would sniff
	// as markup: an HTML page with "%PDF-" tucked after its <script> is a polyglot, not a
	// PDF with a stray prefix. Browsers sniff HTML from the first non-blank byte "<".
	if prefix := bytes.TrimLeft(data[:at], " \t\r\n\f"); len(prefix) > 0 && prefix[0] == '<' {
		return sniffProblem("markup before the header")
	}
	tail := data[max(at, len(data)-pdfTrailerWindow):]
	if !bytes.Contains(tail, pdfEOF) {
		return sniffProblem("no %%EOF near the end")
	}
	return nil
}

// checkPNG checks that the signature is followed by the IHDR chunk, which PNG requires
// first, with a correct CRC and a non-zero size: a renamed file rarely has all three.
func checkPNG(data []byte) error {
	if len(data) < pngMinLen || !bytes.Equal(data[8:16], pngIHDR) {
		return sniffProblem("no IHDR chunk")
	}
	ihdr := data[12:29] // chunk type and the 13 data bytes, what the CRC covers
	if crc32.ChecksumIEEE(ihdr) != binary.BigEndian.Uint32(data[29:33]) {
		return sniffProblem("IHDR CRC mismatch")
	}
	w, h := binary.BigEndian.Uint32(data[16:20]), binary.BigEndian.Uint32(data[20:24])
	if w == 0 || h == 0 || w > 1<<31-1 || h > 1<<31-1 {
		return sniffProblem("IHDR size out of range")
	}
	return nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
