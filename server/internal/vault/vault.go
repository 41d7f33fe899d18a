// Package vault protects the fields that must never be stored or shown in the clear, bank
// account numbers and TINs, in the four forms STYLE item 12 asks for: encrypted (Encrypt,
// Decrypt), a keyed blind index to find equal values without decrypting (BlindIndex), a
// masked form for display (Mask, Last4), and a Secret type that keeps the plaintext out
// of logs, errors and JSON while it is in memory.
//
// It is pure: no HTTP, no SQL, no configuration reading. The app parses VOUCH_KEYS once
// with ParseRing (or uses DevRing in dev when VOUCH_KEYS is empty) and hands the *Ring to
// the domain packages, which store what it returns.
//
// A ciphertext describes itself, "v1:<key id>:<base64url(nonce‖ciphertext‖tag)>", sealed
// with AES-256-GCM under the ring's current key and a random 96-bit nonce. The GCM
// additional data binds it to its version, key id, field and row (see AAD), so a value
// copied into another row or column does not decrypt. docs/decisions/0019-vault.md
// records the choices.
package vault

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Version is the ciphertext format this package writes and reads.
const Version = "v1"

// Errors Decrypt and NeedsRotation return, wrapped with detail; callers test them with
// errors.Is. None carries plaintext or ciphertext. At the HTTP edge they are internal
// errors (a 500): a stored value that does not open is the server's problem, never the
// caller's input.
var (
	// ErrUnknownKey means the ciphertext names a key id the ring does not hold: a key was
	// dropped from VOUCH_KEYS before every value sealed with it was re-encrypted.
	ErrUnknownKey = errors.New("vault: unknown key id")
	// ErrMalformed means the text is not a ciphertext of a version this package reads:
	// truncated, garbled, or not encrypted at all.
	ErrMalformed = errors.New("vault: malformed ciphertext")
	// ErrAuthFailed means the ciphertext is well formed and its key is known, but it does
	// not authenticate: its bytes were changed, or it was sealed for another field or row
	// (wrong AAD). GCM cannot tell those apart, so one error covers both.
	ErrAuthFailed = errors.New("vault: ciphertext failed authentication (tampered, or sealed for another field or row)")
	// ErrNoAAD means Encrypt or Decrypt was called without AAD. Every value is bound to its
	// field and row; an unbound ciphertext could be moved between rows unnoticed.
	ErrNoAAD = errors.New("vault: no AAD: bind the value to its field and row with vault.AAD")
)

// MaxPlaintext bounds what Encrypt seals. The fields are short; the bound keeps a garbled
// or hostile ciphertext from making Decrypt allocate much, and since Encrypt enforces it
// too, everything sealed can be opened.
const MaxPlaintext = 64 << 10

const (
	nonceSize = 12 // GCM's standard 96-bit nonce
	tagSize   = 16
	overhead  = nonceSize + tagSize
)

// b64 is the ciphertext body encoding: URL-safe, so ciphertexts can sit in URLs and file
// names untouched, unpadded, and strict, so one body has one spelling.
var b64 = base64.RawURLEncoding.Strict()

// maxCiphertext is the longest text a sealed MaxPlaintext can produce.
var maxCiphertext = len(Version) + 1 + maxIDLen + 1 + b64.EncodedLen(MaxPlaintext+overhead)

// Encrypt seals plaintext under the current key and returns the self-describing
// ciphertext. aad must say where the value lives (AAD(field, rowID)); Decrypt needs the
// same aad. Each call draws a fresh random nonce, so equal plaintexts give different
// ciphertexts; use BlindIndex to find equal values.
func (r *Ring) Encrypt(plaintext, aad []byte) (string, error) {
	if len(aad) == 0 {
		return "", ErrNoAAD
	}
	if len(plaintext) > MaxPlaintext {
		return "", fmt.Errorf("vault: plaintext is %d bytes, over the %d-byte limit", len(plaintext), MaxPlaintext)
	}
	hdr := header(r.current)
	// AES-GCM with random 96-bit nonces stays safe for 2^32 messages per key; rotation
	// long before that is the operator's job, and field volumes are far below it.
	sealed := r.aeads[r.current].Seal(nil, nil, plaintext, additional(hdr, aad))
	return hdr + b64.EncodeToString(sealed), nil
}

