package cleansing

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTablesAreIdempotent(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]map[string]string{"suffixes": streetSuffixes, "units": unitDesignators, "directionals": directionals, "states": states} {
		for k, v := range m {
			assert.Equal(t, v, m[v], "%s: %s maps to %s, which must map to itself", name, k, v)
		}
	}
}

func TestTablesHoldTheIssuesAbbreviations(t *testing.T) {
	t.Parallel()
	for k, v := range map[string]string{"STREET": "ST", "AVENUE": "AVE", "BOULEVARD": "BLVD", "ROAD": "RD", "DRIVE": "DR",
		"LANE": "LN", "COURT": "CT", "PLACE": "PL", "PARKWAY": "PKWY", "HIGHWAY": "HWY", "CIRCLE": "CIR", "TERRACE": "TER"} {
		assert.Equal(t, v, streetSuffixes[k], k)
	}
	for k, v := range map[string]string{"SUITE": "STE", "APARTMENT": "APT", "BUILDING": "BLDG", "FLOOR": "FL", "ROOM": "RM", "DEPARTMENT": "DEPT"} {
		assert.Equal(t, v, unitDesignators[k], k)
	}
	for k, v := range map[string]string{"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW"} {
		assert.Equal(t, v, directionals[k], k)
	}
	for abbr := range unambiguousUnits {
		assert.Equal(t, abbr, unitDesignators[abbr], "unambiguous unit %s must be a designator", abbr)
	}
}

func TestStatesAndZIPPrefixes(t *testing.T) {
	t.Parallel()
	codes := map[string]bool{}
	for _, c := range states {
		codes[c] = true
	}
	assert.Len(t, codes, 50+1+5+3, "50 states, DC, PR GU VI AS MP, AA AE AP")
	for c := range codes {
		assert.NotEmpty(t, zip3[c], "%s has ZIP prefixes", c)
	}
	for c, ranges := range zip3 {
		assert.True(t, codes[c], "%s in zip3 is a state code", c)
		for _, r := range ranges {
			assert.LessOrEqual(t, r[0], r[1], "%s range %v", c, r)
			assert.True(t, r[0] >= 0 && r[1] <= 999, "%s range %v", c, r)
		}
	}
}

func TestZIPInState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zip, state string
		want       bool
	}{
		{"35004", "AL", true}, {"99501", "AK", true}, {"85001", "AZ", true}, {"72201", "AR", true},
		{"75502", "AR", true}, // Texarkana, Arkansas side
		{"94103", "CA", true}, {"80202", "CO", true}, {"06103", "CT", true}, {"19901", "DE", true},
		{"20500", "DC", true}, {"33101", "FL", true}, {"30303", "GA", true}, {"39901", "GA", true},
		{"96813", "HI", true}, {"83702", "ID", true}, {"60601", "IL", true}, {"46204", "IN", true},
		{"50309", "IA", true}, {"66603", "KS", true}, {"40601", "KY", true}, {"70112", "LA", true},
		{"04101", "ME", true}, {"21201", "MD", true}, {"02108", "MA", true}, {"05501", "MA", true},
		{"48226", "MI", true}, {"55401", "MN", true}, {"39201", "MS", true}, {"63101", "MO", true},
		{"59601", "MT", true}, {"68102", "NE", true}, {"89101", "NV", true}, {"03301", "NH", true},
		{"07102", "NJ", true}, {"87501", "NM", true}, {"10001", "NY", true}, {"00501", "NY", true},
		{"27601", "NC", true}, {"58501", "ND", true}, {"43215", "OH", true}, {"73102", "OK", true},
		{"97201", "OR", true}, {"19103", "PA", true}, {"02903", "RI", true}, {"29201", "SC", true},
		{"57501", "SD", true}, {"37203", "TN", true}, {"73301", "TX", true}, {"78701", "TX", true},
		{"88510", "TX", true}, {"84101", "UT", true}, {"05602", "VT", true}, {"23219", "VA", true},
		{"20101", "VA", true}, {"98101", "WA", true}, {"25301", "WV", true}, {"53703", "WI", true},
		{"82001", "WY", true}, {"00901", "PR", true}, {"00802", "VI", true}, {"96910", "GU", true},
		{"96950", "MP", true}, {"96799", "AS", true}, {"34001", "AA", true}, {"09096", "AE", true},
		{"96350", "AP", true},
		{"10001", "CA", false}, {"94103", "NY", false}, {"34001", "FL", false}, {"05501", "VT", false},
		{"73301", "OK", false}, {"00000", "NY", false}, {"99999", "WA", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, zipInState(tt.zip, tt.state), fmt.Sprintf("%s in %s", tt.zip, tt.state))
	}
}
