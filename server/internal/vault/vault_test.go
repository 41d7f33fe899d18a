package vault_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/vault"
)

const (
	fieldAccount = "bank_account.number"
	fieldTIN     = "supplier.tin"
)

func TestRoundTrip(t *testing.T) {
	r, _ := genRing(t, "k1")
	tests := []struct {
		name      string
		plaintext string
		aad       []byte
	}{
		{"account number", "000123456789", vault.AAD(fieldAccount, "bac_01")},
		{"TIN", "123456789", vault.AAD(fieldTIN, "sup_01")},
		{"empty value", "", vault.AAD(fieldAccount, "bac_02")},
		{"unicode", "Zürich €", vault.AAD("x", "y")},
		{"binary", "\x00\xff\x00", []byte{0}},
		{"largest", strings.Repeat("9", vault.MaxPlaintext), vault.AAD(fieldAccount, "bac_03")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, err := r.Encrypt([]byte(tt.plaintext), tt.aad)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(ct, "v1:k1:"), "ciphertext names version and key: %.20s", ct)
			if len(tt.plaintext) >= 6 {
				assert.NotContains(t, ct, tt.plaintext, "not in the clear")
			}
			pt, err := r.Decrypt(ct, tt.aad)
			require.NoError(t, err)
			assert.Equal(t, tt.plaintext, string(pt))

			again, err := r.Encrypt([]byte(tt.plaintext), tt.aad)
			require.NoError(t, err)
			assert.NotEqual(t, ct, again, "a fresh nonce per call")
		})
	}
}

func TestEncryptRefuses(t *testing.T) {
	r := vault.DevRing()
	_, err := r.Encrypt([]byte("123"), nil)
	assert.ErrorIs(t, err, vault.ErrNoAAD)
	_, err = r.Encrypt([]byte(strings.Repeat("1", vault.MaxPlaintext+1)), vault.AAD("f", "r"))
	assert.Error(t, err)
	_, err = r.Decrypt("v1:dev:AAAA", nil)
	assert.ErrorIs(t, err, vault.ErrNoAAD)
}

func TestSecretRoundTrip(t *testing.T) {
	r := vault.DevRing()
	aad := vault.AAD(fieldAccount, "bac_1")
	ct, err := r.EncryptSecret(vault.NewSecret("123456789"), aad)
	require.NoError(t, err)
	s, err := r.DecryptSecret(ct, aad)
	require.NoError(t, err)
	assert.Equal(t, "123456789", s.Reveal())
	_, err = r.DecryptSecret(ct, vault.AAD(fieldAccount, "bac_2"))
	assert.ErrorIs(t, err, vault.ErrAuthFailed)
}

// TestGoldenCiphertext pins the format: a value sealed by an earlier build must open for
// ever, or stored data is lost. Never regenerate it to make the test pass. (It was checked
// against an independent AES-GCM, Python's cryptography, with nonce = the first 12 bytes
// and additional data = "v1:dev:" + AAD(field, row).)
func TestGoldenCiphertext(t *testing.T) {
	const golden = "v1:dev:uF6RaodYHllixZDHSVA0dBFSwRwLyUQHatoKtmzgQtiOeaHtMQ"
	pt, err := vault.DevRing().Decrypt(golden, vault.AAD(fieldAccount, "bac_golden"))
	require.NoError(t, err)
	assert.Equal(t, "123456789", string(pt))
}

func TestWrongAAD(t *testing.T) {
	r := vault.DevRing()
	ct, err := r.Encrypt([]byte("123456789"), vault.AAD(fieldAccount, "bac_1"))
	require.NoError(t, err)
	for name, aad := range map[string][]byte{
		"another row":             vault.AAD(fieldAccount, "bac_2"),
		"another field, same row": vault.AAD(fieldTIN, "bac_1"),
		"field and row run on":    vault.AAD(fieldAccount+"b", "ac_1"),
		"row id prefix":           vault.AAD(fieldAccount, "bac_"),
		"raw concatenation":       []byte(fieldAccount + "bac_1"),
	} {
		_, err := r.Decrypt(ct, aad)
		assert.ErrorIs(t, err, vault.ErrAuthFailed, name)
	}
}

