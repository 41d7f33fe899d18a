package ownermatch_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/banking/ownermatch"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"case and spaces", "  acme   Widgets ", "ACME WIDGETS"},
		{"diacritics", "Müller Straße Café", "MULLER STRASSE CAFE"},
		{"apostrophes and periods vanish", "O'Brien & Sons, L.L.C.", "OBRIEN AND SONS"},
		{"other punctuation is a space", "Smith-Jones/Partners (US)", "SMITH JONES PARTNERS US"},
		{"ampersand", "Bolt&Nut", "BOLT AND NUT"},
		{"the anywhere", "The Acme Company, The", "ACME"},
		{"only the", "The", "THE"},
		{"stacked suffixes", "Acme Co., Inc.", "ACME"},
		{"spaced suffix", "Acme L L C", "ACME"},
		{"suffix-only name kept", "Company Inc", "COMPANY"},
		{"suffix inside a name kept", "SA Recycling LLC", "SA RECYCLING"},
		{"abbreviations", "Acme Intl Mfg Svcs", "ACME INTERNATIONAL MANUFACTURING SERVICES"},
		{"more abbreviations", "Smith Bros Natl Tech Assoc", "SMITH BROTHERS NATIONAL TECHNOLOGY ASSOCIATES"},
		{"alias", "John Doe dba Doe Plumbing LLC", "JOHN DOE | DOE PLUMBING"},
		{"spaced alias", "John Doe d/b/a Doe Plumbing", "JOHN DOE | DOE PLUMBING"},
		{"alias marker at the end is a word", "Acme DBA", "ACME DBA"},
		{"non-Latin letters kept", "株式会社 Acme", "株式会社 ACME"},
		{"empty", "", ""},
		{"punctuation only", "-- !! --", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, ownermatch.Normalize(tt.in))
		})
	}
}
