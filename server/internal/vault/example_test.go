package vault_test

import (
	"fmt"
	"strings"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// A bank account number walks through the four forms: encrypted for storage, a blind index
// to find it elsewhere, a mask for display, and a Secret while in memory.
func Example() {
	ring := vault.DevRing() // the app passes the ring parsed from VOUCH_KEYS
	acct := vault.NewSecret("000123456789")
	aad := vault.AAD("bank_account.number", "bac_01hzyx")

	stored, _ := ring.EncryptSecret(acct, aad)
	index := ring.BlindIndex("bank_account.number", acct.Reveal())
	back, _ := ring.DecryptSecret(stored, aad)

	fmt.Println(strings.HasPrefix(stored, "v1:dev:"), len(index))
	fmt.Println(acct.Masked(), back.Equal(acct))
	fmt.Printf("logged as %v\n", back)
	// Output:
	// true 43
	// ••••6789 true
	// logged as [redacted]
}
