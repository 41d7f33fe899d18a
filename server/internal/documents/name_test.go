package documents_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/documents"
)

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"w9.pdf", "w9.pdf"},
		{"  W-9 (signed).PDF  ", "W-9 (signed).PDF"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\ana\Desktop\bank letter.pdf`, "bank letter.pdf"},
		{"dir/sub\\mixed/name.png", "name.png"},
		{"evil\x00name\r\n.pdf", "evilname.pdf"},
		{"tab\there.pdf", "tab here.pdf"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"}, // right-to-left override
		{"zero\u200Bwidth.pdf", "zerowidth.pdf"},
		{"bad\xffutf8.pdf", "badutf8.pdf"},
		{"Überweisung – Bestätigung.pdf", "Überweisung – Bestätigung.pdf"},
		{"", documents.UnnamedLabel},
		{"/", documents.UnnamedLabel},
		{"dir/", documents.UnnamedLabel},
		{"..", documents.UnnamedLabel},
		{"\x01\x02", documents.UnnamedLabel},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, documents.Sanitize(tt.in))
		})
	}
}

func TestSanitizeLength(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 500) + ".pdf"
	got := documents.Sanitize(long)
	assert.Equal(t, documents.MaxNameLen, utf8.RuneCountInString(got))
	assert.True(t, utf8.ValidString(got), "cut on a character boundary")
}
