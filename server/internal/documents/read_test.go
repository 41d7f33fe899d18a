package documents_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/documents"
)

// countingReader yields n bytes of 'x' and counts what was read from it, so a test can
// tell how far Read went without holding the body.
type countingReader struct {
	left, read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), c.left))
	for i := range p[:n] {
		p[i] = 'x'
	}
	c.left -= int64(n)
	c.read += int64(n)
	return n, nil
}

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		size    int64
		max     int64
		wantErr error
	}{
		{"one byte", 1, 0, nil},
		{"at the default limit", documents.DefaultMaxSize, 0, nil},
		{"one over the default limit", documents.DefaultMaxSize + 1, 0, documents.ErrTooLarge},
		{"at a configured limit", 100, 100, nil},
		{"over a configured limit", 101, 100, documents.ErrTooLarge},
		{"a gigabyte against the default", 1 << 30, 0, documents.ErrTooLarge},
		{"empty", 0, 0, documents.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReader{left: tt.size}
			got, err := documents.Read(t.Context(), r, documents.Options{MaxSize: tt.max})
			limit := tt.max
			if limit == 0 {
				limit = documents.DefaultMaxSize
			}
			assert.LessOrEqual(t, r.read, limit+1, "read past the limit plus one byte")
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Len(t, got, int(tt.size))
		})
	}
}

func TestReadCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := documents.Read(ctx, bytes.NewReader([]byte(minimalPDF)), documents.Options{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestReadError(t *testing.T) {
	t.Parallel()
	_, err := documents.Read(t.Context(), io.MultiReader(bytes.NewReader([]byte("%PDF")), errReader{}), documents.Options{})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
