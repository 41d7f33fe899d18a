package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
	"github.com/vouchhq/vouch/shared/routing"
)

// accountField names account numbers in vault AADs and blind indexes.
const accountField = "account_number"

// AddInput is a bank account as the supplier enters it.
type AddInput struct {
	RoutingNumber string
	AccountNumber vault.Secret
	AccountType   string
	HolderName    string
}

// validate reports every bad field; the account number is never echoed.
func (in AddInput) validate() (AddInput, error) {
	var fe errs.FieldErrors
	in.RoutingNumber = strings.TrimSpace(in.RoutingNumber)
	if err := routing.Validate(in.RoutingNumber); err != nil {
		fe = fe.Add("routing_number", err.Error())
	}
	number := in.AccountNumber.Reveal()
	switch {
	case number == "":
		fe = fe.Add("account_number", "is required")
	case strings.IndexFunc(number, func(r rune) bool { return r < '0' || r > '9' }) >= 0:
		fe = fe.Add("account_number", "must be digits only, without spaces or dashes")
	case len(number) < 4 || len(number) > 17:
		fe = fe.Add("account_number", "must be 4 to 17 digits")
	}
	in.AccountType = strings.ToLower(strings.TrimSpace(in.AccountType))
	if in.AccountType != verify.Checking && in.AccountType != verify.Savings {
		fe = fe.Add("account_type", "must be checking or savings")
	}
	in.HolderName = strings.Join(strings.Fields(in.HolderName), " ")
	switch {
	case in.HolderName == "":
		fe = fe.Add("holder_name", "is required: the name the bank has on the account")
	case len([]rune(in.HolderName)) > 200:
		fe = fe.Add("holder_name", "must be at most 200 characters")
	case strings.IndexFunc(in.HolderName, unicode.IsControl) >= 0:
		fe = fe.Add("holder_name", "must not contain control characters")
	}
	return in, fe.OrNil()
}

// ErrRoutingUnknown answers a routing number the directory does not list.
var ErrRoutingUnknown = &errs.Coded{Kind: errs.ErrInvalid, Code: "routing_number_unknown",
	Detail: "No bank uses this routing number. Check it against a cheque or your bank's website."}

// Guarded reports whether adding an account to this supplier is a guarded change: it
// already has an account that was not refused, or a customer has approved it. The first
// account of a supplier nobody has approved yet needs only the session.
func (s *Service) Guarded(ctx context.Context, supplierID string) (bool, error) {
	var n int
	if err := s.d.DB.Get(ctx, &n, `SELECT count(*) FROM bank_accounts WHERE supplier_org_id = ? AND status <> 'failed'`, supplierID); err != nil {
		return false, fmt.Errorf("guarded change: %w", err)
	}
	if n > 0 {
		return true, nil
	}
	customers, err := s.d.Suppliers.Customers(ctx, supplierID)
	if err != nil {
		return false, err
	}
	for _, c := range customers {
		if c.Approved {
			return true, nil
		}
	}
	return false, nil
}

