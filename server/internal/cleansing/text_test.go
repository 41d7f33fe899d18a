package cleansing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want, err string }{
		{name: "trim and collapse", in: "  Acme \t  Widgets\n Inc ", want: "Acme Widgets Inc"},
		{name: "no-break and ideographic spaces", in: "Acme\u00a0Widgets\u3000Inc", want: "Acme Widgets Inc"},
		{name: "composes to NFC", in: "Cafe\u0301 Ltd", want: "Café Ltd"},
		{name: "drops zero-width space", in: "Ac\u200bme", want: "Acme"},
		{name: "drops BOM and soft hyphen", in: "\ufeffAc\u00adme", want: "Acme"},
		{name: "keeps zero-width joiners", in: "می\u200cخواهم", want: "می\u200cخواهم"},
		{name: "keeps other scripts", in: "株式会社 東京", want: "株式会社 東京"},
		{name: "empty", in: " \t ", want: ""},
		{name: "NUL", in: "Acme\x00", err: "must not contain control characters"},
		{name: "escape", in: "Acme\x1b[31m", err: "must not contain control characters"},
		{name: "DEL", in: "Acme\x7f", err: "must not contain control characters"},
		{name: "C1 control", in: "Acme\u0090", err: "must not contain control characters"},
		{name: "right-to-left override", in: "Acme\u202egnp.exe", err: "must not contain invisible characters that reorder text"},
		{name: "isolate", in: "Acme\u2067x", err: "must not contain invisible characters that reorder text"},
		{name: "invalid UTF-8", in: "Acme\xff", err: "must be valid UTF-8 text"},
	}
	for _, tt := range tests {
		got, err := cleanText(tt.in)
		if tt.err != "" {
			require.Error(t, err, tt.name)
			assert.Equal(t, tt.err, err.Error(), tt.name)
			continue
		}
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestCleanFieldLength(t *testing.T) {
	t.Parallel()
	_, err := cleanField("ééé", 3)
	assert.NoError(t, err, "counts characters, not bytes")
	_, err = cleanField("éééé", 3)
	assert.EqualError(t, err, "must be at most 3 characters, not 4")
}
