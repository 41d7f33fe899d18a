package cleansing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestPhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, region, want, err string }{
		{name: "US national", in: "(650) 253-0000", region: "US", want: "+16502530000"},
		{name: "US with 1", in: "1-650-253-0000", region: "US", want: "+16502530000"},
		{name: "US dotted", in: "650.253.0000", region: "US", want: "+16502530000"},
		{name: "E.164 already", in: "+16502530000", region: "US", want: "+16502530000"},
		{name: "vanity letters", in: "1-800-FLOWERS", region: "US", want: "+18003569377"},
		{name: "UK national", in: "020 7946 0958", region: "GB", want: "+442079460958"},
		{name: "UK international from a US address", in: "+44 20 7946 0958", region: "US", want: "+442079460958"},
		{name: "German national", in: "030 123456", region: "DE", want: "+4930123456"},
		{name: "Canada shares +1", in: "613-555-0199", region: "CA", want: "+16135550199"},
		{name: "no region but +", in: "+1 650 253 0000", region: "", want: "+16502530000"},
		{name: "no region, no +", in: "650 253 0000", region: "", err: "needs its country code, like +1 415 555 2671, since the address has no country"},
		{name: "region the library does not know", in: "650 253 0000", region: "AQ", err: "needs its country code, like +1 415 555 2671"},
		{name: "unknown country code", in: "+999 1234 5678", region: "", err: "has a country code that does not exist"},
		{name: "too short", in: "12", region: "US", err: "is not a valid phone number in US: check the digits and the country code"},
		{name: "fictional 555-01xx", in: "555-0100", region: "US", err: "is not a valid phone number in US: check the digits and the country code"},
		{name: "not a number", in: "call me", region: "US", err: "is not a phone number"},
		{name: "extension", in: "650-253-0000 ext. 12", region: "US", err: "has an extension, which this field cannot hold: enter the number without it"},
		{name: "too long", in: "+1 650 253 0000 0000 0000 0000 0000 0000 00", region: "US", err: "must be at most 40 characters"},
		{name: "blank", in: "  ", region: "US", err: "is required"},
		{name: "control character", in: "650\x00253", region: "US", err: "must not contain control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Phone(tt.in, tt.region)
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.ErrorIs(t, err, errs.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := Phone(got, tt.region)
			require.NoError(t, err)
			assert.Equal(t, got, again, "idempotent")
		})
	}
}