// TestTamper changes every byte of each region of a ciphertext (nonce, encrypted value,
// tag) and the header, truncates and extends it, and expects a failure each time.
func TestTamper(t *testing.T) {
	r, _ := genRing(t, "k2", "k1")
	aad := vault.AAD(fieldAccount, "bac_1")
	ct, err := r.Encrypt([]byte("000123456789"), aad)
	require.NoError(t, err)
	hdr, encoded := ct[:len("v1:k2:")], ct[len("v1:k2:"):]
	body, err := base64.RawURLEncoding.DecodeString(encoded)
	require.NoError(t, err)
	require.Len(t, body, 12+12+16)
	seal := func(b []byte) string { return hdr + base64.RawURLEncoding.EncodeToString(b) }

	regions := []struct {
		name       string
		start, end int
	}{{"nonce", 0, 12}, {"encrypted value", 12, len(body) - 16}, {"tag", len(body) - 16, len(body)}}
	for _, reg := range regions {
		for i := reg.start; i < reg.end; i++ {
			for _, flip := range []byte{0x01, 0x80, 0xff} {
				b := append([]byte(nil), body...)
				b[i] ^= flip
				_, err := r.Decrypt(seal(b), aad)
				require.ErrorIs(t, err, vault.ErrAuthFailed, "%s byte %d ^ %#x", reg.name, i, flip)
			}
		}
	}
	for n := range len(body) {
		_, err := r.Decrypt(seal(body[:n]), aad)
		require.Error(t, err, "truncated to %d bytes", n)
		if n < 28 {
			require.ErrorIs(t, err, vault.ErrMalformed)
		} else {
			require.ErrorIs(t, err, vault.ErrAuthFailed)
		}
	}
	_, err = r.Decrypt(seal(append(append([]byte(nil), body...), 0)), aad)
	assert.ErrorIs(t, err, vault.ErrAuthFailed, "extended")

	header := []struct {
		name string
		ct   string
		want error
	}{
		{"other known key id", "v1:k1:" + encoded, vault.ErrAuthFailed},
		{"index key id", "v1:index:" + encoded, vault.ErrUnknownKey},
		{"unknown key id", "v1:k9:" + encoded, vault.ErrUnknownKey},
		{"empty key id", "v1::" + encoded, vault.ErrMalformed},
		{"bad key id", "v1:k/2:" + encoded, vault.ErrMalformed},
		{"other version", "v2:k2:" + encoded, vault.ErrMalformed},
		{"upper-case version", "V1:k2:" + encoded, vault.ErrMalformed},
		{"no version", "k2:" + encoded, vault.ErrMalformed},
		{"body only", encoded, vault.ErrMalformed},
		{"padded body", ct + "=", vault.ErrMalformed},
		{"line break in body", hdr + encoded[:10] + "\n" + encoded[10:], vault.ErrMalformed},
		{"space in body", hdr + encoded[:10] + " " + encoded[10:], vault.ErrMalformed},
		{"trailing colon", ct + ":", vault.ErrMalformed},
		{"empty", "", vault.ErrMalformed},
		{"plaintext stored by mistake", "000123456789", vault.ErrMalformed},
	}
	if std := hdr + base64.RawStdEncoding.EncodeToString(body); std != ct {
		header = append(header, struct {
			name string
			ct   string
			want error
		}{"standard alphabet", std, vault.ErrMalformed})
	}
	for _, h := range header {
		_, err := r.Decrypt(h.ct, aad)
		assert.ErrorIs(t, err, h.want, h.name)
	}

	// Every single-character change anywhere in the text fails.
	for i := range len(ct) {
		for _, c := range []byte{'A', 'B', '_', '-', ':', '0', 'v'} {
			if ct[i] == c {
				continue
			}
			mut := ct[:i] + string(c) + ct[i+1:]
			_, err := r.Decrypt(mut, aad)
			require.Error(t, err, "character %d set to %q", i, c)
		}
	}
}

func TestErrorsNeverCarryValues(t *testing.T) {
	r := vault.DevRing()
	const secret = "000987654321"
	aad := vault.AAD(fieldAccount, "bac_1")
	ct, err := r.Encrypt([]byte(secret), aad)
	require.NoError(t, err)
	body := ct[len("v1:dev:"):]
	for _, c := range []string{ct, secret, "v1:dev:" + secret, "v1:k9:" + body, "v9:dev:" + body, ct[:len(ct)-3]} {
		for _, a := range [][]byte{aad, vault.AAD(fieldAccount, "bac_2")} {
			_, err := r.Decrypt(c, a)
			if err == nil {
				continue
			}
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, err.Error(), body[:12])
		}
	}
}

