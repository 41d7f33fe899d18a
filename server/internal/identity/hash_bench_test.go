package identity_test

import (
	"testing"

	"github.com/vouchhq/vouch/server/internal/identity"
)

// BenchmarkHashParallel is the raw argon2id rate at the production parameters on every
// core: the reference for httpapi's BenchmarkPasswordSignIn.
func BenchmarkHashParallel(b *testing.B) {
	h := identity.NewHasher(0)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := h.Hash(b.Context(), "benchmark passphrase for sign-ins"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
