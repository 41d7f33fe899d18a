package vault_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// key returns a base64 key of n bytes filled with b, so a table can name keys by a letter.
func key(b byte, n int) string {
	return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, n))
}

// newRing parses a ring string or fails the test.
func newRing(t testing.TB, s string) *vault.Ring {
	t.Helper()
	r, err := vault.ParseRing(s)
	require.NoError(t, err)
	return r
}

// genRing returns a ring of fresh random keys under the given ids (first current) and a
// fresh index key, with its string.
func genRing(t testing.TB, ids ...string) (*vault.Ring, string) {
	t.Helper()
	var entries []string
	for _, id := range append(ids, vault.IndexKeyID) {
		e, err := vault.GenerateKey(id)
		require.NoError(t, err)
		entries = append(entries, e)
	}
	s := strings.Join(entries, ",")
	return newRing(t, s), s
}

func TestParseRingAccepts(t *testing.T) {
	a, b, idx := key('a', 32), key('b', 32), key('i', 32)
	raw := func(s string) string { return strings.TrimRight(s, "=") }
	url := func(s string) string { return strings.NewReplacer("+", "-", "/", "_").Replace(s) }
	// 0xfb bytes make + and / in standard base64, so the URL alphabet really differs.
	odd := key(0xfb, 32)
	tests := []struct {
		name    string
		in      string
		current string
		ids     []string
	}{
		{"comma separated", "k2:" + a + ",k1:" + b + ",index:" + idx, "k2", []string{"k2", "k1"}},
		{"index first", "index:" + idx + ",k2:" + a + ",k1:" + b, "k2", []string{"k2", "k1"}},
		{"key file lines", "k2:" + a + "\n k1:" + b + "\r\nindex:" + idx + "\n", "k2", []string{"k2", "k1"}},
		{"spaces and stray commas", " k1:" + a + " ,, index:" + idx + ",", "k1", []string{"k1"}},
		{"unpadded standard", "k1:" + raw(a) + ",index:" + raw(idx), "k1", []string{"k1"}},
		{"url-safe padded", "k1:" + url(odd) + ",index:" + idx, "k1", []string{"k1"}},
		{"url-safe unpadded", "k1:" + raw(url(odd)) + ",index:" + idx, "k1", []string{"k1"}},
		{"standard with + and /", "k1:" + odd + ",index:" + idx, "k1", []string{"k1"}},
		{"id characters", "Key_2025-01:" + a + ",index:" + idx, "Key_2025-01", []string{"Key_2025-01"}},
		{"32-character id", strings.Repeat("x", 32) + ":" + a + ",index:" + idx, strings.Repeat("x", 32), []string{strings.Repeat("x", 32)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := vault.ParseRing(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.current, r.CurrentKeyID())
			assert.Equal(t, tt.ids, r.KeyIDs())
			assert.False(t, r.IsDev())
		})
	}
}

func TestParseRingRefuses(t *testing.T) {
	a, b, idx := key('a', 32), key('b', 32), key('i', 32)
	tests := []struct {
		name   string
		in     string
		entry  int    // the first problem's entry, 0 for the whole ring
		id     string // the id it names, "" for none
		reason string
	}{
		{"empty", "", 0, "", "empty"},
		{"only separators", " ,\n, ", 0, "", "empty"},
		{"no colon", "k1" + a + ",index:" + idx, 1, "", "no colon"},
		{"bare key", a, 1, "", "no colon"},
		{"empty id", ":" + a + ",index:" + idx, 1, "", "the id must be"},
		{"id with a slash", "k/1:" + a + ",index:" + idx, 1, "", "the id must be"},
		{"id too long", strings.Repeat("x", 33) + ":" + a + ",index:" + idx, 1, "", "the id must be"},
		{"key and id swapped", a + ":k1,index:" + idx, 1, "", "the id must be"},
		{"empty key", "k1:,index:" + idx, 1, "k1", "empty key"},
		{"bad base64", "k1:not*base64!,index:" + idx, 1, "k1", "not valid base64"},
		{"mixed alphabets", "k1:" + "+-" + a[2:] + ",index:" + idx, 1, "k1", "not valid base64"},
		{"bad padding", "k1:" + a + "==,index:" + idx, 1, "k1", "not valid base64"},
		{"16-byte key", "k1:" + key('a', 16) + ",index:" + idx, 1, "k1", "16 bytes, want 32"},
		{"33-byte key", "k1:" + key('a', 33) + ",index:" + idx, 1, "k1", "33 bytes, want 32"},
		{"short index key", "k1:" + a + ",index:" + key('i', 31), 2, "index", "31 bytes, want 32"},
		{"duplicate id", "k1:" + a + ",k1:" + b + ",index:" + idx, 2, "k1", "duplicate id"},
		{"duplicate index", "k1:" + a + ",index:" + idx + ",index:" + b, 3, "index", "duplicate id"},
		{"one key under two ids", "k2:" + a + ",k1:" + a + ",index:" + idx, 2, "k1", "the same key as entry 1"},
		{"index key reuses an encryption key", "k1:" + a + ",index:" + a, 2, "index", "the same key as entry 1"},
		{"no index key", "k2:" + a + ",k1:" + b, 0, "", "no blind-index key"},
		{"no encryption key", "index:" + idx, 0, "", "no encryption key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := vault.ParseRing(tt.in)
			require.Error(t, err)
			assert.Nil(t, r)
			assert.ErrorIs(t, err, vault.ErrBadKeys)
			var ke *vault.KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tt.entry, ke.Entry)
			assert.Equal(t, tt.id, ke.ID)
			assert.Contains(t, ke.Reason, tt.reason)
			assertNoKeyMaterial(t, err.Error(), tt.in)
		})
	}
}

