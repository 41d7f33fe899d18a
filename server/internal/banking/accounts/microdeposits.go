package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// Micro-deposit rules.
const (
	MicroDepositAttempts = 3                   // wrong guesses allowed in all
	MicroDepositTTL      = 10 * 24 * time.Hour // after this the account must be added again
)

// Micro-deposit errors callers branch on.
var (
	ErrNoMicroDeposits = &errs.Coded{Kind: errs.ErrConflict, Code: "micro_deposits_not_pending",
		Detail: "This account is not waiting for micro-deposits."}
	ErrMicroDepositsExpired = &errs.Coded{Kind: errs.ErrConflict, Code: "micro_deposits_expired",
		Detail: "The deposits expired after 10 days. Add the account again to get new ones."}
	ErrMicroDepositsLocked = &errs.Coded{Kind: errs.ErrConflict, Code: "micro_deposits_locked",
		Detail: "Too many wrong amounts. Add the account again, or ask support."}
)

// startMicroDeposits picks two random amounts of 1 to 99 cents, different from each
// other, for the operator's next ACH file.
func (s *Service) startMicroDeposits(ctx context.Context, accountID string) (*MicroDepositState, error) {
	a, err := randomCents()
	if err != nil {
		return nil, err
	}
	b := a
	for b == a {
		if b, err = randomCents(); err != nil {
			return nil, err
		}
	}
	now := s.timestamp()
	if _, err := s.d.DB.Exec(ctx, `INSERT INTO micro_deposits (bank_account_id, amount1_cents, amount2_cents, status, created_at, expires_at)
		VALUES (?, ?, ?, 'pending', ?, ?)`, accountID, a, b, now, now.Add(MicroDepositTTL)); err != nil {
		return nil, fmt.Errorf("micro-deposits: %w", err)
	}
	return &MicroDepositState{AttemptsLeft: MicroDepositAttempts, ExpiresAt: now.Add(MicroDepositTTL)}, nil
}

func randomCents() (int, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(99))
	if err != nil {
		return 0, fmt.Errorf("micro-deposit amount: %w", err)
	}
	return int(n.Int64()) + 1, nil
}

// ConfirmMicroDeposits checks the two amounts a supplier read on its statement, in any
// order. Right: the supplier controls the account, which then waits for a customer's
// admin to confirm the owner (the bank named none). Wrong: an attempt is used, and the
// third wrong one fails the account. Attempts are counted in the same transaction as the
// check, so parallel guesses cannot exceed them.
func (s *Service) ConfirmMicroDeposits(ctx context.Context, actor identity.Actor, supplierID, id string, amounts []int) (Account, error) {
	if len(amounts) != 2 || amounts[0] < 1 || amounts[0] > 99 || amounts[1] < 1 || amounts[1] > 99 {
		return Account{}, fmt.Errorf("micro-deposits: %w", errs.FieldErrors{}.Add("amounts_cents", "must be two amounts of 1 to 99 cents"))
	}
	var outcome error
	err := s.d.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.lockSupplier(ctx, supplierID); err != nil {
			return err
		}
		if _, err := s.Get(ctx, supplierID, id); err != nil {
			return err
		}
		var md struct {
			A1       int       `db:"amount1_cents"`
			A2       int       `db:"amount2_cents"`
			Attempts int       `db:"attempts"`
			Status   string    `db:"status"`
			Expires  time.Time `db:"expires_at"`
		}
		err := s.d.DB.Get(ctx, &md, `SELECT amount1_cents, amount2_cents, attempts, status, expires_at FROM micro_deposits WHERE bank_account_id = ?`, id)
		if errors.Is(err, errs.ErrNotFound) {
			return ErrNoMicroDeposits
		}
		if err != nil {
			return fmt.Errorf("micro-deposits: %w", err)
		}
		switch {
		case md.Status == "failed":
			return ErrMicroDepositsLocked
		case md.Status != "pending":
			return ErrNoMicroDeposits
		case !s.now().Before(md.Expires):
			outcome = ErrMicroDepositsExpired
			return s.closeMicroDeposits(ctx, actor, id, supplierID, "expired", StatusFailed, "The micro-deposits expired unconfirmed.")
		}
		right := (amounts[0] == md.A1 && amounts[1] == md.A2) || (amounts[0] == md.A2 && amounts[1] == md.A1)
		if right {
			return s.closeMicroDeposits(ctx, actor, id, supplierID, "verified", StatusReview,
				"You confirmed the two deposits, so you control this account. The bank did not name its owner, so a customer's admin will confirm it.")
		}
		left := MicroDepositAttempts - md.Attempts - 1
		if _, err := s.d.DB.Exec(ctx, `UPDATE micro_deposits SET attempts = attempts + 1 WHERE bank_account_id = ?`, id); err != nil {
			return fmt.Errorf("micro-deposits: %w", err)
		}
		if left <= 0 {
			outcome = ErrMicroDepositsLocked
			return s.closeMicroDeposits(ctx, actor, id, supplierID, "failed", StatusFailed, "Three wrong micro-deposit amounts were entered.")
		}
		outcome = &errs.Coded{Kind: errs.ErrInvalid, Code: "micro_deposits_mismatch",
			Detail: fmt.Sprintf("Those are not the amounts we sent. %d attempt%s left.", left, map[bool]string{true: "", false: "s"}[left == 1])}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	if outcome != nil {
		return Account{}, outcome
	}
	return s.Get(ctx, supplierID, id)
}

