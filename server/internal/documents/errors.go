package documents

import (
	"errors"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Refusals of an upload. They are errs.ErrInvalid kinds with a stable public code, so the
// HTTP edge answers 422 and the client can branch on the code; test them with errors.Is.
// Their Detail is safe to show; the wrapping text (sizes, what was seen) is for logs.
var (
	// ErrEmpty means the upload has no bytes.
	ErrEmpty = &errs.Coded{Kind: errs.ErrInvalid, Code: "document_empty",
		Detail: "The file is empty."}
	// ErrTooLarge means the upload is over the size limit (Options.MaxSize).
	ErrTooLarge = &errs.Coded{Kind: errs.ErrInvalid, Code: "document_too_large",
		Detail: "The file is larger than the upload limit."}
	// ErrUnsupportedType means the bytes are not a PDF, PNG or JPEG, whatever the file is
	// called.
	ErrUnsupportedType = &errs.Coded{Kind: errs.ErrInvalid, Code: "document_unsupported_type",
		Detail: "Upload a PDF, PNG or JPEG file."}
	// ErrInvalidKind means the document kind is not one of Kinds().
	ErrInvalidKind = &errs.Coded{Kind: errs.ErrInvalid, Code: "invalid_document_kind",
		Detail: "kind must be one of w9, certificate_of_incorporation, bank_letter, other"}
)

// Storage errors. They are internal (a 500 at the edge): ids are minted by the server and
// stored blobs are written by Vault, so neither is the caller's input.
var (
	// ErrInvalidID means a blob id has characters or a shape that could not be a file
	// name under the data dir (see ValidID). Callers look the document record up first,
	// so an id from a URL is never handed to Blobs unchecked.
	ErrInvalidID = errors.New("documents: invalid blob id")
	// ErrCorrupt means a stored blob does not open: its bytes were changed, chunks were
	// dropped or reordered, or it was copied from another document id. Errors wrapping it
	// also wrap the vault error (vault.ErrAuthFailed, vault.ErrMalformed,
	// vault.ErrUnknownKey) when there is one.
	ErrCorrupt = errors.New("documents: stored document does not open (tampered, truncated, or stored under another id)")
)
