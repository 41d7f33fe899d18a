package documents_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/documents/documentstest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// fsVault returns a Vault on a fresh FS with the dev ring, and the FS's documents dir.
func fsVault(t *testing.T) (*documents.Vault, *documents.FS, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := documents.NewFS(dir)
	require.NoError(t, err)
	return documents.NewVault(s, vault.DevRing(), documents.Options{}), s, filepath.Join(dir, "documents")
}

func TestVaultRoundTrip(t *testing.T) {
	t.Parallel()
	sizes := []int{0, 1, vault.MaxPlaintext - 1, vault.MaxPlaintext, vault.MaxPlaintext + 1, 3*vault.MaxPlaintext + 17}
	v, _, dir := fsVault(t)
	for _, n := range sizes {
		data := make([]byte, n)
		_, _ = rand.Read(data)
		id := "doc_s" + strings.Repeat("x", 1+n%7)
		sum, err := v.Put(t.Context(), id, data)
		require.NoError(t, err, "size %d", n)
		assert.Equal(t, documents.Digest(sha256.Sum256(data)), sum)

		got, err := v.Get(t.Context(), id)
		require.NoError(t, err, "size %d", n)
		assert.True(t, bytes.Equal(data, got), "size %d", n)

		// The disk holds the sealed form only.
		raw, err := os.ReadFile(filepath.Join(dir, id[4:6], id))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(raw), "vouch-document v1\nv1:dev:"))
		if n >= 16 {
			assert.False(t, bytes.Contains(raw, data[:16]), "plaintext on disk")
		}
	}
}

func TestVaultPlaintextNeverOnDisk(t *testing.T) {
	t.Parallel()
	v, _, dir := fsVault(t)
	secret := []byte(minimalPDF + "TIN 12-3456789")
	_, err := v.Put(t.Context(), "doc_tin1", secret)
	require.NoError(t, err)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.NotContains(t, string(b), "12-3456789", p)
		assert.NotContains(t, string(b), "%PDF", p)
		return nil
	})
	require.NoError(t, err)
}

func TestDigestText(t *testing.T) {
	t.Parallel()
	d := documents.Digest(sha256.Sum256([]byte("abc")))
	assert.Equal(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.String())
	txt, err := d.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, d.String(), string(txt))
}

// TestVaultRefusesAlteredBlobs stores a three-chunk document and then changes what is on
// disk the ways an attacker with file access, or a broken disk, could.
func TestVaultRefusesAlteredBlobs(t *testing.T) {
	t.Parallel()
	data := make([]byte, 2*vault.MaxPlaintext+100)
	_, _ = rand.Read(data)

	// lines splits a stored blob into its header and chunk lines; join puts them back.
	lines := func(raw []byte) []string { return strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") }
	join := func(l []string) []byte { return []byte(strings.Join(l, "\n") + "\n") }

	tests := []struct {
		name      string
		alter     func(t *testing.T, raw []byte) (id string, blob []byte) // what to store, under which id
		wantVault error                                                   // the vault error inside, if any
	}{
		{"one byte of ciphertext changed", func(t *testing.T, raw []byte) (string, []byte) {
			b := bytes.Clone(raw)
			i := len("vouch-document v1\nv1:dev:") + 10
			b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
			return "doc_orig", b
		}, vault.ErrAuthFailed},
		{"moved to another id", func(t *testing.T, raw []byte) (string, []byte) {
			return "doc_copy", raw
		}, vault.ErrAuthFailed},
		{"last chunk dropped", func(t *testing.T, raw []byte) (string, []byte) {
			l := lines(raw)
			return "doc_orig", join(l[:len(l)-1])
		}, vault.ErrAuthFailed},
		{"chunks swapped", func(t *testing.T, raw []byte) (string, []byte) {
			l := lines(raw)
			l[1], l[2] = l[2], l[1]
			return "doc_orig", join(l)
		}, vault.ErrAuthFailed},
		{"chunk duplicated", func(t *testing.T, raw []byte) (string, []byte) {
			l := lines(raw)
			l = append(l[:2], l[1:]...)
			return "doc_orig", join(l)
		}, vault.ErrAuthFailed},
		{"chunk from another document spliced in", func(t *testing.T, raw []byte) (string, []byte) {
			// A full middle chunk sealed by the same ring for another document.
			l := lines(raw)
			ct, err := vault.DevRing().Encrypt(make([]byte, vault.MaxPlaintext), vault.AAD("document.blob", "doc_else/1/3"))
			require.NoError(t, err)
			l[2] = ct
			return "doc_orig", join(l)
		}, vault.ErrAuthFailed},
		{"garbled line", func(t *testing.T, raw []byte) (string, []byte) {
			l := lines(raw)
			l[2] = "not a ciphertext"
			return "doc_orig", join(l)
		}, vault.ErrMalformed},
		{"plaintext written in place of the blob", func(t *testing.T, raw []byte) (string, []byte) {
			return "doc_orig", []byte(minimalPDF)
		}, nil},
		{"cut mid-line", func(t *testing.T, raw []byte) (string, []byte) {
			return "doc_orig", raw[:len(raw)-5]
		}, nil},
		{"header only", func(t *testing.T, raw []byte) (string, []byte) {
			return "doc_orig", []byte("vouch-document v1\n")
		}, nil},
		{"empty file", func(t *testing.T, raw []byte) (string, []byte) {
			return "doc_orig", nil
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, s, _ := fsVault(t)
			_, err := v.Put(t.Context(), "doc_orig", data)
			require.NoError(t, err)
			raw, err := s.Get(t.Context(), "doc_orig")
			require.NoError(t, err)

			id, blob := tt.alter(t, raw)
			require.NoError(t, s.Put(t.Context(), id, blob))
			got, err := v.Get(t.Context(), id)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, documents.ErrCorrupt)
			if tt.wantVault != nil {
				assert.ErrorIs(t, err, tt.wantVault)
			}
			assert.Contains(t, err.Error(), id, "the error names the document")
			assert.NotContains(t, err.Error(), "v1:dev:", "the error does not quote ciphertext")
		})
	}
}

