package nacha_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/nacha"
	"github.com/vouchhq/vouch/shared/routing"
)

// TestBuildMicroDepositsGolden pins every column of a file against testdata/micro.ach,
// checked by hand against Appendix Three: a CCD batch for the business, a PPD batch
// for the sole proprietor, ten records and so no filler.
func TestBuildMicroDepositsGolden(t *testing.T) {
	t.Parallel()
	f, err := nacha.BuildMicroDeposits(settings(), microCredits())
	require.NoError(t, err)
	got, err := nacha.Encode(f)
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))

	require.Len(t, f.Batches, 2)
	assert.Equal(t, nacha.CCD, f.Batches[0].Header.SEC, "the first credit is to a business")
	assert.Equal(t, nacha.PPD, f.Batches[1].Header.SEC)
	assert.Equal(t, "ACCTVERIFY", f.Batches[0].Header.EntryDescription)
	assert.Equal(t, "JOSE MULLER-SMITH", f.Batches[1].Entries[0].Name, "uppercased, accents folded")
	assert.Equal(t, nacha.SavingsCredit, f.Batches[1].Entries[0].TransactionCode)
	assert.Equal(t, "011000010000044", f.Batches[1].Entries[1].TraceNumber, "ODFI + sequence from FirstTrace")
	assert.Equal(t, nacha.Totals{Batches: 2, Blocks: 1, Entries: 4, EntryHash: 28400052, Credit: 175}, f.Totals())
}

// TestFiller pads a short file to its block with lines of nines.
func TestFiller(t *testing.T) {
	t.Parallel()
	f, err := nacha.BuildMicroDeposits(settings(), microCredits()[:1])
	require.NoError(t, err)
	b, err := nacha.Encode(f)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	require.Len(t, lines, 10)
	assert.Equal(t, byte('9'), lines[4][0], "file control on line 5")
	for _, l := range lines[5:] {
		assert.Equal(t, strings.Repeat("9", 94), l)
	}
	assert.Equal(t, "000001", lines[4][7:13], "block count")
}

// TestBuildCRLF writes CR LF line endings when the bank asks for them.
func TestBuildCRLF(t *testing.T) {
	t.Parallel()
	s := settings()
	s.CRLF = true
	f, err := nacha.BuildMicroDeposits(s, microCredits())
	require.NoError(t, err)
	b, err := nacha.Encode(f)
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/micro.ach")
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(string(want), "\n", "\r\n"), string(b))
}

// TestBuildAnyAmount lets Build send any positive amount, which BuildMicroDeposits
// refuses.
func TestBuildAnyAmount(t *testing.T) {
	t.Parallel()
	c := microCredits()[:1]
	c[0].Amount = 9_999_999_999
	s := settings()
	_, err := nacha.Build(s, c)
	require.ErrorIs(t, err, nacha.ErrField, "Build needs an entry description")
	s.EntryDescription = "Payment"
	f, err := nacha.Build(s, c)
	require.NoError(t, err)
	assert.Equal(t, "PAYMENT", f.Batches[0].Header.EntryDescription)
	assert.Equal(t, int64(9_999_999_999), f.Totals().Credit)
	_, err = nacha.BuildMicroDeposits(settings(), c)
	require.ErrorIs(t, err, nacha.ErrField)
}

