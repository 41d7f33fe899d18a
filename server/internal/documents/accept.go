package documents

import (
	"context"
	"fmt"
	"io"
)

// Upload is what a supplier sends: the kind they picked, the file name their browser
// reported and the body.
type Upload struct {
	Kind Kind      // what the document is for; must be Valid
	Name string    // the client's file name; kept only as a label (Sanitize)
	Body io.Reader // the file's bytes, read at most up to the limit plus one byte
}

// Document is what the record layer stores about an accepted upload. It holds no
// content; the bytes are in the Vault under ID.
type Document struct {
	ID          string      // the blob id, minted by the caller (db.NewID("doc"))
	Kind        Kind        // what the document is for
	ContentType ContentType // found by Sniff, never the client's claim
	Name        string      // the sanitized display label
	Size        int64       // plaintext bytes
	SHA256      Digest      // of the plaintext
}

// Accept checks an upload and stores it sealed under id: the kind must be valid, the body
// non-empty, within the limit and a PDF, PNG or JPEG by its bytes. Refusals wrap
// ErrInvalidKind, ErrEmpty, ErrTooLarge or ErrUnsupportedType, and nothing is stored.
// id is minted by the caller before the record is inserted, as for vault ciphertexts.
func (v *Vault) Accept(ctx context.Context, id string, up Upload) (Document, error) {
	if err := ValidID(id); err != nil {
		return Document{}, fmt.Errorf("accept document: %w", err)
	}
	if !up.Kind.Valid() {
		return Document{}, fmt.Errorf("accept document %s: kind %q: %w", id, truncate(string(up.Kind), 40), ErrInvalidKind)
	}
	data, err := Read(ctx, up.Body, v.opts)
	if err != nil {
		return Document{}, fmt.Errorf("accept document %s: %w", id, err)
	}
	// The plaintext is wiped once sealed; the garbage collector would keep it in memory
	// for an unknown while, and it may hold a TIN.
	defer clear(data)
	ct, err := Sniff(data)
	if err != nil {
		return Document{}, fmt.Errorf("accept document %s: %w", id, err)
	}
	sum, err := v.Put(ctx, id, data)
	if err != nil {
		return Document{}, fmt.Errorf("accept document: %w", err)
	}
	return Document{ID: id, Kind: up.Kind, ContentType: ct, Name: Sanitize(up.Name),
		Size: int64(len(data)), SHA256: sum}, nil
}
