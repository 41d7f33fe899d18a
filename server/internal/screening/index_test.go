package screening_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/screening"
)

// TestSearchFullList screens names a reviewer would type against the whole July 2021 SDN
// list: exact, re-ordered, misspelt and alternate names find their entry; an ordinary
// supplier finds nothing.
func TestSearchFullList(t *testing.T) {
	ix := ofac2021(t)
	require.Greater(t, ix.Len(), 5000, "the whole list is indexed")

	tests := []struct {
		name, query string
		want        string // entity id of the best hit; "" for no hit
	}{
		{"exact entity", "Banco Nacional de Cuba", "306"},
		{"punctuation and case", "anglo caribbean co ltd", "173"},
		{"one letter off", "Aerocaribean Airlines", "36"},
		{"alternate name", "National Bank of Cuba", "306"},
		{"clean supplier", "Harbor Valley Office Supplies", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(screening.Subject{Name: tt.query})
			if tt.want == "" {
				assert.Empty(t, hits)
				return
			}
			require.NotEmpty(t, hits, "no hit for %q", tt.query)
			assert.Equal(t, tt.want, hits[0].EntityID, "best hit for %q: %+v", tt.query, hits[0])
			assert.NotEmpty(t, hits[0].Reasons, "a hit says why")
		})
	}
}
