package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
)

// KeySize is the length of every key in the ring: 32 bytes, for AES-256 and for the
// HMAC-SHA256 blind index.
const KeySize = 32

// IndexKeyID is the reserved id of the blind-index key in a ring string. It is a key of
// its own, never one of the encryption keys, because it cannot rotate with them: see
// Ring.BlindIndex.
const IndexKeyID = "index"

// DevKeyID is the id of the development encryption key in DevKeys.
const DevKeyID = "dev"

// devMarker is what config.validateProd looks for (case-insensitively) to refuse the dev
// ring in prod. The dev ring carries it in its key id and in both keys' base64 text, so
// prod refuses DevKeys even with the dev keys renamed; GenerateKey keeps it out of real
// keys so a random key is never refused by mistake. Keep the two in step.
const devMarker = "dev"

// DevKeys is the development key ring in VOUCH_KEYS form. DEV ONLY: its keys are in
// this public source file, so anything they seal is as good as plaintext. The app uses it
// when VOUCH_KEYS is empty in dev; config refuses it in prod (both keys' text and the id
// contain "dev"), and Ring.IsDev reports it whatever ids it is listed under.
const DevKeys = DevKeyID + ":devONLYvouchFieldKeyPublicNeverUseInProd000=," +
	IndexKeyID + ":devONLYvouchIndexKeyPublicNeverUseInProd000="

// maxIDLen bounds a key id. It is below the 43 characters of a base64 32-byte key, so a
// key pasted where an id belongs is never a valid id, and error messages, which name an
// entry's id only once it is valid, can never echo key material.
const maxIDLen = 32

// ErrBadKeys is the kind of every key ring parsing error; a *KeyError says what is wrong.
var ErrBadKeys = errors.New("vault: bad key ring")

// KeyError says what is wrong with one entry of a key ring string (Entry counts from 1;
// 0 means the string as a whole). It names the entry by position and by id, never by its
// key, so it is safe to log and to show an operator.
type KeyError struct {
	Entry  int    // 1-based position of the entry, 0 for the whole ring
	ID     string // the entry's key id, "" when the id itself is malformed
	Reason string // what is wrong, without key material
}

// Error names the entry and the problem.
func (e *KeyError) Error() string {
	switch {
	case e.Entry == 0:
		return "vault keys: " + e.Reason
	case e.ID == "":
		return fmt.Sprintf("vault keys: entry %d: %s", e.Entry, e.Reason)
	default:
		return fmt.Sprintf("vault keys: entry %d (%s): %s", e.Entry, e.ID, e.Reason)
	}
}

// Is makes errors.Is(err, ErrBadKeys) true for every parsing error.
func (e *KeyError) Is(target error) bool { return target == ErrBadKeys }

// Ring holds the field-encryption keys and the blind-index key. The current key seals;
// every key opens, so values sealed before a rotation still read until they are
// re-encrypted. A Ring is immutable and safe for concurrent use.
//
// A *Ring formats itself by its ids (String, Format, LogValue). A Ring value, or a struct
// field fmt reaches by reflection, prints only addresses: fmt dereferences a pointer to a
// struct or array when a verb does not fit it (%s, %d), so the state sits behind one
// pointer and the key material behind a second, where fmt prints addresses for every verb.
type Ring struct {
	*ring
}

type ring struct {
	current string                 // id of the key that seals
	ids     []string               // encryption key ids in configured order, current first
	aeads   map[string]cipher.AEAD // id → AES-256-GCM with random nonces
	index   *[KeySize]byte         // blind-index HMAC key
	dev     bool                   // a dev key is in the ring
}

