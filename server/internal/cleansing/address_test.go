package cleansing

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestStandardLine1(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// Suffixes, Publication 28 appendix C1.
		{"100 Main Street", "100 MAIN ST"},
		{"100 Fifth Avenue", "100 FIFTH AVE"},
		{"100 Sunset Boulevard", "100 SUNSET BLVD"},
		{"100 Mill Road", "100 MILL RD"},
		{"100 Oak Drive", "100 OAK DR"},
		{"100 Cherry Lane", "100 CHERRY LN"},
		{"100 Elm Court", "100 ELM CT"},
		{"100 Elm Place", "100 ELM PL"},
		{"100 Garden State Parkway", "100 GARDEN STATE PKWY"},
		{"100 Pacific Coast Highway", "100 PACIFIC COAST HWY"},
		{"100 Ocean Terrace", "100 OCEAN TER"},
		{"100 Lake Circle", "100 LAKE CIR"},
		{"100 Town Square", "100 TOWN SQ"},
		{"100 Market Crossing", "100 MARKET XING"},
		{"100 Main Expressway", "100 MAIN EXPY"},
		{"100 Main Av", "100 MAIN AVE"},
		{"100 Main Str", "100 MAIN ST"},
		{"100 Main Boulv", "100 MAIN BLVD"},
		{"100 Main Way", "100 MAIN WAY"},
		// A suffix word inside the name stays a name.
		{"500 Mountain View Drive", "500 MOUNTAIN VIEW DR"},
		{"1 Court Street", "1 COURT ST"},
		{"100 Park Avenue", "100 PARK AVE"},
		{"100 Broadway", "100 BROADWAY"},
		{"100 Avenue of the Americas", "100 AVENUE OF THE AMERICAS"},
		{"100 Highway 20", "100 HIGHWAY 20"},
		// Directionals.
		{"100 North Main Street", "100 N MAIN ST"},
		{"100 Main Street North", "100 MAIN ST N"},
		{"1600 Pennsylvania Avenue Northwest", "1600 PENNSYLVANIA AVE NW"},
		{"1600 Pennsylvania Avenue N.W.", "1600 PENNSYLVANIA AVE NW"},
		{"1600 Pennsylvania Ave. N W", "1600 PENNSYLVANIA AVE NW"},
		{"100 South West Elm Street", "100 SW ELM ST"},
		{"100 Southwest Elm Street", "100 SW ELM ST"},
		{"100 W. 34th St.", "100 W 34TH ST"},
		{"100 North Street", "100 NORTH ST"}, // the street is named North
		{"100 East Street", "100 EAST ST"},
		// Punctuation.
		{"100 Main St., Apt. 5", "100 MAIN ST APT 5"},
		{"100 Main St,Apt 5", "100 MAIN ST APT 5"},
		{"100 St.Johns Road", "100 ST JOHNS RD"},
		{"100 1/2 Main St", "100 1/2 MAIN ST"},
		{"100-12 Queens Blvd", "100-12 QUEENS BLVD"},
		{"2.5 Mile Road", "2.5 MILE RD"},
		// Secondary units, appendix C2, and #.
		{"100 Main Street Suite 200", "100 MAIN ST STE 200"},
		{"100 Main Street Apartment 5", "100 MAIN ST APT 5"},
		{"100 Main Street Building 4 Floor 2", "100 MAIN ST BLDG 4 FL 2"},
		{"100 Main Street Room 12", "100 MAIN ST RM 12"},
		{"100 Main Street Suite #200", "100 MAIN ST STE 200"},
		{"100 Main St Apt# 5", "100 MAIN ST APT 5"},
		{"12 main st #4b", "12 MAIN ST # 4B"},
		{"12 main st # 4b", "12 MAIN ST # 4B"},
		{"100 Main Street Rear", "100 MAIN ST REAR"},
		{"100 Main Street Front", "100 MAIN ST FRNT"},
		{"100 Main Street North Lobby", "100 MAIN ST N LBBY"},
		{"100 Front Street", "100 FRONT ST"}, // FRONT is the street here
		{"100 Pier Avenue", "100 PIER AVE"},
		{"100 Ocean Key", "100 OCEAN KY"},
		{"200 Park Ave South Fl 3", "200 PARK AVE S FL 3"},
		// PO boxes.
		{"P.O. Box 123", "PO BOX 123"},
		{"PO Box 123", "PO BOX 123"},
		{"P O Box 123", "PO BOX 123"},
		{"Post Office Box 123", "PO BOX 123"},
		{"POBox 123", "PO BOX 123"},
		// Already standard: unchanged.
		{"100 N MAIN ST STE 200", "100 N MAIN ST STE 200"},
		{"PO BOX 123", "PO BOX 123"},
	}
	for _, tt := range tests {
		got := standardLine1(tt.in)
		assert.Equal(t, tt.want, got, "line1 %q", tt.in)
		assert.Equal(t, got, standardLine1(got), "idempotent for %q", tt.in)
	}
}

