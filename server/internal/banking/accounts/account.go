package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Status is where a bank account stands.
type Status string

// The account statuses.
const (
	StatusVerified      Status = "verified"               // open, and the owner matches (or a customer approved a review)
	StatusMicroDeposits Status = "pending_micro_deposits" // waiting for the supplier to confirm two deposits
	StatusReview        Status = "review"                 // a customer's admin must look (partial owner match, unknown status, shared account)
	StatusFailed        Status = "failed"                 // closed, frozen, not found, owner does not match, or deposits not confirmed
	StatusReplaced      Status = "replaced"               // a newer verified account took over
)

// Verification is one verification of an account, whatever the method or vendor.
type Verification struct {
	ID            string    `db:"id" json:"id"`
	Method        string    `db:"method" json:"method"` // instant, micro_deposits, manual
	Provider      string    `db:"provider" json:"provider"`
	ProviderRef   string    `db:"provider_ref" json:"provider_ref"`
	AccountStatus string    `db:"account_status" json:"account_status"`
	OwnerMatch    string    `db:"owner_match" json:"owner_match"` // match, partial, no_match, unknown
	OwnerScore    int       `db:"owner_score" json:"owner_score"`
	CheckedAt     time.Time `db:"checked_at" json:"checked_at"`
	Reasons       []string  `db:"-" json:"reasons"`
	ReasonsText   string    `db:"reasons" json:"-"`
	RawCodesText  string    `db:"raw_codes" json:"-"`
	RawSHA256     string    `db:"raw_sha256" json:"raw_sha256"`
}

// Account is a supplier's bank account as the API shows it: never the full number.
type Account struct {
	ID            string        `db:"id" json:"id"`
	SupplierID    string        `db:"supplier_org_id" json:"supplier_id"`
	RoutingNumber string        `db:"routing_number" json:"routing_number"`
	BankName      string        `db:"bank_name" json:"bank_name"`
	AccountType   string        `db:"account_type" json:"account_type"`
	HolderName    string        `db:"holder_name" json:"holder_name"`
	Last4         string        `db:"account_last4" json:"last4"`
	Status        Status        `db:"status" json:"status"`
	Guarded       bool          `db:"guarded" json:"guarded_change"`
	CreatedAt     time.Time     `db:"created_at" json:"created_at"`
	Verification  *Verification `db:"-" json:"verification"`
	// MicroDeposits says how many tries are left and until when, while deposits are pending.
	MicroDeposits *MicroDepositState `db:"-" json:"micro_deposits,omitempty"`
}

// MicroDepositState is what a supplier sees of pending micro-deposits.
type MicroDepositState struct {
	AttemptsLeft int       `json:"attempts_left"`
	ExpiresAt    time.Time `json:"expires_at"`
}

const accountColumns = `id, supplier_org_id, routing_number, bank_name, account_type, holder_name, account_last4,
	status, guarded, created_at`

const verificationColumns = `id, method, provider, provider_ref, account_status, owner_match, owner_score, checked_at,
	reasons, raw_codes, raw_sha256`

// ErrAccountNotFound answers an account that is not the caller's.
var ErrAccountNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "bank_account_not_found", Detail: "No such bank account."}

// List returns a supplier's accounts, newest first, each with its latest verification.
func (s *Service) List(ctx context.Context, supplierID string) ([]Account, error) {
	out := []Account{}
	if err := s.d.DB.Select(ctx, &out, `SELECT `+accountColumns+` FROM bank_accounts WHERE supplier_org_id = ?
		ORDER BY created_at DESC, id`, supplierID); err != nil {
		return nil, fmt.Errorf("list bank accounts: %w", err)
	}
	for i := range out {
		if err := s.fill(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Get returns one of a supplier's accounts with its latest verification.
func (s *Service) Get(ctx context.Context, supplierID, id string) (Account, error) {
	var a Account
	err := s.d.DB.Get(ctx, &a, `SELECT `+accountColumns+` FROM bank_accounts WHERE id = ? AND supplier_org_id = ?`, id, supplierID)
	if errors.Is(err, errs.ErrNotFound) {
		return Account{}, ErrAccountNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("load bank account: %w", err)
	}
	return a, s.fill(ctx, &a)
}

// History returns every verification of an account, oldest first.
func (s *Service) History(ctx context.Context, supplierID, id string) ([]Verification, error) {
	if _, err := s.Get(ctx, supplierID, id); err != nil {
		return nil, err
	}
	var out []Verification
	if err := s.d.DB.Select(ctx, &out, `SELECT `+verificationColumns+` FROM bank_verifications WHERE bank_account_id = ?
		ORDER BY checked_at, id`, id); err != nil {
		return nil, fmt.Errorf("verification history: %w", err)
	}
	for i := range out {
		out[i].decode()
	}
	if out == nil {
		out = []Verification{}
	}
	return out, nil
}

// fill attaches the latest verification and the micro-deposit state.
func (s *Service) fill(ctx context.Context, a *Account) error {
	var vs []Verification
	if err := s.d.DB.Select(ctx, &vs, `SELECT `+verificationColumns+` FROM bank_verifications WHERE bank_account_id = ?
		ORDER BY checked_at DESC, id DESC LIMIT 1`, a.ID); err != nil {
		return fmt.Errorf("latest verification: %w", err)
	}
	if len(vs) == 1 {
		vs[0].decode()
		a.Verification = &vs[0]
	}
	if a.Status == StatusMicroDeposits {
		var md []struct {
			Attempts  int       `db:"attempts"`
			ExpiresAt time.Time `db:"expires_at"`
		}
		if err := s.d.DB.Select(ctx, &md, `SELECT attempts, expires_at FROM micro_deposits WHERE bank_account_id = ?`, a.ID); err != nil {
			return fmt.Errorf("micro-deposits: %w", err)
		}
		if len(md) == 1 {
			a.MicroDeposits = &MicroDepositState{AttemptsLeft: max(0, MicroDepositAttempts-md[0].Attempts), ExpiresAt: md[0].ExpiresAt}
		}
	}
	return nil
}

func (v *Verification) decode() {
	_ = json.Unmarshal([]byte(v.ReasonsText), &v.Reasons)
	if v.Reasons == nil {
		v.Reasons = []string{}
	}
}
