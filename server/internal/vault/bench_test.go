package vault_test

import (
	"testing"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// The names carry "Vault" because tools/benchtable keys results by name across packages.

func BenchmarkVaultEncrypt(b *testing.B) {
	r, _ := genRing(b, "k1")
	aad, pt := vault.AAD(fieldAccount, "bac_01hzyx"), []byte("000123456789")
	for b.Loop() {
		if _, err := r.Encrypt(pt, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVaultDecrypt(b *testing.B) {
	r, _ := genRing(b, "k1")
	aad := vault.AAD(fieldAccount, "bac_01hzyx")
	ct, err := r.Encrypt([]byte("000123456789"), aad)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Decrypt(ct, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVaultBlindIndex(b *testing.B) {
	r, _ := genRing(b, "k1")
	for b.Loop() {
		_ = r.BlindIndex(fieldAccount, "000123456789")
	}
}
