// Package documentstest holds test doubles for package documents: an in-memory Blobs and
// the contract test every Blobs implementation passes (STYLE item 9), so an object-store
// backend added later is held to what FS does.
package documentstest
