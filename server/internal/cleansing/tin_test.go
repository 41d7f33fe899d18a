package cleansing

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestTINDigits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tinType, in string
		want              string // digits when valid
		err               string // message when invalid
	}{
		{name: "ein with dash", tinType: "ein", in: "12-3456789", want: "123456789"},
		{name: "ein bare", tinType: "ein", in: "123456789", want: "123456789"},
		{name: "ein with spaces around", tinType: "ein", in: "  12 3456789 ", want: "123456789"},
		{name: "ein pasted with en dash and no-break space", tinType: "ein", in: "12\u2013\u00a03456789", want: "123456789"},
		{name: "ein odd grouping", tinType: "ein", in: "1234-56789", want: "123456789"},
		{name: "ein prefix 01", tinType: "ein", in: "01-0000001", want: "010000001"},
		{name: "ein prefix 99", tinType: "ein", in: "99-1234567", want: "991234567"},
		{name: "ein prefix 07", tinType: "ein", in: "07-1234567", err: "is not a valid EIN: the prefix 07 is not issued by the IRS"},
		{name: "ein prefix 00", tinType: "ein", in: "00-1234567", err: "is not a valid EIN: the prefix 00 is not issued by the IRS"},
		{name: "ein prefix 89", tinType: "ein", in: "891234567", err: "is not a valid EIN: the prefix 89 is not issued by the IRS"},
		{name: "ein written as ssn", tinType: "ein", in: "987-65-4321", err: "is written like an SSN or ITIN (123-45-6789); an EIN is written 12-3456789"},
		{name: "ein too short", tinType: "ein", in: "12-345678", err: "must have 9 digits, not 8"},
		{name: "ein too long", tinType: "ein", in: "12-34567890", err: "must have 9 digits, not 10"},
		{name: "ein letters", tinType: "ein", in: "12-345678O", err: "must contain only digits, dashes and spaces"},
		{name: "ein unicode digits", tinType: "ein", in: "１２-3456789", err: "must contain only digits, dashes and spaces"},
		{name: "empty", tinType: "ein", in: "  ", err: "is required"},
		{name: "ssn with dashes", tinType: "ssn", in: "123-45-6789", want: "123456789"},
		{name: "ssn bare", tinType: "ssn", in: "123456789", want: "123456789"},
		{name: "ssn spaces", tinType: "ssn", in: "123 45 6789", want: "123456789"},
		{name: "ssn written as ein", tinType: "ssn", in: "98-7654321", err: "is written like an EIN (12-3456789); an SSN or ITIN is written 123-45-6789"},
		{name: "ssn area 000", tinType: "ssn", in: "000-12-3456", err: "is not a valid SSN: no SSN starts with 000"},
		{name: "ssn area 666", tinType: "ssn", in: "666-12-3456", err: "is not a valid SSN: no SSN starts with 666"},
		{name: "ssn area 900", tinType: "ssn", in: "900-12-3456", err: "is not a valid SSN: SSNs never start with 9 (numbers starting with 9 are ITINs)"},
		{name: "ssn area 999", tinType: "ssn", in: "999-12-3456", err: "is not a valid SSN: SSNs never start with 9 (numbers starting with 9 are ITINs)"},
		{name: "ssn area 899", tinType: "ssn", in: "899-12-3456", want: "899123456"},
		{name: "ssn group 00", tinType: "ssn", in: "123-00-4567", err: "is not a valid SSN: the 4th and 5th digits are never 00"},
		{name: "ssn serial 0000", tinType: "ssn", in: "123-45-0000", err: "is not a valid SSN: the last four digits are never 0000"},
		{name: "itin 50", tinType: "itin", in: "900-50-1234", want: "900501234"},
		{name: "itin 65", tinType: "itin", in: "912-65-1234", want: "912651234"},
		{name: "itin 70", tinType: "itin", in: "912-70-1234", want: "912701234"},
		{name: "itin 88", tinType: "itin", in: "912-88-1234", want: "912881234"},
		{name: "itin 90", tinType: "itin", in: "912-90-1234", want: "912901234"},
		{name: "itin 92", tinType: "itin", in: "912-92-1234", want: "912921234"},
		{name: "itin 94", tinType: "itin", in: "912-94-1234", want: "912941234"},
		{name: "itin 99", tinType: "itin", in: "912999999", want: "912999999"},
		{name: "itin not 9", tinType: "itin", in: "812-70-1234", err: "is not a valid ITIN: ITINs start with 9"},
		{name: "itin 49", tinType: "itin", in: "912-49-1234", err: "is not a valid ITIN: the 4th and 5th digits are not in a range the IRS issues (50–65, 70–88, 90–92, 94–99)"},
		{name: "itin 66", tinType: "itin", in: "912-66-1234", err: "is not a valid ITIN: the 4th and 5th digits are not in a range the IRS issues (50–65, 70–88, 90–92, 94–99)"},
		{name: "itin 89", tinType: "itin", in: "912-89-1234", err: "is not a valid ITIN: the 4th and 5th digits are not in a range the IRS issues (50–65, 70–88, 90–92, 94–99)"},
		{name: "itin 93", tinType: "itin", in: "912-93-1234", err: "is not a valid ITIN: the 4th and 5th digits are not in a range the IRS issues (50–65, 70–88, 90–92, 94–99)"},
		{name: "unknown type", tinType: "vat", in: "123456789", err: "cannot be checked without a valid tin_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := TINDigits(tt.tinType, tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.ErrorIs(t, err, errs.ErrInvalid)
				if d := strings.Map(keepDigits, tt.in); len(d) >= 4 && !strings.HasSuffix(d, "0000") { // 0000 is named as a rule
					assert.NotContains(t, err.Error(), d[len(d)-4:], "the message must not repeat the number")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEINPrefixesMatchIRSList(t *testing.T) {
	t.Parallel()
	invalid := map[int]bool{0: true, 7: true, 8: true, 9: true, 17: true, 18: true, 19: true, 28: true, 29: true,
		49: true, 69: true, 70: true, 78: true, 79: true, 89: true, 96: true, 97: true}
	for p := 0; p <= 99; p++ {
		_, err := TINDigits(TINTypeEIN, fmt.Sprintf("%02d-1234567", p))
		if invalid[p] {
			assert.Error(t, err, "prefix %02d", p)
		} else {
			assert.NoError(t, err, "prefix %02d", p)
		}
	}
}

func TestFormatTIN(t *testing.T) {
	t.Parallel()
	tests := []struct{ tinType, in, want string }{
		{"ein", "123456789", "12-3456789"},
		{"ssn", "123456789", "123-45-6789"},
		{"itin", "912701234", "912-70-1234"},
		{"ein", "12345678", "12345678"},   // not 9 digits: unchanged
		{"ein", "12-345678", "12-345678"}, // not digits: unchanged
		{"vat", "123456789", "123456789"}, // unknown type: unchanged
		{"ssn", "12345678x", "12345678x"}, // not digits: unchanged
		{"ein", "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FormatTIN(tt.tinType, tt.in), "%s %q", tt.tinType, tt.in)
	}
}

func TestMaskTIN(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "•••••6789", maskTIN("123456789"))
	assert.Equal(t, "••-•••6789", maskTIN("12-3456789"))
	assert.Equal(t, "•••-••-6789", maskTIN("123-45-6789"))
	assert.Equal(t, "123", maskTIN("123"))
	assert.Equal(t, "", maskTIN(""))
}

// keepDigits is a strings.Map function that keeps ASCII digits.
func keepDigits(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