func TestUnknownKey(t *testing.T) {
	other, _ := genRing(t, "k1")
	ct, err := other.Encrypt([]byte("1"), vault.AAD("f", "r"))
	require.NoError(t, err)
	_, err = vault.DevRing().Decrypt(ct, vault.AAD("f", "r"))
	assert.ErrorIs(t, err, vault.ErrUnknownKey)
	assert.Contains(t, err.Error(), `"k1"`)
	_, err = vault.DevRing().NeedsRotation(ct)
	assert.ErrorIs(t, err, vault.ErrUnknownKey)

	// Same id, different material: the key is known by name but the value does not open.
	same, _ := genRing(t, "k1")
	_, err = same.Decrypt(ct, vault.AAD("f", "r"))
	assert.ErrorIs(t, err, vault.ErrAuthFailed)
}

// TestRotation walks a rotation: seal under k1, add k2 in front, read old values,
// re-encrypt them, drop k1.
func TestRotation(t *testing.T) {
	k1, err := vault.GenerateKey("k1")
	require.NoError(t, err)
	idx, err := vault.GenerateKey(vault.IndexKeyID)
	require.NoError(t, err)
	oldRing := newRing(t, k1+","+idx)
	k2, err := vault.GenerateKey(oldRing.NextKeyID())
	require.NoError(t, err)
	rotated := newRing(t, k2+","+k1+","+idx)
	assert.Equal(t, "k2", rotated.CurrentKeyID())
	assert.Equal(t, []string{"k2", "k1"}, rotated.KeyIDs())

	aad := vault.AAD(fieldAccount, "bac_1")
	old, err := oldRing.Encrypt([]byte("123456789"), aad)
	require.NoError(t, err)

	pt, err := rotated.Decrypt(old, aad)
	require.NoError(t, err, "the new ring still opens values sealed with k1")
	assert.Equal(t, "123456789", string(pt))
	stale, err := rotated.NeedsRotation(old)
	require.NoError(t, err)
	assert.True(t, stale)
	stale, err = oldRing.NeedsRotation(old)
	require.NoError(t, err)
	assert.False(t, stale)
	assert.False(t, strings.HasPrefix(old, rotated.CurrentPrefix()))

	fresh, changed, err := rotated.Reseal(old, aad)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.True(t, strings.HasPrefix(fresh, rotated.CurrentPrefix()))
	assert.Equal(t, "v1:k2:", rotated.CurrentPrefix())
	pt, err = rotated.Decrypt(fresh, aad)
	require.NoError(t, err)
	assert.Equal(t, "123456789", string(pt))
	stale, err = rotated.NeedsRotation(fresh)
	require.NoError(t, err)
	assert.False(t, stale)

	same, changed, err := rotated.Reseal(fresh, aad)
	require.NoError(t, err)
	assert.False(t, changed)
	assert.Equal(t, fresh, same)

	_, changed, err = rotated.Reseal(old, vault.AAD(fieldAccount, "bac_2"))
	assert.ErrorIs(t, err, vault.ErrAuthFailed, "a reseal with the wrong AAD fails, it does not launder the value")
	assert.False(t, changed)

	// The old ring cannot read the new key; after dropping k1 the old value is lost.
	_, err = oldRing.Decrypt(fresh, aad)
	assert.ErrorIs(t, err, vault.ErrUnknownKey)
	onlyNew := newRing(t, k2+","+idx)
	_, err = onlyNew.Decrypt(old, aad)
	assert.ErrorIs(t, err, vault.ErrUnknownKey)

	// The blind index survives the rotation: it depends on the index key only.
	assert.Equal(t, oldRing.BlindIndex(fieldAccount, "123456789"), rotated.BlindIndex(fieldAccount, "123456789"))
}

func TestNeedsRotationRefusesGarbage(t *testing.T) {
	for _, c := range []string{"", "123456789", "v1:dev:", "v1:dev:%%%", "v2:dev:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
		_, err := vault.DevRing().NeedsRotation(c)
		assert.ErrorIs(t, err, vault.ErrMalformed, "%q", c)
	}
}

func TestConcurrentUse(t *testing.T) {
	r, _ := genRing(t, "k1")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			aad := vault.AAD(fieldAccount, string(rune('a'+g)))
			for range 200 {
				ct, err := r.Encrypt([]byte("123456789"), aad)
				if err != nil {
					t.Error(err)
					return
				}
				if pt, err := r.Decrypt(ct, aad); err != nil || string(pt) != "123456789" {
					t.Error("round trip failed", err)
					return
				}
				_ = r.BlindIndex(fieldAccount, "123456789")
			}
		})
	}
	wg.Wait()
}

