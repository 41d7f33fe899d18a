package documents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestParseKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want documents.Kind
		ok   bool
	}{
		{"w9", documents.KindW9, true},
		{" W9 ", documents.KindW9, true},
		{"certificate_of_incorporation", documents.KindCertificateOfIncorporation, true},
		{"bank_letter", documents.KindBankLetter, true},
		{"other", documents.KindOther, true},
		{"", "", false},
		{"w-9", "", false},
		{"passport", "", false},
		{"bank letter", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := documents.ParseKind(tt.in)
			if !tt.ok {
				assert.ErrorIs(t, err, documents.ErrInvalidKind)
				assert.ErrorIs(t, err, errs.ErrInvalid, "maps to 422")
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, k := range documents.Kinds() {
		assert.True(t, k.Valid(), k)
	}
	assert.False(t, documents.Kind("W9").Valid(), "Valid is exact; ParseKind folds case")
}
