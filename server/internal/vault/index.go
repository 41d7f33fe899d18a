package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"io"
)

// AAD returns the additional data that binds a ciphertext to where it is stored: the
// field (a constant such as "bank_account.number") and the id of the row that holds it.
// A ciphertext copied into another row, or into another encrypted column of the same
// row, then fails with ErrAuthFailed instead of showing one supplier's account as
// another's. The field goes first with its length, so no two (field, row) pairs give the
// same bytes. Row ids are minted before the insert (db.NewID), so they are known when
// the value is sealed; moving a value to another row means decrypting and re-encrypting.
func AAD(field, rowID string) []byte {
	b := make([]byte, 0, binary.MaxVarintLen64+len(field)+len(rowID))
	b = binary.AppendUvarint(b, uint64(len(field)))
	b = append(b, field...)
	return append(b, rowID...)
}

// blindIndexDomain separates blind-index MACs from any other use a future version makes
// of the index key.
const blindIndexDomain = "vouch blind index v1\x00"

// BlindIndex returns the keyed blind index of a normalized value in a field:
// base64url(HMAC-SHA256(index key, domain ‖ len(field) ‖ field ‖ value)), 43 characters.
// It is deterministic, so equal values in a field have equal indexes and a lookup is an
// equality match on an indexed column (the same account number under two suppliers is
// found without decrypting anything). It differs across fields, so indexes cannot be
// joined from one column to another. Callers normalize first (digits only, say): "12 34"
// and "1234" have different indexes.
//
// The index key is a key of its own ("index" in VOUCH_KEYS) and does not rotate with the
// encryption keys: stored indexes are compared with indexes computed now, so a new index
// key would make every earlier value unfindable and let a duplicate account pass
// silently. Changing it needs a re-index (decrypt every value, recompute every index)
// while lookups consult both keys. Unlike a plain hash, a keyed index cannot be reversed
// by hashing every possible account number without the key.
//
// field must be a constant of the calling package, never input.
func (r *Ring) BlindIndex(field, value string) string {
	m := hmac.New(sha256.New, r.index[:])
	var n [binary.MaxVarintLen64]byte
	_, _ = io.WriteString(m, blindIndexDomain)
	_, _ = m.Write(n[:binary.PutUvarint(n[:], uint64(len(field)))])
	_, _ = io.WriteString(m, field)
	_, _ = io.WriteString(m, value)
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString(m.Sum(sum[:0]))
}