func TestVaultAnotherRingCannotOpen(t *testing.T) {
	t.Parallel()
	mem := documentstest.NewMemory()
	_, err := documents.NewVault(mem, vault.DevRing(), documents.Options{}).Put(t.Context(), "doc_ring", []byte("x"))
	require.NoError(t, err)

	key, err := vault.GenerateKey("k9")
	require.NoError(t, err)
	idx, err := vault.GenerateKey("index")
	require.NoError(t, err)
	other, err := vault.ParseRing(key + "," + idx)
	require.NoError(t, err)
	_, err = documents.NewVault(mem, other, documents.Options{}).Get(t.Context(), "doc_ring")
	assert.ErrorIs(t, err, documents.ErrCorrupt)
	assert.ErrorIs(t, err, vault.ErrUnknownKey)
}

func TestVaultMissingAndBadIDs(t *testing.T) {
	t.Parallel()
	v, _, _ := fsVault(t)
	_, err := v.Get(t.Context(), "doc_none")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.NotErrorIs(t, err, documents.ErrCorrupt)

	for _, id := range documentstest.BadIDs {
		_, err := v.Put(t.Context(), id, []byte("x"))
		assert.ErrorIs(t, err, documents.ErrInvalidID, id)
		_, err = v.Get(t.Context(), id)
		assert.ErrorIs(t, err, documents.ErrInvalidID, id)
		assert.ErrorIs(t, v.Delete(t.Context(), id), documents.ErrInvalidID, id)
	}
}

func TestVaultDelete(t *testing.T) {
	t.Parallel()
	v, _, _ := fsVault(t)
	_, err := v.Put(t.Context(), "doc_gone", []byte("x"))
	require.NoError(t, err)
	require.NoError(t, v.Delete(t.Context(), "doc_gone"))
	_, err = v.Get(t.Context(), "doc_gone")
	assert.ErrorIs(t, err, errs.ErrNotFound)
}

// TestVaultChunksReseal shows key rotation works on a stored document chunk by chunk with
// the ring's own Reseal, as 0019 describes for other fields.
func TestVaultChunksReseal(t *testing.T) {
	t.Parallel()
	oldRing := vault.DevRing()
	mem := documentstest.NewMemory()
	data := make([]byte, vault.MaxPlaintext+10)
	_, _ = rand.Read(data)
	_, err := documents.NewVault(mem, oldRing, documents.Options{}).Put(t.Context(), "doc_rot", data)
	require.NoError(t, err)

	k2, err := vault.GenerateKey("k2")
	require.NoError(t, err)
	newRing, err := vault.ParseRing(k2 + "," + vault.DevKeys)
	require.NoError(t, err)

	raw, err := mem.Get(t.Context(), "doc_rot")
	require.NoError(t, err)
	l := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	n := len(l) - 1
	for i := 1; i <= n; i++ {
		aad := vault.AAD("document.blob", "doc_rot/"+itoa(i-1)+"/"+itoa(n))
		out, changed, err := newRing.Reseal(l[i], aad)
		require.NoError(t, err)
		assert.True(t, changed)
		l[i] = out
	}
	require.NoError(t, mem.Put(t.Context(), "doc_rot", []byte(strings.Join(l, "\n")+"\n")))

	got, err := documents.NewVault(mem, newRing, documents.Options{}).Get(t.Context(), "doc_rot")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, got))
}

func itoa(i int) string { return strconv.Itoa(i) }