// ParseRing reads a key ring in VOUCH_KEYS form: entries "id:base64key" separated by
// commas or white space (so a key file may hold one per line). The first encryption key
// is the current one; the entry with id "index" is the blind-index key and is required.
// For example
//
//	k2:<base64>,k1:<base64>,index:<base64>
//
// Ids are 1 to 32 letters, digits, '-' or '_'. Keys are 32 random bytes in standard or
// URL-safe base64, padded or not (`openssl rand -base64 32` makes one). Every problem is
// reported, each as a *KeyError naming the entry; none quotes a key.
func ParseRing(s string) (*Ring, error) {
	entries := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	if len(entries) == 0 {
		return nil, &KeyError{Reason: "empty: want id:key entries, the current encryption key first, and index:key for blind indexes"}
	}
	r := &ring{aeads: map[string]cipher.AEAD{}}
	var errs []error
	seenID := map[string]bool{}
	var seenKeys [][]byte
	for i, e := range entries {
		n := i + 1
		id, encoded, ok := strings.Cut(e, ":")
		if !ok {
			errs = append(errs, &KeyError{Entry: n, Reason: "want id:key, found no colon"})
			continue
		}
		if !validID(id) {
			// The id is not echoed: a malformed id may be a key pasted in the wrong place.
			errs = append(errs, &KeyError{Entry: n, Reason: "the id must be 1 to 32 letters, digits, - or _"})
			continue
		}
		if seenID[id] {
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: "duplicate id"})
			continue
		}
		seenID[id] = true
		if encoded == "" {
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: "empty key"})
			continue
		}
		raw, err := decodeKey(encoded)
		if err != nil {
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: "the key is not valid base64"})
			continue
		}
		if len(raw) != KeySize {
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: fmt.Sprintf("the key is %d bytes, want %d (AES-256)", len(raw), KeySize)})
			continue
		}
		if j := indexOfKey(seenKeys, raw); j >= 0 {
			// One key under two ids is a copy-paste slip, and an index key equal to an
			// encryption key would use one secret for two purposes.
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: fmt.Sprintf("the same key as entry %d", j+1)})
			continue
		}
		seenKeys = append(seenKeys, raw)
		if isDevKey(raw) || id == DevKeyID {
			r.dev = true
		}
		if id == IndexKeyID {
			r.index = (*[KeySize]byte)(raw)
			continue
		}
		block, err := aes.NewCipher(raw)
		if err != nil { // unreachable with 32 bytes; kept so a future size change fails loudly
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: "not an AES key"})
			continue
		}
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			errs = append(errs, &KeyError{Entry: n, ID: id, Reason: "not an AES key"})
			continue
		}
		r.aeads[id] = aead
		r.ids = append(r.ids, id)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(r.ids) == 0 {
		errs = append(errs, &KeyError{Reason: "no encryption key: add id:key before the index key"})
	}
	if r.index == nil {
		errs = append(errs, &KeyError{Reason: "no blind-index key: add index:key (it never rotates with the encryption keys)"})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	r.current = r.ids[0]
	return &Ring{r}, nil
}

// DevRing returns the ring of DevKeys. DEV ONLY: its keys are public (see DevKeys); it
// exists so a laptop runs with no configuration and tests are deterministic.
func DevRing() *Ring {
	r, err := ParseRing(DevKeys)
	if err != nil {
		panic("vault: DevKeys does not parse: " + err.Error()) // a constant; the tests keep it valid
	}
	return r
}

// GenerateKey returns a new ring entry "id:base64key" holding 32 bytes from crypto/rand,
// for `vouch keys rotate` or for a first ring. A new key is listed after the current one
// until every instance has it, and only then moved to the front to become current: an
// instance without it could not read what the others seal. It refuses an id a ring
// would refuse, and ids containing "dev", because prod refuses any VOUCH_KEYS containing
// "dev"; for the same reason it draws again when the base64 text happens to contain
// "dev" (about one key in 780).
func GenerateKey(id string) (string, error) {
	if !validID(id) {
		return "", &KeyError{Reason: "a key id must be 1 to 32 letters, digits, - or _"}
	}
	if strings.Contains(strings.ToLower(id), devMarker) {
		return "", &KeyError{ID: id, Reason: `a new key's id must not contain "dev": prod refuses such rings`}
	}
	var raw [KeySize]byte
	for {
		_, _ = rand.Read(raw[:]) // never fails (crypto/rand since Go 1.24)
		enc := base64.StdEncoding.EncodeToString(raw[:])
		if !strings.Contains(strings.ToLower(enc), devMarker) {
			return id + ":" + enc, nil
		}
	}
}

