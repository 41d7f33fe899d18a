package documents_test

import (
	"crypto/rand"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/documents/documentstest"
	"github.com/vouchhq/vouch/server/internal/vault"
)

func TestVaultReseal(t *testing.T) {
	t.Parallel()
	mem := documentstest.NewMemory()
	data := make([]byte, 2*vault.MaxPlaintext+7)
	_, _ = rand.Read(data)
	_, err := documents.NewVault(mem, vault.DevRing(), documents.Options{}).Put(t.Context(), "doc_rot", data)
	require.NoError(t, err)

	k2, err := vault.GenerateKey("k2")
	require.NoError(t, err)
	rotated, err := vault.ParseRing(k2 + "," + vault.DevKeys)
	require.NoError(t, err)
	v := documents.NewVault(mem, rotated, documents.Options{})
	changed, err := v.Reseal(t.Context(), "doc_rot")
	require.NoError(t, err)
	assert.True(t, changed)
	again, err := v.Reseal(t.Context(), "doc_rot")
	require.NoError(t, err)
	assert.False(t, again, "a second pass finds nothing to do")

	onlyNew, err := vault.ParseRing(k2 + ",index:" + indexKeyOf(t))
	require.NoError(t, err)
	got, err := documents.NewVault(mem, onlyNew, documents.Options{}).Get(t.Context(), "doc_rot")
	require.NoError(t, err, "the old key is no longer needed")
	assert.Equal(t, data, got)
}

// indexKeyOf returns the dev ring's index key, which rotation keeps.
func indexKeyOf(t *testing.T) string {
	t.Helper()
	for _, e := range strings.FieldsFunc(vault.DevKeys, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if key, ok := strings.CutPrefix(e, "index:"); ok {
			return key
		}
	}
	t.Fatal("no index key in DevKeys")
	return ""
}
