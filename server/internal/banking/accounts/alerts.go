package accounts

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/risk"
)

// Alert kinds verification raises.
const (
	AlertClosedForCause = "bank_account_closed_for_cause"
	AlertOwnerMismatch  = "bank_account_owner_mismatch"
	AlertSharedAccount  = "bank_account_shared"
)

// raiseAlerts alerts every customer linked to the supplier when verification found what
// money should not follow: an account closed for cause, an owner that does not match,
// or an account already verified for another supplier.
func (s *Service) raiseAlerts(ctx context.Context, a Account, v verdict, shared []string, customers []Customer) error {
	type alert struct{ kind, severity, detail string }
	var alerts []alert
	if v.accountStatus == string(verify.StatusClosedForCause) {
		alerts = append(alerts, alert{AlertClosedForCause, "high", fmt.Sprintf("The bank closed the account ending %s for cause.", a.Last4)})
	}
	if v.ownerMatch == "no_match" {
		alerts = append(alerts, alert{AlertOwnerMismatch, "high", fmt.Sprintf("The owner of the account ending %s is not this supplier.", a.Last4)})
	}
	if len(shared) > 0 {
		alerts = append(alerts, alert{AlertSharedAccount, "high", fmt.Sprintf("The account ending %s is already verified for %d other supplier(s).", a.Last4, len(shared))})
	}
	accountID := a.ID
	for _, c := range customers {
		for _, al := range alerts {
			if err := s.d.Alerts.Raise(ctx, risk.Alert{CustomerID: c.ID, SupplierID: a.SupplierID, BankAccountID: &accountID,
				Kind: al.kind, Severity: al.severity, Detail: al.detail}); err != nil {
				return err
			}
		}
	}
	return nil
}

// notice is one e-mail about a guarded change, prepared before the transaction.
type notice struct {
	to   string
	data notify.BankAccountChangedData
}

// changeNotices prepares the e-mails of a guarded change: to the supplier's other users
// and to every linked customer's admins (with that customer's cooling period).
func (s *Service) changeNotices(ctx context.Context, actor identity.Actor, a Account, legal string, customers []Customer) ([]notice, error) {
	watchers, err := s.d.Suppliers.Watchers(ctx, a.SupplierID)
	if err != nil {
		return nil, err
	}
	changedBy := "Vouch" // a change nobody signed in made (none today) still names a sender
	for _, w := range watchers {
		if w.CustomerID == "" && w.UserID == actor.UserID && actor.UserID != "" {
			changedBy = w.Email
		}
	}
	cooling := map[string]int{}
	for _, c := range customers {
		cooling[c.ID] = c.CoolingHours
	}
	base := notify.BankAccountChangedData{SupplierName: legal, BankName: a.BankName, Last4: a.Last4, ChangedBy: changedBy}
	var out []notice
	for _, w := range watchers {
		d := base
		d.Name = w.Name
		switch {
		case w.CustomerID != "":
			d.ForCustomer, d.CoolingHours, d.URL = true, cooling[w.CustomerID], s.d.PublicURL+"/reviews/"+a.SupplierID
		case w.UserID == actor.UserID:
			continue // the one who made the change knows
		default:
			d.URL = s.d.PublicURL + "/bank-accounts"
		}
		out = append(out, notice{to: w.Email, data: d})
	}
	return out, nil
}
