package documentstest

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Memory is a Blobs kept in a map, for tests of code that stores documents. It copies
// bytes in and out, as a real store does, so a caller mutating a slice cannot change what
// is stored.
type Memory struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

var _ documents.Blobs = (*Memory)(nil)

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{blobs: map[string][]byte{}} }

// Put stores a copy of data under id.
func (m *Memory) Put(ctx context.Context, id string, data []byte) error {
	if err := check(ctx, id); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[id] = bytes.Clone(data)
	return nil
}

// Get returns a copy of the bytes under id.
func (m *Memory) Get(ctx context.Context, id string) ([]byte, error) {
	if err := check(ctx, id); err != nil {
		return nil, fmt.Errorf("get blob: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[id]
	if !ok {
		return nil, fmt.Errorf("get blob %s: %w", id, errs.ErrNotFound)
	}
	return bytes.Clone(b), nil
}

// Delete removes id's bytes, if any.
func (m *Memory) Delete(ctx context.Context, id string) error {
	if err := check(ctx, id); err != nil {
		return fmt.Errorf("delete blob: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.blobs, id)
	return nil
}

// Len returns how many blobs are stored, so a test can check that a refusal stored none.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.blobs)
}

func check(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return documents.ValidID(id)
}
