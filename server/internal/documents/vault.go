package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// blobField is the vault.AAD field of document chunks. A chunk sealed for a document can
// never open as a bank account number or TIN, nor the other way round.
const blobField = "document.blob"

// blobHeader starts every stored blob, naming the format so a later one can be told apart.
const blobHeader = "vouch-document v1\n"

// chunkSize is the plaintext per sealed chunk: the most the ring seals in one value
// (vault.MaxPlaintext, 64 KiB), so a 10 MiB upload is 160 chunks.
const chunkSize = vault.MaxPlaintext

// maxChunks bounds how many chunks Get will open (4 GiB of plaintext), so a damaged blob
// cannot make it loop for long; real blobs are far below it.
const maxChunks = 1 << 16

// Vault seals documents with the field-encryption key ring before they reach Blobs, and
// opens them on the way back, so the plaintext of an upload never touches the disk.
//
// The ring seals at most 64 KiB per value, so a document is cut into chunks and each is
// sealed on its own with vault.AAD("document.blob", "<id>/<index>/<count>"). The stored
// blob is a header line and then one ciphertext per line. Binding the id means a blob
// copied under another document's id does not open; binding the index and the count
// means chunks cannot be reordered, dropped from the end or spliced in from another
// document. Each chunk is an ordinary vault ciphertext, so key rotation reseals a
// document chunk by chunk with Ring.Reseal and the same AAD. The price is base64: a blob
// is about a third larger than its document.
type Vault struct {
	blobs Blobs
	ring  *vault.Ring
	opts  Options
}

// NewVault returns a Vault that stores through blobs, seals with ring and reads uploads
// (Accept) with opts.
func NewVault(blobs Blobs, ring *vault.Ring, opts Options) *Vault {
	return &Vault{blobs: blobs, ring: ring, opts: opts}
}

// Digest is the SHA-256 of a document's plaintext: evidence of exactly what was uploaded,
// and a key to spot the same file uploaded twice.
type Digest [sha256.Size]byte

// String returns the digest in lowercase hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// MarshalText returns the digest in lowercase hex, for JSON and logs.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Put seals data under id and stores it, and returns the SHA-256 of data. It does not
// check the content; Accept does, and is what upload handlers call.
func (v *Vault) Put(ctx context.Context, id string, data []byte) (Digest, error) {
	if err := ValidID(id); err != nil {
		return Digest{}, fmt.Errorf("seal document: %w", err)
	}
	blob, err := v.seal(id, data)
	if err != nil {
		return Digest{}, fmt.Errorf("seal document %s: %w", id, err)
	}
	if err := v.blobs.Put(ctx, id, blob); err != nil {
		return Digest{}, fmt.Errorf("seal document %s: %w", id, err)
	}
	return sha256.Sum256(data), nil
}

// Get loads and opens the document stored under id. A blob that does not open wraps
// ErrCorrupt (and the vault error behind it); a missing one wraps errs.ErrNotFound.
func (v *Vault) Get(ctx context.Context, id string) ([]byte, error) {
	if err := ValidID(id); err != nil {
		return nil, fmt.Errorf("open document: %w", err)
	}
	blob, err := v.blobs.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("open document %s: %w", id, err)
	}
	data, err := v.open(id, blob)
	if err != nil {
		return nil, fmt.Errorf("open document %s: %w", id, err)
	}
	return data, nil
}

// Delete removes the document stored under id; a missing one is not an error.
func (v *Vault) Delete(ctx context.Context, id string) error {
	if err := ValidID(id); err != nil {
		return fmt.Errorf("delete document: %w", err)
	}
	if err := v.blobs.Delete(ctx, id); err != nil {
		return fmt.Errorf("delete document: %w", err)
	}
	return nil
}

// seal returns the stored form of data: blobHeader, then each chunk's ciphertext and a
// newline. An empty document is one empty chunk, so every blob has at least one.
func (v *Vault) seal(id string, data []byte) ([]byte, error) {
	n := max(1, (len(data)+chunkSize-1)/chunkSize)
	if n > maxChunks {
		return nil, fmt.Errorf("%d bytes is over the %d-chunk limit", len(data), maxChunks)
	}
	out := make([]byte, 0, len(blobHeader)+len(data)*4/3+n*64)
	out = append(out, blobHeader...)
	for i := range n {
		chunk := data[i*chunkSize : min(len(data), (i+1)*chunkSize)]
		ct, err := v.ring.Encrypt(chunk, chunkAAD(id, i, n))
		if err != nil {
			return nil, fmt.Errorf("chunk %d of %d: %w", i+1, n, err)
		}
		out = append(append(out, ct...), '\n')
	}
	return out, nil
}

// open reverses seal. Every chunk must open under its own index and the count of chunks
// found; anything else is ErrCorrupt.
func (v *Vault) open(id string, blob []byte) ([]byte, error) {
	body, ok := strings.CutPrefix(string(blob), blobHeader)
	if !ok {
		return nil, fmt.Errorf("%w: no %q header", ErrCorrupt, strings.TrimSpace(blobHeader))
	}
	body, ok = strings.CutSuffix(body, "\n")
	if !ok {
		return nil, fmt.Errorf("%w: no chunks, or the last one is cut short", ErrCorrupt)
	}
	n := strings.Count(body, "\n") + 1
	if n > maxChunks {
		return nil, fmt.Errorf("%w: %d chunks, over the %d limit", ErrCorrupt, n, maxChunks)
	}
	out := make([]byte, 0, min(len(body)*3/4, n*chunkSize))
	i := 0
	for line := range strings.SplitSeq(body, "\n") {
		pt, err := v.ring.Decrypt(line, chunkAAD(id, i, n))
		if err != nil {
			return nil, fmt.Errorf("chunk %d of %d: %w: %w", i+1, n, ErrCorrupt, err)
		}
		// A chunk before the last one that is not full means chunks were cut or spliced
		// even if each opened; the AAD already rules that out, this says so plainly.
		if i < n-1 && len(pt) != chunkSize {
			return nil, fmt.Errorf("chunk %d of %d: %w: short chunk", i+1, n, ErrCorrupt)
		}
		out = append(out, pt...)
		i++
	}
	return out, nil
}

// chunkAAD binds chunk i of n to document id. Ids hold no '/', so the row text is
// unambiguous.
func chunkAAD(id string, i, n int) []byte {
	return vault.AAD(blobField, id+"/"+strconv.Itoa(i)+"/"+strconv.Itoa(n))
}
