package identity

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastParams keep tests quick; TestDefaultParams pins the production ones.
var fastParams = Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestDefaultParams(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, DefaultParams(),
		"OWASP argon2id baseline")
	assert.Equal(t, DefaultParams(), NewHasher(0).Params())
}

func TestHashVerify(t *testing.T) {
	t.Parallel()
	h := NewHasher(0) // production parameters once, end to end
	enc, err := h.Hash(t.Context(), "correct horse battery staple")
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`), enc)

	ok, err := h.Verify(t.Context(), "correct horse battery staple", enc)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = h.Verify(t.Context(), "correct horse battery stapl", enc)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.False(t, h.NeedsRehash(enc))

	again, err := h.Hash(t.Context(), "correct horse battery staple")
	require.NoError(t, err)
	assert.NotEqual(t, enc, again, "fresh salt each time")
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	fast := NewHasherWithParams(fastParams, 0)
	enc, err := fast.Hash(t.Context(), "a password for rehashing")
	require.NoError(t, err)

	assert.False(t, fast.NeedsRehash(enc))
	assert.True(t, NewHasher(0).NeedsRehash(enc), "different parameters")
	assert.True(t, fast.NeedsRehash("garbage"), "malformed")
	assert.True(t, fast.NeedsRehash(""), "no password")

	// An old hash still verifies under the new hasher, which reads the parameters from it.
	ok, err := NewHasher(0).Verify(t.Context(), "a password for rehashing", enc)
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	h := NewHasherWithParams(fastParams, 0)
	good, err := h.Hash(t.Context(), "something long enough")
	require.NoError(t, err)
	parts := strings.Split(good, "$")
	tests := map[string]string{
		"empty":           "",
		"bcrypt":          "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
		"argon2i":         strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":     strings.Replace(good, "v=19", "v=16", 1),
		"missing part":    strings.Join(parts[:5], "$"),
		"extra part":      good + "$x",
		"leading zero":    strings.Replace(good, "m=1024", "m=01024", 1),
		"huge memory":     strings.Replace(good, "m=1024", "m=4294967295", 1),
		"zero time":       strings.Replace(good, "t=1", "t=0", 1),
		"many threads":    strings.Replace(good, "p=1", "p=255", 1),
		"bad salt b64":    strings.Join(append(append([]string{}, parts[:4]...), "!!!!", parts[5]), "$"),
		"short salt":      strings.Join(append(append([]string{}, parts[:4]...), "AAAA", parts[5]), "$"),
		"padded hash":     good + "=",
		"params reversed": strings.Replace(good, "m=1024,t=1,p=1", "t=1,m=1024,p=1", 1),
	}
	for name, enc := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := h.Verify(t.Context(), "something long enough", enc)
			require.ErrorIs(t, err, ErrMalformedHash)
			assert.False(t, ok)
		})
	}
}

func TestHasherHonoursContextWhileWaiting(t *testing.T) {
	t.Parallel()
	h := NewHasherWithParams(fastParams, 1)
	require.NoError(t, h.acquire(t.Context())) // the only slot is busy
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := h.Hash(ctx, "waiting for a slot here")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	_, err = h.Verify(ctx, "x", mustHash(t, NewHasherWithParams(fastParams, 0), "waiting for a slot here"))
	require.ErrorIs(t, err, context.DeadlineExceeded)

	h.release()
	_, err = h.Hash(t.Context(), "waiting for a slot here")
	require.NoError(t, err, "works again once the slot is free")

	cancelled, cancelNow := context.WithCancel(t.Context())
	cancelNow()
	_, err = h.Hash(cancelled, "never hashed at all")
	require.True(t, errors.Is(err, context.Canceled), "a done context never hashes")
}

// mustHash hashes pw or fails the test.
func mustHash(t *testing.T, h *Hasher, pw string) string {
	t.Helper()
	enc, err := h.Hash(t.Context(), pw)
	require.NoError(t, err)
	return enc
}

// FuzzParsePHC feeds arbitrary strings to the PHC parser: it must never panic, and what
// it accepts must encode back to the same string.
func FuzzParsePHC(f *testing.F) {
	h := NewHasherWithParams(fastParams, 0)
	good, err := h.Hash(context.Background(), "fuzzing seed password")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		good, "", "$", "$$$$$", "$argon2id$v=19$m=19456,t=2,p=1$$",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"$argon2id$v=19$m=-1,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=19456,t=2,p=0$x$y",
		"$argon2id$v=19$m=99999999999999999999,t=2,p=1$x$y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePHC(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error %v is not ErrMalformedHash", err)
			}
			return
		}
		if p.String() != s {
			t.Fatalf("accepted %q but encodes as %q", s, p.String())
		}
		if p.params.Memory > maxMemoryKiB || p.params.Threads == 0 || p.params.Time == 0 {
			t.Fatalf("accepted out-of-bounds params %+v", p.params)
		}
	})
}
