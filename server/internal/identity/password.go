package identity

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash means a stored password hash is not an argon2id PHC string this
// package can verify (or its parameters are outside safe bounds).
var ErrMalformedHash = errors.New("malformed password hash")

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams returns OWASP's argon2id baseline (m=19456 KiB, t=2, p=1) with a 16-byte
// salt and a 32-byte key: about 23 ms and 19 MiB per hash on the reference machine.
func DefaultParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Bounds on parameters read back from a stored hash. A hash is data from the database;
// without bounds a tampered or corrupt row could make one Verify allocate gigabytes.
const (
	maxMemoryKiB = 256 * 1024
	maxTime      = 16
	maxThreads   = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// b64 is the PHC string encoding: standard alphabet, no padding, canonical bits only.
var b64 = base64.RawStdEncoding.Strict()

// Hasher hashes and verifies passwords with argon2id. Each hash holds Params.Memory KiB
// while it runs, so a Hasher lets at most a fixed number run at once: a flood of sign-ins
// queues (and gives up when its context ends) instead of exhausting memory.
type Hasher struct {
	params Params
	slots  chan struct{}
}

// NewHasher returns a Hasher with DefaultParams running at most maxConcurrent hashes at
// once; 0 or less means GOMAXPROCS.
func NewHasher(maxConcurrent int) *Hasher {
	return NewHasherWithParams(DefaultParams(), maxConcurrent)
}

// NewHasherWithParams is NewHasher with explicit cost parameters, for tuning and for fast
// tests. Zero fields take DefaultParams' values.
func NewHasherWithParams(p Params, maxConcurrent int) *Hasher {
	d := DefaultParams()
	if p.Memory == 0 {
		p.Memory = d.Memory
	}
	if p.Time == 0 {
		p.Time = d.Time
	}
	if p.Threads == 0 {
		p.Threads = d.Threads
	}
	if p.SaltLen == 0 {
		p.SaltLen = d.SaltLen
	}
	if p.KeyLen == 0 {
		p.KeyLen = d.KeyLen
	}
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	return &Hasher{params: p, slots: make(chan struct{}, maxConcurrent)}
}

// Params returns the parameters new hashes use.
func (h *Hasher) Params() Params { return h.params }

// Hash returns the PHC string of pw under a fresh random salt:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. It waits for a free slot, or returns
// ctx's error if ctx ends first.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	defer h.release()
	key := argon2.IDKey([]byte(pw), salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	return phc{params: h.params, salt: salt, key: key}.String(), nil
}

// Verify reports whether pw matches the PHC string, under the parameters recorded in it
// (so hashes made with older parameters still verify; see NeedsRehash). The comparison is
// constant-time. A malformed hash gives ErrMalformedHash; a context that ends while
// waiting for a slot gives its error.
func (h *Hasher) Verify(ctx context.Context, pw, encoded string) (bool, error) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	defer h.release()
	key := argon2.IDKey([]byte(pw), p.salt, p.params.Time, p.params.Memory, p.params.Threads, p.params.KeyLen)
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// NeedsRehash reports whether a stored hash should be replaced after the next successful
// sign-in: it is malformed, or its parameters differ from the Hasher's.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, err := parsePHC(encoded)
	if err != nil {
		return true
	}
	return p.params != h.params
}

// acquire takes a hashing slot or gives up when ctx ends.
func (h *Hasher) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release frees a slot taken by acquire.
func (h *Hasher) release() { <-h.slots }

// phc is a parsed argon2id PHC string.
type phc struct {
	params Params
	salt   []byte
	key    []byte
}

// String encodes p in the PHC string format.
func (p phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.params.Memory, p.params.Time, p.params.Threads,
		b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

// parsePHC reads an argon2id PHC string strictly: the exact layout Hash writes, parameters
// within bounds, canonical numbers and base64. Anything else is ErrMalformedHash; it never
// panics.
func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phc{}, fmt.Errorf("%w: not an argon2id PHC string", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, fmt.Errorf("%w: unsupported argon2 version", ErrMalformedHash)
	}
	var m, t, p uint64
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return phc{}, fmt.Errorf("%w: parameters", ErrMalformedHash)
	}
	if t < 1 || t > maxTime || p < 1 || p > maxThreads || m < 8*p || m > maxMemoryKiB {
		return phc{}, fmt.Errorf("%w: parameters out of bounds", ErrMalformedHash)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return phc{}, fmt.Errorf("%w: salt", ErrMalformedHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return phc{}, fmt.Errorf("%w: hash", ErrMalformedHash)
	}
	out := phc{
		params: Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(p),
			SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))},
		salt: salt,
		key:  key,
	}
	// One spelling per hash: reject leading zeros, signs, spaces and other variants that
	// Sscanf tolerates.
	if out.String() != s {
		return phc{}, fmt.Errorf("%w: not canonical", ErrMalformedHash)
	}
	return out, nil
}