func TestBuildRefuses(t *testing.T) {
	t.Parallel()
	credit := func(change func(*nacha.Credit)) []nacha.Credit {
		c := microCredits()[:1]
		change(&c[0])
		return c
	}
	tests := []struct {
		name     string
		settings func(*nacha.Settings)
		credits  []nacha.Credit
		kind     error
		field    string // the CreditError's field, "" for other errors
		contains string
	}{
		{"bad routing checksum", nil, credit(func(c *nacha.Credit) { c.RoutingNumber = "021000022" }), routing.ErrChecksum, "routing number", "do not add up"},
		{"routing too short", nil, credit(func(c *nacha.Credit) { c.RoutingNumber = "02100002" }), routing.ErrLength, "routing number", "9 digits"},
		{"account with letters", nil, credit(func(c *nacha.Credit) { c.AccountNumber = "12AB5678" }), nacha.ErrField, "account number", "4 to 17 digits"},
		{"account too short", nil, credit(func(c *nacha.Credit) { c.AccountNumber = "123" }), nacha.ErrField, "account number", ""},
		{"account too long", nil, credit(func(c *nacha.Credit) { c.AccountNumber = strings.Repeat("1", 18) }), nacha.ErrField, "account number", ""},
		{"account type", nil, credit(func(c *nacha.Credit) { c.AccountType = "brokerage" }), nacha.ErrField, "account type", "brokerage"},
		{"zero amount", nil, credit(func(c *nacha.Credit) { c.Amount = 0 }), nacha.ErrField, "amount", "between 1 and 99"},
		{"a dollar is no micro-deposit", nil, credit(func(c *nacha.Credit) { c.Amount = 100 }), nacha.ErrField, "amount", "between 1 and 99"},
		{"name of punctuation", nil, credit(func(c *nacha.Credit) { c.Name = "*** ???" }), nacha.ErrField, "name", "no letter or digit"},
		{"ID too long", nil, credit(func(c *nacha.Credit) { c.ID = strings.Repeat("X", 16) }), nacha.ErrField, "ID", "15"},
		{"ID not ASCII", nil, credit(func(c *nacha.Credit) { c.ID = "BA-Ω" }), nacha.ErrField, "ID", ""},
		{"no credits", nil, []nacha.Credit{}, nacha.ErrEmpty, "", "no credits"},
		{"bad ODFI", func(s *nacha.Settings) { s.ODFI = "011000016" }, microCredits(), routing.ErrChecksum, "", "ODFI"},
		{"bad destination", func(s *nacha.Settings) { s.Destination = "123" }, microCredits(), routing.ErrLength, "", "immediate destination"},
		{"bad origin", func(s *nacha.Settings) { s.Origin = "12345" }, microCredits(), nacha.ErrField, "", "immediate origin"},
		{"no company name", func(s *nacha.Settings) { s.CompanyName = "  " }, microCredits(), nacha.ErrField, "", "company name"},
		{"company ID too long", func(s *nacha.Settings) { s.CompanyID = "12345678901" }, microCredits(), nacha.ErrField, "", "company identification"},
		{"no effective date", func(s *nacha.Settings) { s.EffectiveDate = time.Time{} }, microCredits(), nacha.ErrField, "", "effective date"},
		{"bad file ID modifier", func(s *nacha.Settings) { s.IDModifier = 'a' }, microCredits(), nacha.ErrField, "", "file ID modifier"},
		{"trace sequence overflow", func(s *nacha.Settings) { s.FirstTrace = 9_999_998 }, microCredits(), nacha.ErrTooLarge, "", "trace sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := settings()
			if tt.settings != nil {
				tt.settings(&s)
			}
			_, err := nacha.BuildMicroDeposits(s, tt.credits)
			require.ErrorIs(t, err, tt.kind)
			assert.Contains(t, err.Error(), tt.contains)
			if tt.field != "" {
				var ce *nacha.CreditError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.field, ce.Field)
				assert.Equal(t, 0, ce.Index)
			}
			assert.NotContains(t, err.Error(), "000123456789", "errors never quote an account number")
		})
	}
}

// TestBuildReportsEveryCredit lists all bad credits at once, so an operator fixes the
// export in one pass.
func TestBuildReportsEveryCredit(t *testing.T) {
	t.Parallel()
	c := microCredits()
	c[1].Amount = 0
	c[3].RoutingNumber = "121000249"
	_, err := nacha.BuildMicroDeposits(settings(), c)
	require.Error(t, err)
	var joined interface{ Unwrap() []error }
	require.True(t, errors.As(err, &joined))
	var idx []int
	for _, e := range joined.Unwrap() {
		var ce *nacha.CreditError
		require.ErrorAs(t, e, &ce)
		idx = append(idx, ce.Index)
	}
	assert.Equal(t, []int{1, 3}, idx)
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"Acme Widgets, LLC", 22, "ACME WIDGETS, LLC"},
		{"  José   Müller  ", 22, "JOSE MULLER"},
		{"Straße & Söhne", 22, "STRASSE & SOHNE"},
		{"O'Brien/Smith-Jones", 22, "O'BRIEN/SMITH-JONES"},
		{"Tab\tand\nnewline", 22, "TAB AND NEWLINE"},
		{"Quotes \"and\" <tags>; 100%", 30, "QUOTES AND TAGS 100"},
		{"株式会社", 22, ""},
		{"A very long business name indeed", 22, "A VERY LONG BUSINESS N"},
		{"Cut at a space here ok", 19, "CUT AT A SPACE HERE"},
		{"Cut at a space here ok", 20, "CUT AT A SPACE HERE"},
		{"anything", 0, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, nacha.CleanName(tt.in, tt.width), "CleanName(%q, %d)", tt.in, tt.width)
	}
}
