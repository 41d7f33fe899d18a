package documents_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
)

func TestSniff(t *testing.T) {
	t.Parallel()
	pngOK, jpegOK := pngBytes(t), jpegBytes(t)
	pngBadCRC := bytes.Clone(pngOK)
	pngBadCRC[30] ^= 0xff
	pngZeroWidth := bytes.Clone(pngOK)
	binary.BigEndian.PutUint32(pngZeroWidth[16:20], 0)
	binary.BigEndian.PutUint32(pngZeroWidth[29:33], crc32.ChecksumIEEE(pngZeroWidth[12:29]))
	pdfPadding := strings.Repeat("x", 2000) // pushes %%EOF out of the trailer window

	tests := []struct {
		name string
		data []byte
		want documents.ContentType // "" means refused as unsupported
	}{
		{"pdf", []byte(minimalPDF), documents.PDF},
		{"pdf 2.0", []byte(strings.Replace(minimalPDF, "%PDF-1.4", "%PDF-2.0", 1)), documents.PDF},
		{"pdf without final newline", []byte(strings.TrimSuffix(minimalPDF, "\n")), documents.PDF},
		{"pdf with trailing white space", []byte(minimalPDF + "\r\n\r\n  \n"), documents.PDF},
		{"pdf with binary junk before the header", append([]byte("\x00\x01junk from a mail gateway\r\n"), minimalPDF...), documents.PDF},
		{"pdf header at byte 1019", []byte(strings.Repeat(" ", 1019) + minimalPDF), documents.PDF},
		{"png", pngOK, documents.PNG},
		{"jpeg", jpegOK, documents.JPEG},
		{"tiny jpeg frame", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9}, documents.JPEG},

		{"pdf header at byte 1020, past the window", []byte(strings.Repeat(" ", 1020) + minimalPDF), ""},
		{"pdf with junk and no %%EOF", []byte("%PDF-1.7\n" + strings.Repeat("junk ", 100)), ""},
		{"pdf with %%EOF too far from the end", []byte(minimalPDF + pdfPadding), ""},
		{"pdf without a version", []byte("%PDF-\n%%EOF"), ""},
		{"pdf with a bad version", []byte("%PDF-x.y\n%%EOF"), ""},
		{"html with script then a pdf header", []byte("<html><script>alert(1)</script>\n" + minimalPDF), ""},
		{"html with script then a pdf header, after blanks", []byte("\r\n  <script>alert(1)</script>" + minimalPDF), ""},
		{"html with script", []byte("<!DOCTYPE html><html><body><script>fetch('/api')</script></body></html>"), ""},
		{"png header on a pdf body", append(append([]byte{}, pngOK[:8]...), minimalPDF...), ""},
		{"png signature only", pngOK[:8], ""},
		{"png with a bad IHDR CRC", pngBadCRC, ""},
		{"png with zero width", pngZeroWidth, ""},
		{"jpeg without an end marker", jpegOK[:len(jpegOK)-2], ""},
		{"jpeg markers overlapping", []byte{0xFF, 0xD8, 0xFF, 0xD9}, ""},
		{"windows executable renamed .pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode."), make([]byte, 200)...), ""},
		{"elf executable", []byte("\x7fELF\x02\x01\x01\x00"), ""},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ""},
		{"plain text", []byte("W-9 attached"), ""},
		{"one byte", []byte{0x25}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := documents.Sniff(tt.data)
			if tt.want == "" {
				assert.ErrorIs(t, err, documents.ErrUnsupportedType)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSniffEmpty(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{nil, {}} {
		_, err := documents.Sniff(data)
		assert.ErrorIs(t, err, documents.ErrEmpty)
	}
}

func TestContentTypeExt(t *testing.T) {
	t.Parallel()
	assert.Equal(t, ".pdf", documents.PDF.Ext())
	assert.Equal(t, ".png", documents.PNG.Ext())
	assert.Equal(t, ".jpg", documents.JPEG.Ext())
	assert.Empty(t, documents.ContentType("text/html").Ext())
}

// FuzzSniff checks that Sniff never panics and accepts only bytes that carry a known
// signature where the format puts it, with the matching end marker.
func FuzzSniff(f *testing.F) {
	f.Add([]byte(minimalPDF))
	f.Add(pngBytes(f))
	f.Add(jpegBytes(f))
	f.Add([]byte("<html><script>x</script>%PDF-1.4 %%EOF"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xD9})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := documents.Sniff(data)
		if err != nil {
			if ct != "" {
				t.Fatalf("error %v with type %q", err, ct)
			}
			if len(data) == 0 {
				assert.ErrorIs(t, err, documents.ErrEmpty)
			} else {
				assert.ErrorIs(t, err, documents.ErrUnsupportedType)
			}
			return
		}
		switch ct {
		case documents.PNG:
			require.True(t, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")), "PNG without signature and IHDR")
		case documents.JPEG:
			require.True(t, len(data) >= 5 && bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) && bytes.HasSuffix(data, []byte{0xFF, 0xD9}), "JPEG without markers")
		case documents.PDF:
			at := bytes.Index(data, []byte("%PDF-"))
			require.True(t, at >= 0 && at+5 <= 1024, "PDF header not in the first 1024 bytes")
			require.True(t, bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")), "PDF without %%EOF near the end")
			require.NotEqual(t, byte('<'), firstNonBlank(data[:at]), "markup before a PDF header")
		default:
			t.Fatalf("unknown type %q", ct)
		}
	})
}

func firstNonBlank(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}
