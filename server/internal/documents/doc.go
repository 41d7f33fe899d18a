// Package documents accepts the files a supplier uploads (a W-9, a certificate of
// incorporation, a bank letter, anything else the customer asks for) and keeps them
// encrypted at rest. It is a domain package: no HTTP, no SQL. The HTTP layer hands it the
// request body, the record layer stores the Document it returns.
//
// An upload is trusted for nothing it says about itself. Its type is decided by its bytes
// (Sniff: PDF, PNG or JPEG, nothing else), never by its file name or Content-Type header;
// its size is bounded while it is read (Read stops at the limit plus one byte); its file
// name is kept only as a display label (Sanitize). Refusals are *errs.Coded errors of kind
// errs.ErrInvalid (ErrEmpty, ErrTooLarge, ErrUnsupportedType, ErrInvalidKind), so the
// HTTP edge answers 422 with a stable code.
//
// Bytes are stored through the Blobs interface (FS today, object storage later) only
// after Vault has sealed them with the field-encryption key ring (package vault), bound
// to the document id: the plaintext never reaches the disk, and a blob copied under
// another id does not open. See Vault for the stored format.
//
// Serving a document back is the HTTP layer's job; it should send the ContentType found
// here (never the client's), "X-Content-Type-Options: nosniff" and
// "Content-Disposition: attachment", so no browser renders an upload as a page.
package documents