// Add stores a supplier's account sealed and verifies it at once: the provider's answer
// within VerifyTimeout decides it; without one, two micro-deposits are set up. guarded
// says the caller passed the step-up a guarded change needs (the HTTP edge checks it
// against Guarded); a guarded change tells the supplier's other users and its customers.
func (s *Service) Add(ctx context.Context, actor identity.Actor, supplierID string, in AddInput, guarded bool) (Account, error) {
	in, err := in.validate()
	if err != nil {
		return Account{}, fmt.Errorf("add bank account: %w", err)
	}
	bank, err := s.lookup(ctx, in.RoutingNumber)
	if err != nil {
		return Account{}, err
	}
	legal, dba, err := s.d.Suppliers.Names(ctx, supplierID)
	if err != nil {
		return Account{}, err
	}
	id := db.NewID("bac")
	number := in.AccountNumber.Reveal()
	ct, err := s.d.Vault.Encrypt([]byte(number), vault.AAD(accountField, id))
	if err != nil {
		return Account{}, fmt.Errorf("seal account number: %w", err)
	}
	index := s.d.Vault.BlindIndex(accountField, in.RoutingNumber+":"+number)

	vctx, cancel := context.WithTimeout(ctx, s.d.VerifyTimeout)
	ans, verr := s.d.Provider.Verify(vctx, verify.Request{RoutingNumber: in.RoutingNumber, AccountNumber: in.AccountNumber,
		AccountType: in.AccountType, HolderName: in.HolderName, LegalName: legal, DBA: dba})
	cancel()
	var v verdict
	switch {
	case verr == nil:
		v = judge(ans, legal, dba, in.HolderName)
	case errors.Is(verr, verify.ErrNoAnswer) || errors.Is(verr, verify.ErrBadAnswer) || errors.Is(verr, context.DeadlineExceeded):
		s.d.Log.WarnContext(ctx, "no instant verification; falling back to micro-deposits", "provider", s.d.Provider.Name(), "err", verr)
		v = microDepositVerdict(s.d.Provider.Name())
	default:
		return Account{}, fmt.Errorf("verify bank account: %w", verr)
	}
	v.reasons = append(bankReasons(bank), v.reasons...)

	a := Account{ID: id, SupplierID: supplierID, RoutingNumber: in.RoutingNumber, BankName: bank.BankName, AccountType: in.AccountType,
		HolderName: in.HolderName, Last4: vault.Last4(number), Status: v.status, Guarded: guarded, CreatedAt: s.timestamp()}
	// Everything read for alerts and notices is read before the transaction, which then
	// only writes: it holds the supplier's lock, and its audit event the chain's, briefly.
	customers, err := s.d.Suppliers.Customers(ctx, supplierID)
	if err != nil {
		return Account{}, err
	}
	var notices []notice
	if guarded {
		if notices, err = s.changeNotices(ctx, actor, a, legal, customers); err != nil {
			return Account{}, err
		}
	}
	err = s.d.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.lockSupplier(ctx, supplierID); err != nil {
			return err
		}
		shared, err := s.sharedWith(ctx, supplierID, index)
		if err != nil {
			return err
		}
		if len(shared) > 0 && a.Status == StatusVerified {
			a.Status = StatusReview
			v.reasons = append(v.reasons, "The same account is already verified for another supplier on Vouch; a customer's admin must confirm it.")
		}
		if _, err := s.d.DB.Exec(ctx, `INSERT INTO bank_accounts (id, supplier_org_id, routing_number, bank_name, account_type,
			holder_name, account_ciphertext, account_last4, account_index, status, guarded, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, supplierID, a.RoutingNumber, a.BankName, a.AccountType,
			a.HolderName, ct, a.Last4, index, a.Status, guarded, db.NullIfEmpty(actor.UserID), a.CreatedAt, a.CreatedAt); err != nil {
			return fmt.Errorf("store bank account: %w", err)
		}
		stored, err := s.storeVerification(ctx, a.ID, v, "")
		if err != nil {
			return err
		}
		a.Verification = &stored
		if a.Status == StatusMicroDeposits {
			if a.MicroDeposits, err = s.startMicroDeposits(ctx, a.ID); err != nil {
				return err
			}
		}
		if a.Status == StatusVerified {
			if err := s.replaceOthers(ctx, a); err != nil {
				return err
			}
		}
		if err := s.raiseAlerts(ctx, a, v, shared, customers); err != nil {
			return err
		}
		for _, n := range notices {
			if err := s.mail(ctx, n.to, notify.TemplateBankAccountChanged, n.data); err != nil {
				return err
			}
		}
		ev := actor.Event("bank_account.added", "bank_account", a.ID, supplierID)
		ev.Details = map[string]any{"last4": a.Last4, "routing": a.RoutingNumber, "status": string(a.Status),
			"account_status": v.accountStatus, "owner_match": v.ownerMatch, "guarded_change": guarded}
		return s.record(ctx, ev) // last: the audit chain's lock is held until the commit
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil // as stored: reading it back would cost three queries for nothing new
}

// lookup checks the routing number against the directory. With no directory imported
// yet, the number's format was checked and the bank is simply not named.
func (s *Service) lookup(ctx context.Context, rtn string) (directory.Result, error) {
	res, err := s.d.Directory.Lookup(ctx, rtn)
	if err == nil && res.Status == directory.NotFound {
		// The loaded copy may predate an import: look again before refusing the number.
		if err = s.d.Directory.Refresh(ctx); err == nil {
			res, err = s.d.Directory.Lookup(ctx, rtn)
		}
	}
	if err != nil {
		return directory.Result{}, fmt.Errorf("routing lookup: %w", err)
	}
	if res.Status != directory.NotFound {
		if res.Status == directory.Replaced {
			return directory.Result{}, &errs.Coded{Kind: errs.ErrInvalid, Code: "routing_number_replaced",
				Detail: "This routing number was replaced by " + res.NewRoutingNumber + "; use the new one."}
		}
		return res, nil
	}
	if _, err := s.d.Directory.Current(ctx); errors.Is(err, errs.ErrNotFound) {
		return res, nil
	}
	return directory.Result{}, ErrRoutingUnknown
}

// bankReasons says what the directory told us.
func bankReasons(bank directory.Result) []string {
	if bank.BankName == "" {
		return []string{"The routing number is well formed; no FedACH directory is loaded to name the bank."}
	}
	return []string{fmt.Sprintf("The routing number belongs to %s (%s, %s).", bank.BankName, bank.City, bank.State)}
}

// sharedWith lists other suppliers with the same account verified.
func (s *Service) sharedWith(ctx context.Context, supplierID, index string) ([]string, error) {
	var out []string
	if err := s.d.DB.Select(ctx, &out, `SELECT DISTINCT supplier_org_id FROM bank_accounts WHERE account_index = ?
		AND supplier_org_id <> ? AND status IN ('verified', 'replaced')`, index, supplierID); err != nil {
		return nil, fmt.Errorf("shared account: %w", err)
	}
	return out, nil
}

// lockSupplier serialises the account changes of one supplier: two additions at once
// would otherwise update each other's rows in opposite orders and deadlock. It locks the
// supplier's org row (SQLite's write lock already serialises every transaction).
func (s *Service) lockSupplier(ctx context.Context, supplierID string) error {
	if _, err := s.d.DB.Exec(ctx, `UPDATE orgs SET kind = kind WHERE id = ?`, supplierID); err != nil {
		return fmt.Errorf("lock supplier: %w", err)
	}
	return nil
}

// replaceOthers marks a supplier's earlier verified accounts replaced by a newly verified one.
func (s *Service) replaceOthers(ctx context.Context, a Account) error {
	if _, err := s.d.DB.Exec(ctx, `UPDATE bank_accounts SET status = 'replaced', updated_at = ? WHERE supplier_org_id = ?
		AND id <> ? AND status = 'verified'`, s.timestamp(), a.SupplierID, a.ID); err != nil {
		return fmt.Errorf("replace accounts: %w", err)
	}
	return nil
}
