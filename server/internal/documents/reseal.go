package documents

import (
	"context"
	"fmt"
	"strings"
)

// Reseal re-encrypts every chunk of the document stored under id that an older key
// sealed, and reports whether anything changed. Each chunk is opened under its own AAD
// first, so a damaged blob is refused (ErrCorrupt), never rewritten. The new blob
// replaces the old one in one Put (atomic on the filesystem store).
func (v *Vault) Reseal(ctx context.Context, id string) (bool, error) {
	if err := ValidID(id); err != nil {
		return false, fmt.Errorf("reseal document: %w", err)
	}
	blob, err := v.blobs.Get(ctx, id)
	if err != nil {
		return false, fmt.Errorf("reseal document %s: %w", id, err)
	}
	body, ok := strings.CutPrefix(string(blob), blobHeader)
	if !ok {
		return false, fmt.Errorf("reseal document %s: %w: no header", id, ErrCorrupt)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	changed := false
	for i, line := range lines {
		out, did, err := v.ring.Reseal(line, chunkAAD(id, i, len(lines)))
		if err != nil {
			return false, fmt.Errorf("reseal document %s, chunk %d of %d: %w: %w", id, i+1, len(lines), ErrCorrupt, err)
		}
		lines[i], changed = out, changed || did
	}
	if !changed {
		return false, nil
	}
	if err := v.blobs.Put(ctx, id, []byte(blobHeader+strings.Join(lines, "\n")+"\n")); err != nil {
		return false, fmt.Errorf("reseal document %s: %w", id, err)
	}
	return true, nil
}
