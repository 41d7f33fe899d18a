package documents

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Permissions of what FS creates: the owner only. The blobs are ciphertext, but their
// count, sizes and ids are still nobody else's business.
const (
	fsDirMode  fs.FileMode = 0o700
	fsFileMode fs.FileMode = 0o600
)

// FS is Blobs on a local file system: the bytes of id live in
// <data dir>/documents/<shard>/<id>, where shard is the first two characters after the
// id's last '_'. Sharding on the random part (not on the "doc_" prefix every id shares)
// keeps directories to a few thousand entries each.
type FS struct {
	root string // <data dir>/documents
}

var _ Blobs = (*FS)(nil)

// NewFS returns an FS under dataDir, creating <dataDir>/documents (mode 0700) if needed.
func NewFS(dataDir string) (*FS, error) {
	if dataDir == "" {
		return nil, errors.New("documents: new file store: empty data dir")
	}
	root := filepath.Join(dataDir, "documents")
	if err := os.MkdirAll(root, fsDirMode); err != nil {
		return nil, fmt.Errorf("documents: new file store: %w", err)
	}
	// MkdirAll leaves an existing directory's mode alone; a documents dir made by hand
	// with 0755 is tightened here rather than trusted.
	if err := os.Chmod(root, fsDirMode); err != nil {
		return nil, fmt.Errorf("documents: new file store: %w", err)
	}
	return &FS{root: root}, nil
}

// Put writes data to a temporary file in the shard directory, syncs it, renames it over
// the final name and syncs the directory, so a crash leaves the old blob or the new one,
// never a torn file, and a successful Put survives a power cut.
func (f *FS) Put(ctx context.Context, id string, data []byte) (err error) {
	dir, path, err := f.paths(ctx, id)
	if err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	if err := os.MkdirAll(dir, fsDirMode); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	// The temporary name starts with '.', which no id can, so it never shadows a blob;
	// CreateTemp opens it O_EXCL with mode 0600.
	tmp, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(fsFileMode); err != nil { // CreateTemp's 0600 already; made explicit
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("put blob %s: sync: %w", id, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	return nil
}

// Get reads the blob of id.
func (f *FS) Get(ctx context.Context, id string) ([]byte, error) {
	_, path, err := f.paths(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get blob: %w", err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("get blob %s: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get blob %s: %w", id, err)
	}
	return b, nil
}

// Delete removes the blob of id and syncs its directory; a missing blob is not an error.
func (f *FS) Delete(ctx context.Context, id string) error {
	dir, path, err := f.paths(ctx, id)
	if err != nil {
		return fmt.Errorf("delete blob: %w", err)
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("delete blob %s: %w", id, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("delete blob %s: %w", id, err)
	}
	return nil
}

// paths checks ctx and id and returns id's shard directory and file. ValidID is what
// keeps the path under root: an id cannot hold a separator or "..".
func (f *FS) paths(ctx context.Context, id string) (dir, path string, err error) {
	if err := ctx.Err(); err != nil {
		return "", "", err
	}
	if err := ValidID(id); err != nil {
		return "", "", err
	}
	dir = filepath.Join(f.root, shardOf(id)[:2])
	return dir, filepath.Join(dir, id), nil
}

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		_ = d.Close()
		return fmt.Errorf("sync dir: %w", err)
	}
	return d.Close()
}