func TestStandardLine2(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Suite 200", "STE 200"},
		{"suite #200", "STE 200"},
		{"Apt. 5B", "APT 5B"},
		{"#12", "# 12"},
		{"Floor 3", "FL 3"},
		{"Building C, Room 4", "BLDG C RM 4"},
		{"P.O. Box 9", "PO BOX 9"},
		{"100 Main Street", "100 MAIN ST"},
		{"Attn: John Hill", "ATTN: JOHN HILL"}, // names are not suffixes
		{"c/o Acme Court Services", "C/O ACME COURT SERVICES"},
		{"", ""},
	}
	for _, tt := range tests {
		got := standardLine2(tt.in)
		assert.Equal(t, tt.want, got, "line2 %q", tt.in)
		assert.Equal(t, got, standardLine2(got), "idempotent for %q", tt.in)
	}
}

func TestZipCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"94103", "94103"},
		{"94103-1234", "94103-1234"},
		{"941031234", "94103-1234"},
		{"94103 1234", "94103-1234"},
		{"94103 - 1234", "94103-1234"},
		{"94103\u20131234", "94103-1234"},
		{"9410", ""},
		{"941031", ""},
		{"94103-123", ""},
		{"9410-31234", ""},
		{"94103-1234-5", ""},
		{"ABCDE", ""},
		{"94103.1234", ""},
	}
	for _, tt := range tests {
		got, err := zipCode(tt.in)
		if tt.want == "" {
			assert.Error(t, err, "zip %q", tt.in)
			continue
		}
		require.NoError(t, err, "zip %q", tt.in)
		assert.Equal(t, tt.want, got)
	}
}