// FuzzDecrypt feeds Decrypt, NeedsRotation and Reseal arbitrary text: they must never
// panic, must fail with one of the documented kinds, must never quote the input, and may
// succeed only on a ciphertext in its one canonical spelling.
func FuzzDecrypt(f *testing.F) {
	r := vault.DevRing()
	for _, v := range []string{"123456789", "", "000000000000000000"} {
		ct, err := r.Encrypt([]byte(v), vault.AAD(fieldAccount, "bac_1"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ct, fieldAccount, "bac_1")
	}
	for _, s := range []string{"", "v1:", "v1:dev:", "v1::", "v1:dev:AAAA", "v1:index:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v2:dev:x", ":::", "v1:dev:\n"} {
		f.Add(s, fieldAccount, "bac_1")
	}
	f.Fuzz(func(t *testing.T, ct, field, row string) {
		aad := vault.AAD(field, row)
		pt, err := r.Decrypt(ct, aad)
		if err != nil {
			if !errors.Is(err, vault.ErrMalformed) && !errors.Is(err, vault.ErrUnknownKey) && !errors.Is(err, vault.ErrAuthFailed) {
				t.Fatalf("undocumented error kind: %v", err)
			}
			if len(ct) > 40 && strings.Contains(err.Error(), ct[len(ct)-20:]) {
				t.Fatalf("error %q quotes the ciphertext", err)
			}
		} else {
			id, body, _ := strings.Cut(strings.TrimPrefix(ct, "v1:"), ":")
			raw, derr := base64.RawURLEncoding.DecodeString(body)
			if derr != nil || "v1:"+id+":"+base64.RawURLEncoding.EncodeToString(raw) != ct {
				t.Fatalf("opened a non-canonical ciphertext %q", ct)
			}
			again, err := r.Encrypt(pt, aad)
			if err != nil {
				t.Fatal(err)
			}
			if back, err := r.Decrypt(again, aad); err != nil || string(back) != string(pt) {
				t.Fatalf("re-sealed value does not round-trip: %v", err)
			}
		}
		_, _ = r.NeedsRotation(ct)
		_, _, _ = r.Reseal(ct, aad)
	})
}

// FuzzParseRing feeds ParseRing arbitrary strings: it must never panic, must fail only
// with ErrBadKeys and never quote a key, and every ring it accepts must work.
func FuzzParseRing(f *testing.F) {
	for _, s := range []string{
		vault.DevKeys, "", ",", "k1:", ":", "k1:AAAA,index:BBBB",
		"k2:" + key('a', 32) + ",k1:" + key('b', 32) + ",index:" + key('c', 32),
		"k1:" + key('a', 32) + ",k1:" + key('a', 32), key('a', 32) + ":k1",
		":0000000000000000 00000000000000000:", // an echoed id that contains another entry's "key"
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := vault.ParseRing(s)
		if err != nil {
			if !errors.Is(err, vault.ErrBadKeys) {
				t.Fatalf("error without ErrBadKeys: %v", err)
			}
			// Errors name valid ids as "(id)"; take those out, then no key may remain.
			msg := err.Error()
			var ke *vault.KeyError
			for _, e := range flatten(err) {
				if errors.As(e, &ke) && ke.ID != "" {
					msg = strings.ReplaceAll(msg, "("+ke.ID+")", "()")
				}
			}
			for _, e := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ':' || unicode.IsSpace(r) }) {
				if len(e) >= 16 && isBase64ish(e) && strings.Contains(msg, e) {
					t.Fatalf("error %q quotes key material %q", err, e)
				}
			}
			return
		}
		aad := vault.AAD("f", "r")
		ct, err := r.Encrypt([]byte("123"), aad)
		if err != nil {
			t.Fatal(err)
		}
		if pt, err := r.Decrypt(ct, aad); err != nil || string(pt) != "123" {
			t.Fatalf("accepted ring does not round-trip: %v", err)
		}
		if len(r.BlindIndex("f", "123")) != 43 {
			t.Fatal("blind index length")
		}
	})
}

func isBase64ish(s string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("+/-_=", c)) {
			return false
		}
	}
	return true
}