// assertNoKeyMaterial fails when msg quotes any base64-looking part of the ring string
// that is long enough to be (part of) a key.
func assertNoKeyMaterial(t *testing.T, msg, ring string) {
	t.Helper()
	for _, part := range strings.FieldsFunc(ring, func(r rune) bool { return strings.ContainsRune(",: \t\r\n", r) }) {
		if len(part) >= 16 && strings.Contains(msg, part) {
			t.Errorf("error %q quotes key material %q", msg, part)
		}
	}
}

func TestParseRingReportsEveryProblem(t *testing.T) {
	_, err := vault.ParseRing("k1:" + key('a', 16) + ",k1:" + key('b', 32) + ",x")
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "entry 1 (k1): the key is 16 bytes")
	assert.Contains(t, msg, "entry 2 (k1): duplicate id")
	assert.Contains(t, msg, "entry 3: want id:key")
}

func TestDevRing(t *testing.T) {
	r := vault.DevRing()
	assert.True(t, r.IsDev())
	assert.Equal(t, vault.DevKeyID, r.CurrentKeyID())
	// Deterministic: two dev rings open each other's values and agree on indexes.
	aad := vault.AAD("supplier.tin", "sup_1")
	ct, err := r.Encrypt([]byte("123456789"), aad)
	require.NoError(t, err)
	pt, err := vault.DevRing().Decrypt(ct, aad)
	require.NoError(t, err)
	assert.Equal(t, "123456789", string(pt))
	assert.Equal(t, r.BlindIndex("supplier.tin", "123456789"), vault.DevRing().BlindIndex("supplier.tin", "123456789"))

	// The dev keys are recognised under any id, so renaming them does not hide them.
	devA, devI := strings.TrimPrefix(strings.Split(vault.DevKeys, ",")[0], "dev:"), strings.TrimPrefix(strings.Split(vault.DevKeys, ",")[1], "index:")
	renamed := newRing(t, "k9:"+devA+",index:"+key('i', 32))
	assert.True(t, renamed.IsDev())
	devIndex := newRing(t, "k1:"+key('a', 32)+",index:"+devI)
	assert.True(t, devIndex.IsDev())
}

