package accounts

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/keyrotation"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// SealedFields are the values this package seals, for key rotation: account numbers.
func (s *Service) SealedFields() []keyrotation.Field { return []keyrotation.Field{sealedAccounts{s}} }

// sealedAccounts is every stored account number.
type sealedAccounts struct{ s *Service }

func (sealedAccounts) Name() string { return "account numbers" }

func (f sealedAccounts) Remaining(ctx context.Context) (int, error) {
	prefix := f.s.d.Vault.CurrentPrefix()
	var n int
	err := f.s.d.DB.Get(ctx, &n, `SELECT count(*) FROM bank_accounts WHERE substr(account_ciphertext, 1, ?) <> ?`, len(prefix), prefix)
	return n, err
}

func (f sealedAccounts) ResealBatch(ctx context.Context, n int) (int, error) {
	prefix := f.s.d.Vault.CurrentPrefix()
	var rows []struct {
		ID string `db:"id"`
		CT string `db:"account_ciphertext"`
	}
	if err := f.s.d.DB.Select(ctx, &rows, `SELECT id, account_ciphertext FROM bank_accounts
		WHERE substr(account_ciphertext, 1, ?) <> ? ORDER BY id LIMIT ?`, len(prefix), prefix, n); err != nil {
		return 0, err
	}
	for _, r := range rows {
		out, _, err := f.s.d.Vault.Reseal(r.CT, vault.AAD(accountField, r.ID))
		if err != nil {
			return 0, fmt.Errorf("account %s: %w", r.ID, err)
		}
		if _, err := f.s.d.DB.Exec(ctx, `UPDATE bank_accounts SET account_ciphertext = ? WHERE id = ? AND account_ciphertext = ?`,
			out, r.ID, r.CT); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}
