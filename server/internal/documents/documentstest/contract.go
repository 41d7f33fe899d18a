package documentstest

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// BadIDs are ids every Blobs must refuse with documents.ErrInvalidID: traversal, separators,
// upper case, dot files, empty, too short or too long, and a bare prefix.
var BadIDs = []string{
	"", "a", "../../etc/passwd", "..", "doc_../x", "doc/ab", `doc\ab`, "doc_AB12", ".hidden",
	"_doc_ab", "doc_a", "doc_", "doc_ab\x00", "doc_ab ", "doc_ab\n", "doc_äb",
	"doc_" + string(bytes.Repeat([]byte("a"), documents.MaxIDLen)),
}

// TestBlobs runs the Blobs contract against the store newBlobs returns; each subtest gets
// a fresh store.
func TestBlobs(t *testing.T, newBlobs func(t *testing.T) documents.Blobs) {
	t.Run("round trip", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		data := []byte("sealed bytes\x00\xff")
		require.NoError(t, b.Put(ctx, "doc_ab12", data))
		got, err := b.Get(ctx, "doc_ab12")
		require.NoError(t, err)
		assert.Equal(t, data, got)

		data[0] = 'X' // the store kept its own copy
		got[1] = 'Y'
		again, err := b.Get(ctx, "doc_ab12")
		require.NoError(t, err)
		assert.Equal(t, []byte("sealed bytes\x00\xff"), again)
	})

	t.Run("empty blob", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		require.NoError(t, b.Put(ctx, "doc_empty", nil))
		got, err := b.Get(ctx, "doc_empty")
		require.NoError(t, err)
		assert.Empty(t, got)
	})

	t.Run("put replaces", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		require.NoError(t, b.Put(ctx, "doc_ab12", []byte("old, longer content")))
		require.NoError(t, b.Put(ctx, "doc_ab12", []byte("new")))
		got, err := b.Get(ctx, "doc_ab12")
		require.NoError(t, err)
		assert.Equal(t, []byte("new"), got)
	})

	t.Run("ids are separate", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		// Same shard, same prefix, ids that differ in one place.
		require.NoError(t, b.Put(ctx, "doc_ab12", []byte("one")))
		require.NoError(t, b.Put(ctx, "doc_ab13", []byte("two")))
		require.NoError(t, b.Put(ctx, "sup_ab12", []byte("three")))
		for id, want := range map[string]string{"doc_ab12": "one", "doc_ab13": "two", "sup_ab12": "three"} {
			got, err := b.Get(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, want, string(got), id)
		}
	})

	t.Run("missing is not found", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		_, err := b.Get(ctx, "doc_nope")
		assert.ErrorIs(t, err, errs.ErrNotFound)
	})

	t.Run("delete is idempotent", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		require.NoError(t, b.Put(ctx, "doc_ab12", []byte("x")))
		require.NoError(t, b.Delete(ctx, "doc_ab12"))
		_, err := b.Get(ctx, "doc_ab12")
		assert.ErrorIs(t, err, errs.ErrNotFound)
		assert.NoError(t, b.Delete(ctx, "doc_ab12"), "second delete")
		assert.NoError(t, b.Delete(ctx, "doc_never"), "delete of an id never stored")
	})

	t.Run("bad ids are refused", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		for _, id := range BadIDs {
			assert.ErrorIs(t, b.Put(ctx, id, []byte("x")), documents.ErrInvalidID, "put %q", id)
			_, err := b.Get(ctx, id)
			assert.ErrorIs(t, err, documents.ErrInvalidID, "get %q", id)
			assert.ErrorIs(t, b.Delete(ctx, id), documents.ErrInvalidID, "delete %q", id)
		}
	})

	t.Run("cancelled context", func(t *testing.T) {
		b := newBlobs(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert.ErrorIs(t, b.Put(ctx, "doc_ab12", []byte("x")), context.Canceled)
		_, err := b.Get(ctx, "doc_ab12")
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, b.Delete(ctx, "doc_ab12"), context.Canceled)
	})

	t.Run("concurrent puts leave one whole value", func(t *testing.T) {
		b, ctx := newBlobs(t), t.Context()
		values := [][]byte{bytes.Repeat([]byte("a"), 64<<10), bytes.Repeat([]byte("b"), 64<<10)}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() { assert.NoError(t, b.Put(ctx, "doc_race", values[i%2])) })
		}
		wg.Wait()
		got, err := b.Get(ctx, "doc_race")
		require.NoError(t, err)
		assert.True(t, bytes.Equal(got, values[0]) || bytes.Equal(got, values[1]), "a torn write")
	})
}