// Decrypt opens a ciphertext made by Encrypt with the same aad, with whichever ring key
// sealed it. Errors wrap ErrMalformed, ErrUnknownKey, ErrAuthFailed or ErrNoAAD and never
// quote the ciphertext: a column that should hold ciphertext may, by a bug, hold
// plaintext.
func (r *Ring) Decrypt(ciphertext string, aad []byte) ([]byte, error) {
	if len(aad) == 0 {
		return nil, ErrNoAAD
	}
	id, body, err := parse(ciphertext)
	if err != nil {
		return nil, err
	}
	aead, ok := r.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, id) // a valid id: safe to name
	}
	plaintext, err := aead.Open(nil, nil, body, additional(header(id), aad))
	if err != nil {
		return nil, ErrAuthFailed
	}
	return plaintext, nil
}

// EncryptSecret is Encrypt for a Secret, so callers never need the plaintext string.
func (r *Ring) EncryptSecret(s Secret, aad []byte) (string, error) {
	return r.Encrypt([]byte(s.Reveal()), aad)
}

// DecryptSecret is Decrypt returning a Secret, so the plaintext stays masked in logs and
// JSON until someone calls Reveal.
func (r *Ring) DecryptSecret(ciphertext string, aad []byte) (Secret, error) {
	b, err := r.Decrypt(ciphertext, aad)
	if err != nil {
		return Secret{}, err
	}
	return NewSecret(string(b)), nil
}

// NeedsRotation reports whether the ciphertext was sealed with a key other than the
// current one, so a re-encryption batch knows what to do. It reads only the header and
// checks the body's shape; it does not authenticate (Reseal does). It fails on text that
// is not a ciphertext and on keys the ring does not hold, which cannot be re-encrypted.
func (r *Ring) NeedsRotation(ciphertext string) (bool, error) {
	id, _, err := parse(ciphertext)
	if err != nil {
		return false, err
	}
	if _, ok := r.aeads[id]; !ok {
		return false, fmt.Errorf("%w %q", ErrUnknownKey, id)
	}
	return id != r.current, nil
}

// Reseal re-encrypts a ciphertext under the current key when an older key sealed it, and
// reports whether it changed; a ciphertext already under the current key comes back as
// is, unopened. This is the step `vouch keys rotate` runs per stored value.
func (r *Ring) Reseal(ciphertext string, aad []byte) (string, bool, error) {
	stale, err := r.NeedsRotation(ciphertext)
	if err != nil || !stale {
		return ciphertext, false, err
	}
	plaintext, err := r.Decrypt(ciphertext, aad)
	if err != nil {
		return ciphertext, false, err
	}
	defer clear(plaintext)
	out, err := r.Encrypt(plaintext, aad)
	if err != nil {
		return ciphertext, false, err
	}
	return out, true, nil
}

// CurrentPrefix returns the text every ciphertext sealed now starts with, "v1:<current
// id>:", so a re-encryption batch can select the rows still to do in SQL
// (`WHERE col NOT LIKE 'v1:k2:%'`) without decrypting anything.
func (r *Ring) CurrentPrefix() string { return header(r.current) }

func header(id string) string { return Version + ":" + id + ":" }

// additional is the GCM additional data: the header, then the caller's AAD. Binding the
// header means a ciphertext relabelled with another version or key id fails to open; the
// header ends at its second colon and ids hold no colon, so the split is unambiguous.
func additional(hdr string, aad []byte) []byte {
	b := make([]byte, 0, len(hdr)+len(aad))
	return append(append(b, hdr...), aad...)
}

// parse splits a ciphertext into its key id and decoded body without opening it. Its
// errors describe the shape, never the text.
func parse(ct string) (id string, body []byte, err error) {
	malformed := func(why string) error { return fmt.Errorf("%w: %s", ErrMalformed, why) }
	if len(ct) > maxCiphertext {
		return "", nil, malformed("too long")
	}
	version, rest, ok := strings.Cut(ct, ":")
	if !ok {
		return "", nil, malformed("no version")
	}
	if version != Version {
		return "", nil, malformed("unsupported version")
	}
	id, encoded, ok := strings.Cut(rest, ":")
	if !ok || !validID(id) {
		return "", nil, malformed("no valid key id")
	}
	// The decoder skips CR and LF even in strict mode; refusing them keeps one spelling
	// per ciphertext.
	if strings.ContainsAny(encoded, "\r\n") {
		return "", nil, malformed("body is not base64url")
	}
	body, err = b64.DecodeString(encoded)
	if err != nil {
		return "", nil, malformed("body is not base64url")
	}
	if len(body) < overhead {
		return "", nil, malformed("too short")
	}
	return id, body, nil
}