// closeMicroDeposits ends the deposits and records the outcome as a verification.
func (s *Service) closeMicroDeposits(ctx context.Context, actor identity.Actor, id, supplierID, mdStatus string, st Status, reason string) error {
	if _, err := s.d.DB.Exec(ctx, `UPDATE micro_deposits SET status = ? WHERE bank_account_id = ?`, mdStatus, id); err != nil {
		return fmt.Errorf("micro-deposits: %w", err)
	}
	if _, err := s.d.DB.Exec(ctx, `UPDATE bank_accounts SET status = ?, updated_at = ? WHERE id = ?`, st, s.timestamp(), id); err != nil {
		return fmt.Errorf("micro-deposits: %w", err)
	}
	accountStatus := "unknown"
	if mdStatus == "verified" {
		accountStatus = "open"
	}
	v := verdict{method: "micro_deposits", provider: "ach", accountStatus: accountStatus, ownerMatch: "unknown", reasons: []string{reason}}
	if _, err := s.storeVerification(ctx, id, v, ""); err != nil {
		return err
	}
	ev := actor.Event("bank_account.micro_deposits_"+mdStatus, "bank_account", id, supplierID)
	return s.record(ctx, ev)
}

// PendingDeposit is one micro-deposit credit for the operator's ACH file.
type PendingDeposit struct {
	AccountID     string
	SupplierID    string
	RoutingNumber string
	AccountNumber vault.Secret
	AccountType   string
	HolderName    string
	AmountsCents  [2]int
}

// PendingDeposits returns the deposits not yet exported, with the account numbers
// opened for the file (they go nowhere else).
func (s *Service) PendingDeposits(ctx context.Context) ([]PendingDeposit, error) {
	var rows []struct {
		ID         string `db:"id"`
		Supplier   string `db:"supplier_org_id"`
		Routing    string `db:"routing_number"`
		Type       string `db:"account_type"`
		Holder     string `db:"holder_name"`
		Ciphertext string `db:"account_ciphertext"`
		A1         int    `db:"amount1_cents"`
		A2         int    `db:"amount2_cents"`
	}
	if err := s.d.DB.Select(ctx, &rows, `SELECT a.id, a.supplier_org_id, a.routing_number, a.account_type, a.holder_name,
		a.account_ciphertext, m.amount1_cents, m.amount2_cents FROM micro_deposits m JOIN bank_accounts a ON a.id = m.bank_account_id
		WHERE m.status = 'pending' AND m.exported_at IS NULL AND m.expires_at > ? ORDER BY m.created_at, a.id`, s.timestamp()); err != nil {
		return nil, fmt.Errorf("pending micro-deposits: %w", err)
	}
	out := make([]PendingDeposit, 0, len(rows))
	for _, r := range rows {
		num, err := s.d.Vault.DecryptSecret(r.Ciphertext, vault.AAD(accountField, r.ID))
		if err != nil {
			return nil, fmt.Errorf("open account %s: %w", r.ID, err)
		}
		out = append(out, PendingDeposit{AccountID: r.ID, SupplierID: r.Supplier, RoutingNumber: r.Routing, AccountNumber: num,
			AccountType: r.Type, HolderName: r.Holder, AmountsCents: [2]int{r.A1, r.A2}})
	}
	return out, nil
}

// MarkExported records that these deposits went into an ACH file, so the next export
// leaves them out.
func (s *Service) MarkExported(ctx context.Context, actor identity.Actor, ids []string, fileSHA256 string) error {
	return s.d.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.timestamp()
		for _, id := range ids {
			if _, err := s.d.DB.Exec(ctx, `UPDATE micro_deposits SET exported_at = ? WHERE bank_account_id = ? AND exported_at IS NULL`, now, id); err != nil {
				return fmt.Errorf("mark exported: %w", err)
			}
		}
		ev := actor.Event("micro_deposits.exported", "", "", "")
		ev.Details = map[string]any{"entries": len(ids), "file_sha256": fileSHA256}
		return s.record(ctx, ev)
	})
}