// prodEnv is a prod configuration that config accepts apart from VOUCH_KEYS.
func prodEnv(keys string) config.Lookup {
	m := map[string]string{
		"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example", "VOUCH_TRUSTED_PROXIES": "10.0.0.1",
		"VOUCH_SMTP_URL": "smtp://mail.example:587", "VOUCH_KEYS": keys, "VOUCH_BANK_PROVIDER": "micro_deposits",
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func keysRefused(err error) bool {
	for _, e := range flatten(err) {
		var ce *config.Error
		if errors.As(e, &ce) && ce.Var == "VOUCH_KEYS" {
			return true
		}
	}
	return false
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestProdRefusesDevKeys keeps vault and config in step: config refuses the dev ring in
// prod by its "dev" marker, under its own ids or renamed, and accepts generated rings.
func TestProdRefusesDevKeys(t *testing.T) {
	devA, devI := strings.TrimPrefix(strings.Split(vault.DevKeys, ",")[0], "dev:"), strings.TrimPrefix(strings.Split(vault.DevKeys, ",")[1], "index:")
	for name, keys := range map[string]string{
		"dev ring":          vault.DevKeys,
		"dev key renamed":   "k1:" + devA + ",index:" + key('i', 32),
		"dev index key":     "k1:" + key('a', 32) + ",index:" + devI,
		"dev key after new": "k2:" + key('a', 32) + ",dev:" + devA + ",index:" + key('i', 32),
	} {
		_, err := config.FromEnv(prodEnv(keys))
		assert.True(t, keysRefused(err), "%s: prod must refuse it, got %v", name, err)
	}
	for range 50 {
		keys, err := vault.GenerateRing()
		require.NoError(t, err)
		_, err = config.FromEnv(prodEnv(keys))
		require.NoError(t, err, "prod must accept a generated ring")
		assert.False(t, newRing(t, keys).IsDev())
	}
}

func TestGenerateKey(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		e, err := vault.GenerateKey("k7")
		require.NoError(t, err)
		id, k, ok := strings.Cut(e, ":")
		require.True(t, ok)
		assert.Equal(t, "k7", id)
		assert.NotContains(t, strings.ToLower(k), "dev")
		raw, err := base64.StdEncoding.DecodeString(k)
		require.NoError(t, err)
		assert.Len(t, raw, vault.KeySize)
		assert.False(t, seen[k], "a repeated key")
		seen[k] = true
	}
	for _, bad := range []string{"", "k 1", "k:1", strings.Repeat("k", 33), "devkey", "myDEV2"} {
		_, err := vault.GenerateKey(bad)
		assert.ErrorIs(t, err, vault.ErrBadKeys, "id %q", bad)
	}

	s, err := vault.GenerateRing()
	require.NoError(t, err)
	r := newRing(t, s)
	assert.Equal(t, "k1", r.CurrentKeyID())
}

func TestNextKeyID(t *testing.T) {
	a, b, c, idx := key('a', 32), key('b', 32), key('c', 32), key('i', 32)
	assert.Equal(t, "k1", vault.DevRing().NextKeyID())
	assert.Equal(t, "k2", newRing(t, "k1:"+a+",index:"+idx).NextKeyID())
	assert.Equal(t, "k11", newRing(t, "k2:"+a+",k10:"+b+",other:"+c+",index:"+idx).NextKeyID())
	assert.Equal(t, "k1", newRing(t, "kx:"+a+",k-3:"+b+",index:"+idx).NextKeyID())
}

// TestRingNeverPrintsKeys prints a ring every way a log line or error might and looks for
// the key material in every encoding fmt could use.
func TestRingNeverPrintsKeys(t *testing.T) {
	a, idx := key(0xa7, 32), key(0x5c, 32)
	r := newRing(t, "k1:"+a+",index:"+idx)
	type holder struct {
		Ring *vault.Ring
		ring *vault.Ring
	}
	type byValue struct {
		Ring vault.Ring
		ring vault.Ring
	}
	var out []string
	values := []any{r, *r, holder{r, r}, &holder{r, r}, byValue{*r, *r}, &byValue{*r, *r},
		[]vault.Ring{*r}, []*vault.Ring{r}, map[string]vault.Ring{"a": *r}, []any{*r}, struct{ x any }{*r}}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%X", "%q", "%t", "%p", "%T"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
	}
	for _, v := range []any{r, *r, holder{r, r}, byValue{*r, *r}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("ring", "ring", r, "holder", holder{r, r})
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("ring", "ring", r)
	out = append(out, buf.String())
	for _, raw := range [][]byte{bytes.Repeat([]byte{0xa7}, 4), bytes.Repeat([]byte{0x5c}, 4)} {
		for _, s := range out {
			for _, leak := range []string{hex.EncodeToString(raw), strings.ToUpper(hex.EncodeToString(raw)), fmt.Sprint(raw)[1:12], fmt.Sprintf("%#x", raw[0]) + ", " + fmt.Sprintf("%#x", raw[1]), a[:16], idx[:16]} {
				assert.NotContains(t, s, leak)
			}
		}
	}
	for _, s := range out {
		assert.NotContains(t, s, "gcm", "the AEAD (its AES round keys) must not be printed: %s", s)
		assert.NotContains(t, s, "[32]uint8=&", "the index key must not be printed: %s", s)
	}
	assert.Contains(t, r.String(), "current: k1")
}
