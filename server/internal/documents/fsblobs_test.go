package documents_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/documents/documentstest"
)

func TestFSContract(t *testing.T) {
	documentstest.TestBlobs(t, func(t *testing.T) documents.Blobs {
		s, err := documents.NewFS(t.TempDir())
		require.NoError(t, err)
		return s
	})
}

func TestMemoryContract(t *testing.T) {
	documentstest.TestBlobs(t, func(*testing.T) documents.Blobs { return documentstest.NewMemory() })
}

func TestFSLayoutAndModes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := documents.NewFS(dir)
	require.NoError(t, err)
	require.NoError(t, s.Put(t.Context(), "doc_k3xq", []byte("sealed")))

	// Sharded on the characters after the prefix, not on "do".
	path := filepath.Join(dir, "documents", "k3", "doc_k3xq")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "sealed", string(got))

	mode := func(p string) fs.FileMode {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		return fi.Mode().Perm()
	}
	assert.Equal(t, fs.FileMode(0o600), mode(path))
	assert.Equal(t, fs.FileMode(0o700), mode(filepath.Dir(path)))
	assert.Equal(t, fs.FileMode(0o700), mode(filepath.Join(dir, "documents")))

	// No temporary file is left behind.
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	// An id without an underscore shards on its first two characters.
	require.NoError(t, s.Put(t.Context(), "abcdef", []byte("x")))
	assert.FileExists(t, filepath.Join(dir, "documents", "ab", "abcdef"))
}

func TestFSTightensExistingDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "documents"), 0o755))
	_, err := documents.NewFS(dir)
	require.NoError(t, err)
	fi, err := os.Stat(filepath.Join(dir, "documents"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm())
}

func TestFSTraversalWritesNothing(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "data")
	s, err := documents.NewFS(dir)
	require.NoError(t, err)
	for _, id := range documentstest.BadIDs {
		assert.ErrorIs(t, s.Put(t.Context(), id, []byte("x")), documents.ErrInvalidID, id)
	}
	// Nothing appeared in the data dir or next to it.
	for _, d := range []string{parent, filepath.Join(dir, "documents")} {
		entries, err := os.ReadDir(d)
		require.NoError(t, err)
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if d == parent {
			assert.Equal(t, []string{"data"}, names)
		} else {
			assert.Empty(t, names)
		}
	}
}

func TestNewFSEmptyDir(t *testing.T) {
	t.Parallel()
	_, err := documents.NewFS("")
	assert.Error(t, err)
}
