package vault_test

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// TestBlindIndexGolden pins the construction: stored indexes are compared with indexes
// computed now, so any change here orphans every stored one. The values were checked
// against an independent HMAC-SHA256 (Python's hmac) of
// "vouch blind index v1\x00" + uvarint(len(field)) + field + value.
func TestBlindIndexGolden(t *testing.T) {
	r := vault.DevRing()
	assert.Equal(t, "xmNqT9AGn4XIWpbBYSiLp21dzJfaqbjE25eqAUr9ETk", r.BlindIndex(fieldAccount, "123456789"))
	assert.Equal(t, "jo8LyhNOTFqcpk2FQ4I_Aef8RuRSv3QQiRfi_VoOEfo", r.BlindIndex(fieldTIN, "123456789"))
}

func TestBlindIndex(t *testing.T) {
	r, s := genRing(t, "k1")
	again := newRing(t, s)
	idx := r.BlindIndex(fieldAccount, "000123456789")

	assert.Len(t, idx, 43)
	_, err := base64.RawURLEncoding.Strict().DecodeString(idx)
	assert.NoError(t, err, "base64url")

	tests := []struct {
		name         string
		field, value string
		same         bool
	}{
		{"same field and value, same ring", fieldAccount, "000123456789", true},
		{"another field", fieldTIN, "000123456789", false},
		{"another value", fieldAccount, "000123456788", false},
		{"unnormalized value", fieldAccount, "0001 2345 6789", false},
		{"field and value boundary moved", fieldAccount + "0", "00123456789", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.BlindIndex(tt.field, tt.value)
			assert.Equal(t, tt.same, got == idx)
			assert.Equal(t, got, again.BlindIndex(tt.field, tt.value), "deterministic across parses of one ring")
		})
	}

	// Another index key gives unrelated indexes; other encryption keys change nothing.
	other, _ := genRing(t, "k1")
	assert.NotEqual(t, idx, other.BlindIndex(fieldAccount, "000123456789"))
	assert.NotEqual(t, idx, vault.DevRing().BlindIndex(fieldAccount, "000123456789"))
}

func TestAAD(t *testing.T) {
	// No two (field, row) pairs may share bytes, or a value could move between them.
	pairs := [][2]string{{"ab", "c"}, {"a", "bc"}, {"abc", ""}, {"", "abc"}, {"a\x01", "b"}, {"a", "\x01b"}}
	seen := map[string][2]string{}
	for _, p := range pairs {
		k := string(vault.AAD(p[0], p[1]))
		if prev, ok := seen[k]; ok {
			t.Fatalf("AAD%q and AAD%q collide", prev, p)
		}
		seen[k] = p
	}
	assert.True(t, bytes.HasPrefix(vault.AAD(fieldAccount, "bac_1"), []byte{byte(len(fieldAccount))}))
}