func TestCleanseAddress(t *testing.T) {
	t.Parallel()
	sf := Address{Line1: "100 MAIN ST", City: "SAN FRANCISCO", Region: "CA", PostalCode: "94103", Country: "US"}
	with := func(f func(*Address)) Address { a := sf; f(&a); return a }
	tests := []struct {
		name   string
		in     Address
		want   Address
		fields map[string]string // field errors expected, by field
	}{
		{name: "standard already", in: sf, want: sf},
		{
			name: "typed loosely",
			in:   Address{Line1: "  100 north  main street, suite #200 ", Line2: "floor 3", City: "san  francisco", Region: "California", PostalCode: "941031234", Country: "us"},
			want: Address{Line1: "100 N MAIN ST STE 200", Line2: "FL 3", City: "SAN FRANCISCO", Region: "CA", PostalCode: "94103-1234", Country: "US"},
		},
		{name: "city with periods", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "St. Louis", "mo", "63101" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "ST LOUIS", "MO", "63101" })},
		{name: "state name with periods", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Washington", "D.C.", "20500" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "WASHINGTON", "DC", "20500" })},
		{name: "district of columbia", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Washington", "District of Columbia", "20500" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "WASHINGTON", "DC", "20500" })},
		{name: "puerto rico", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "San Juan", "Puerto Rico", "00901" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "SAN JUAN", "PR", "00901" })},
		{name: "virgin islands", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Charlotte Amalie", "U.S. Virgin Islands", "00802" }),
			want: with(func(a *Address) {
				a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "CHARLOTTE AMALIE", "VI", "00802"
			})},
		{name: "guam", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Hagatna", "GU", "96910" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "HAGATNA", "GU", "96910" })},
		{name: "american samoa", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Pago Pago", "American Samoa", "96799" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "PAGO PAGO", "AS", "96799" })},
		{name: "northern mariana islands", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Saipan", "MP", "96950" }),
			want: with(func(a *Address) { a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "SAIPAN", "MP", "96950" })},
		{name: "military AE", in: Address{Line1: "Unit 2050 Box 4190", City: "APO", Region: "Armed Forces Europe", PostalCode: "09096", Country: "US"},
			want: Address{Line1: "UNIT 2050 BOX 4190", City: "APO", Region: "AE", PostalCode: "09096", Country: "US"}},
		{name: "military AP", in: Address{Line1: "PSC 123 Box 456", City: "FPO", Region: "AP", PostalCode: "96350", Country: "US"},
			want: Address{Line1: "PSC 123 BOX 456", City: "FPO", Region: "AP", PostalCode: "96350", Country: "US"}},
		{name: "military AA", in: Address{Line1: "Unit 3000 Box 1", City: "DPO", Region: "AA", PostalCode: "34001", Country: "US"},
			want: Address{Line1: "UNIT 3000 BOX 1", City: "DPO", Region: "AA", PostalCode: "34001", Country: "US"}},
		{name: "fishers island NY uses a CT prefix", in: with(func(a *Address) { a.City, a.Region, a.PostalCode = "Fishers Island", "NY", "06390" }),
			want: with(func(a *Address) {
				a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "FISHERS ISLAND", "NY", "06390"
			})},
		{name: "empty is not entered yet", in: Address{}, want: Address{}},
		{name: "blank is not entered yet", in: Address{Line1: "  ", Country: " "}, want: Address{}},
		{name: "country alias", in: with(func(a *Address) { a.Country = "U.S.A."; a.Line1 = "100 Main St" }), want: sf},

		// Impossible addresses.
		{name: "missing everything but country", in: Address{Country: "US"}, want: Address{Country: "US"},
			fields: map[string]string{"line1": "is required", "city": "is required", "region": "is required: the state, like CA or California", "postal_code": "is required: the 5-digit ZIP Code"}},
		{name: "missing country", in: with(func(a *Address) { a.Country = "" }), want: with(func(a *Address) { a.Country = "" }),
			fields: map[string]string{"country": "is required: a two-letter ISO 3166 code, like US"}},
		{name: "unknown country", in: with(func(a *Address) { a.Country = "XX" }), want: with(func(a *Address) { a.Country = "XX" }),
			fields: map[string]string{"country": "must be a two-letter ISO 3166 country code, like US, CA or GB"}},
		{name: "unknown state", in: with(func(a *Address) { a.Region = "Cascadia" }), want: with(func(a *Address) { a.Line1, a.City, a.Region = "100 MAIN ST", "SAN FRANCISCO", "Cascadia" }),
			fields: map[string]string{"region": "is not a US state or territory: use its two-letter code, like CA, or its name, like California"}},
		{name: "bad zip", in: with(func(a *Address) { a.PostalCode = "9410" }), want: with(func(a *Address) { a.Line1, a.City, a.PostalCode = "100 MAIN ST", "SAN FRANCISCO", "9410" }),
			fields: map[string]string{"postal_code": "is not a ZIP Code: use 5 digits, or ZIP+4 like 12345-6789"}},
		{name: "zip of another state", in: with(func(a *Address) { a.PostalCode = "10001" }), want: with(func(a *Address) { a.Line1, a.City, a.PostalCode = "100 MAIN ST", "SAN FRANCISCO", "10001" }),
			fields: map[string]string{"postal_code": "is not a ZIP Code of CA: ZIP Codes there start with 900–961"}},
		{name: "zip 00000", in: with(func(a *Address) { a.PostalCode = "00000" }), want: with(func(a *Address) { a.Line1, a.City, a.PostalCode = "100 MAIN ST", "SAN FRANCISCO", "00000" }),
			fields: map[string]string{"postal_code": "is not a ZIP Code of CA: ZIP Codes there start with 900–961"}},
		{name: "zip message lists every range", in: with(func(a *Address) { a.Region, a.PostalCode = "AR", "10001" }), want: with(func(a *Address) {
			a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "SAN FRANCISCO", "AR", "10001"
		}),
			fields: map[string]string{"postal_code": "is not a ZIP Code of AR: ZIP Codes there start with 716–729, 755"}},
		{name: "military state needs APO", in: with(func(a *Address) { a.Region, a.PostalCode = "AE", "09096" }), want: with(func(a *Address) {
			a.Line1, a.City, a.Region, a.PostalCode = "100 MAIN ST", "SAN FRANCISCO", "AE", "09096"
		}),
			fields: map[string]string{"city": "must be APO, FPO or DPO for an address in AE"}},
		{name: "APO needs a military state", in: with(func(a *Address) { a.City = "apo" }), want: with(func(a *Address) { a.Line1, a.City = "100 MAIN ST", "APO" }),
			fields: map[string]string{"region": "must be AA, AE or AP for an APO address"}},
		{name: "line1 only punctuation", in: with(func(a *Address) { a.Line1 = ". , #" }), want: with(func(a *Address) { a.Line1 = ". , #" }),
			fields: map[string]string{"line1": "must be a street address, like 100 MAIN ST"}},
		{name: "city without letters", in: with(func(a *Address) { a.City = "12345" }), want: with(func(a *Address) { a.Line1 = "100 MAIN ST"; a.City = "12345" }),
			fields: map[string]string{"city": "must be a city name"}},
		{name: "control character", in: with(func(a *Address) { a.Line1 = "100 Main\x00 St" }), want: with(func(a *Address) { a.Line1 = "100 Main\x00 St"; a.City = "SAN FRANCISCO" }),
			fields: map[string]string{"line1": "must not contain control characters"}},
		{name: "NUL bytes", in: with(func(a *Address) { a.Line2 = string(make([]byte, 101)) }), want: with(func(a *Address) { a.Line1, a.City, a.Line2 = "100 MAIN ST", "SAN FRANCISCO", string(make([]byte, 101)) }),
			fields: map[string]string{"line2": "must not contain control characters"}},

		// Outside the US: kept as typed.
		{name: "canada kept as typed", in: Address{Line1: " 100 Queen Street West ", City: "Toronto", Region: "Ontario", PostalCode: "M5H  2N2", Country: "ca"},
			want: Address{Line1: "100 Queen Street West", City: "Toronto", Region: "Ontario", PostalCode: "M5H 2N2", Country: "CA"}},
		{name: "no postal code needed", in: Address{Line1: "1 Queen's Road Central", City: "Central", Country: "HK"},
			want: Address{Line1: "1 Queen's Road Central", City: "Central", Country: "HK"}},
		{name: "uk alias", in: Address{Line1: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA", Country: "UK"},
			want: Address{Line1: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA", Country: "GB"}},
		{name: "non-US still needs line1 and city", in: Address{Country: "DE"}, want: Address{Country: "DE"},
			fields: map[string]string{"line1": "is required", "city": "is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := CleanseAddress(tt.in)
			assert.Equal(t, tt.want, got)
			if len(tt.fields) == 0 {
				require.NoError(t, err)
				again, err := CleanseAddress(got)
				require.NoError(t, err)
				assert.Equal(t, got, again, "idempotent")
				return
			}
			require.ErrorIs(t, err, errs.ErrInvalid)
			var fe errs.FieldErrors
			require.True(t, errors.As(err, &fe))
			gotFields := map[string]string{}
			for _, f := range fe {
				gotFields[f.Field] = f.Message
			}
			assert.Equal(t, tt.fields, gotFields)
		})
	}
}

func TestCleanseAddressLengths(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	_, err := CleanseAddress(Address{Line1: long(101), City: long(65), Region: long(65), PostalCode: long(21), Country: "FR"})
	var fe errs.FieldErrors
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, errs.FieldErrors{
		{Field: "line1", Message: "must be at most 100 characters, not 101"},
		{Field: "city", Message: "must be at most 64 characters, not 65"},
		{Field: "region", Message: "must be at most 64 characters, not 65"},
		{Field: "postal_code", Message: "must be at most 20 characters, not 21"},
	}, fe)
}