// GenerateRing returns a new ring string with one encryption key "k1" and an index key,
// for a first prod setup.
func GenerateRing() (string, error) {
	k, err := GenerateKey("k1")
	if err != nil {
		return "", err
	}
	idx, err := GenerateKey(IndexKeyID)
	if err != nil {
		return "", err
	}
	return k + "," + idx, nil
}

// CurrentKeyID returns the id of the key that seals new values.
func (r *Ring) CurrentKeyID() string { return r.current }

// KeyIDs returns the encryption key ids, current first, in configured order (the index
// key is not among them).
func (r *Ring) KeyIDs() []string { return append([]string(nil), r.ids...) }

// IsDev reports whether the ring holds a dev key (by id or by material), so the app can
// warn in dev and refuse in prod even when the dev keys are listed under other ids.
func (r *Ring) IsDev() bool { return r.dev }

// NextKeyID proposes the id for the next key: "k" and one more than the highest kN id in
// the ring, or "k1".
func (r *Ring) NextKeyID() string {
	highest := 0
	for _, id := range r.ids {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, "k")); err == nil && strings.HasPrefix(id, "k") && n > highest {
			highest = n
		}
	}
	return "k" + strconv.Itoa(highest+1)
}

// String describes the ring by its ids; it never shows key material.
func (r *Ring) String() string {
	if r == nil || r.ring == nil {
		return "vault.Ring(nil)"
	}
	return fmt.Sprintf("vault.Ring{current: %s, keys: [%s], index key: set, dev: %t}",
		r.current, strings.Join(r.ids, " "), r.dev)
}

// GoString is String, so %#v cannot reach the keys either.
func (r *Ring) GoString() string { return r.String() }

// Format prints String for every verb, so no verb (%x, %d, a typo) falls through to
// fmt's reflection over the fields.
func (r *Ring) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs the ring's ids only.
func (r *Ring) LogValue() slog.Value {
	if r == nil || r.ring == nil {
		return slog.StringValue("nil")
	}
	return slog.GroupValue(slog.String("current", r.current), slog.Any("keys", r.ids), slog.Bool("dev", r.dev))
}

func validID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// decodeKey accepts standard or URL-safe base64, padded or not: operators paste what
// their tool printed, and the alphabets cannot be confused (+/ versus -_).
func decodeKey(s string) ([]byte, error) {
	url := strings.ContainsAny(s, "-_")
	var enc *base64.Encoding
	switch padded := strings.HasSuffix(s, "="); {
	case url && padded:
		enc = base64.URLEncoding
	case url:
		enc = base64.RawURLEncoding
	case padded:
		enc = base64.StdEncoding
	default:
		enc = base64.RawStdEncoding
	}
	return enc.Strict().DecodeString(s)
}

func indexOfKey(keys [][]byte, k []byte) int {
	for i, seen := range keys {
		if subtle.ConstantTimeCompare(seen, k) == 1 {
			return i
		}
	}
	return -1
}

// devKeyMaterial are the raw dev keys, recognised wherever they are listed.
var devKeyMaterial = func() [][]byte {
	var out [][]byte
	for _, e := range strings.Split(DevKeys, ",") {
		_, enc, _ := strings.Cut(e, ":")
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			panic("vault: DevKeys is not base64")
		}
		out = append(out, raw)
	}
	return out
}()

func isDevKey(raw []byte) bool { return indexOfKey(devKeyMaterial, raw) >= 0 }
