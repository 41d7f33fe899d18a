package documents_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/documents/documentstest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

func TestAccept(t *testing.T) {
	t.Parallel()
	pngOK, jpegOK := pngBytes(t), jpegBytes(t)
	const limit = 4096

	tests := []struct {
		name     string
		id       string
		kind     documents.Kind
		fileName string
		body     []byte
		wantType documents.ContentType
		wantName string
		wantErr  error
	}{
		{"w9 pdf", "doc_w9", documents.KindW9, "W-9 2024.pdf", []byte(minimalPDF), documents.PDF, "W-9 2024.pdf", nil},
		{"bank letter png", "doc_bl", documents.KindBankLetter, "scan.PNG", pngOK, documents.PNG, "scan.PNG", nil},
		{"certificate jpeg", "doc_ci", documents.KindCertificateOfIncorporation, `C:\scans\cert.jpeg`, jpegOK, documents.JPEG, "cert.jpeg", nil},
		{"other, name says pdf but bytes are png", "doc_ot", documents.KindOther, "letter.pdf", pngOK, documents.PNG, "letter.pdf", nil},
		{"at the limit", "doc_lim", documents.KindOther, "x.pdf", padPDF(limit), documents.PDF, "x.pdf", nil},

		{"over the limit", "doc_big", documents.KindW9, "x.pdf", padPDF(limit + 1), "", "", documents.ErrTooLarge},
		{"empty", "doc_emp", documents.KindW9, "w9.pdf", nil, "", "", documents.ErrEmpty},
		{"exe renamed .pdf", "doc_exe", documents.KindW9, "w9.pdf", []byte("MZ\x90\x00This program cannot be run in DOS mode.\r\r\n$"), "", "", documents.ErrUnsupportedType},
		{"html named .pdf", "doc_htm", documents.KindW9, "w9.pdf", []byte("<html><script>document.location='https://evil'</script></html>"), "", "", documents.ErrUnsupportedType},
		{"png header on a pdf", "doc_png", documents.KindW9, "w9.pdf", append(bytes.Clone(pngOK[:8]), minimalPDF...), "", "", documents.ErrUnsupportedType},
		{"pdf without %%EOF", "doc_eof", documents.KindW9, "w9.pdf", []byte("%PDF-1.7\n" + strings.Repeat("\x00junk", 50)), "", "", documents.ErrUnsupportedType},
		{"zip named .pdf", "doc_zip", documents.KindW9, "w9.pdf", []byte("PK\x03\x04\x14\x00\x06\x00"), "", "", documents.ErrUnsupportedType},
		{"unknown kind", "doc_knd", documents.Kind("passport"), "p.pdf", []byte(minimalPDF), "", "", documents.ErrInvalidKind},
		{"traversal id", "../doc_x", documents.KindW9, "w9.pdf", []byte(minimalPDF), "", "", documents.ErrInvalidID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mem := documentstest.NewMemory()
			v := documents.NewVault(mem, vault.DevRing(), documents.Options{MaxSize: limit})
			doc, err := v.Accept(t.Context(), tt.id, documents.Upload{Kind: tt.kind, Name: tt.fileName, Body: bytes.NewReader(tt.body)})
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				assert.Zero(t, mem.Len(), "nothing stored on refusal")
				if tt.wantErr != documents.ErrInvalidID {
					assert.ErrorIs(t, err, errs.ErrInvalid, "a client error (422)")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, documents.Document{
				ID: tt.id, Kind: tt.kind, ContentType: tt.wantType, Name: tt.wantName,
				Size: int64(len(tt.body)), SHA256: sha256.Sum256(tt.body),
			}, doc)
			got, err := v.Get(t.Context(), tt.id)
			require.NoError(t, err)
			assert.Equal(t, tt.body, got)
		})
	}
}

// TestAcceptStopsReadingAtLimit feeds an endless body: Accept must refuse it having read
// no more than the limit and one byte.
func TestAcceptStopsReadingAtLimit(t *testing.T) {
	t.Parallel()
	v := documents.NewVault(documentstest.NewMemory(), vault.DevRing(), documents.Options{})
	body := &countingReader{left: 1 << 40}
	_, err := v.Accept(t.Context(), "doc_inf", documents.Upload{Kind: documents.KindW9, Name: "x.pdf", Body: io.Reader(body)})
	assert.ErrorIs(t, err, documents.ErrTooLarge)
	assert.Equal(t, documents.DefaultMaxSize+1, body.read)
}

// padPDF returns minimalPDF grown to exactly n bytes (n > len(minimalPDF)+1) by a comment
// line before the cross-reference table, so %%EOF stays at the end.
func padPDF(n int) []byte {
	pad := n - len(minimalPDF) - 2 // "%" and "\n" around the padding
	head, tail, _ := strings.Cut(minimalPDF, "xref\n")
	return []byte(head + "%" + strings.Repeat("p", pad) + "\nxref\n" + tail)
}
