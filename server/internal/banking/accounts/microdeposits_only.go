package accounts

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
)

// MicroDepositsOnly is the provider of a deployment without an instant-verification
// vendor (VOUCH_BANK_PROVIDER=micro_deposits): it never answers, so every account is
// verified by micro-deposits.
type MicroDepositsOnly struct{}

// Name implements verify.Provider.
func (MicroDepositsOnly) Name() string { return "micro_deposits" }

// Verify implements verify.Provider.
func (MicroDepositsOnly) Verify(context.Context, verify.Request) (verify.Answer, error) {
	return verify.Answer{}, fmt.Errorf("no instant-verification vendor configured: %w", verify.ErrNoAnswer)
}
