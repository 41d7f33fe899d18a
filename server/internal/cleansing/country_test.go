package cleansing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

func TestISOCountries(t *testing.T) {
	t.Parallel()
	assert.Len(t, isoCountries, 249, "ISO 3166-1 assigns 249 alpha-2 codes")
	for c := range isoCountries {
		// A second opinion from CLDR's region data.
		r, err := language.ParseRegion(c)
		require.NoError(t, err, c)
		assert.True(t, r.IsCountry(), "%s is a country to CLDR", c)
		assert.Equal(t, c, r.String(), "%s is canonical", c)
	}
	for _, c := range []string{"EU", "UK", "XK", "ZZ", "AN", "YU", "us", "USA", "U", ""} {
		assert.False(t, isoCountries[c], c)
	}
}

func TestCountryCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"US", "US"}, {"us", "US"}, {" ca ", "CA"}, {"USA", "US"}, {"U.S.A.", "US"}, {"u.s.", "US"},
		{"United States", "US"}, {"united  states of america", "US"}, {"UK", "GB"}, {"United Kingdom", "GB"},
		{"XK", ""}, {"ZZ", ""}, {"Canada", ""}, {"U", ""}, {"840", ""},
	}
	for _, tt := range tests {
		got, err := countryCode(tt.in)
		if tt.want == "" {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}
