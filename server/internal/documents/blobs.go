package documents

import "context"

// Blobs stores opaque bytes under an id. FS keeps them on a local disk; an object store
// can implement it later. Vault is the only intended caller, so what a Blobs holds is
// ciphertext. documentstest.TestBlobs is the contract every implementation passes.
//
// Ids must pass ValidID; methods wrap ErrInvalidID otherwise, before touching storage.
type Blobs interface {
	// Put stores data under id, replacing what was there, atomically: a reader sees the
	// old bytes or the new, never a part.
	Put(ctx context.Context, id string, data []byte) error
	// Get returns the bytes stored under id, or an error wrapping errs.ErrNotFound.
	Get(ctx context.Context, id string) ([]byte, error)
	// Delete removes id's bytes. Deleting an id that holds nothing is not an error, so a
	// retried delete succeeds (as on object stores).
	Delete(ctx context.Context, id string) error
}
