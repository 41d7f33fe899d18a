package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// CustomerAccount is a supplier's account as a paying customer sees it: status, history
// and the cooling period that customer applies, never the number beyond its last four.
type CustomerAccount struct {
	Account
	History      []Verification `json:"history"`
	CoolingUntil *time.Time     `json:"cooling_until"` // payments come back for review until then (guarded changes)
}

// ForCustomer lists a supplier's accounts for one of its customers; a supplier the
// customer is not linked to is errs.ErrNotFound.
func (s *Service) ForCustomer(ctx context.Context, customerID, supplierID string) ([]CustomerAccount, error) {
	c, err := s.customerOf(ctx, customerID, supplierID)
	if err != nil {
		return nil, err
	}
	list, err := s.List(ctx, supplierID)
	if err != nil {
		return nil, err
	}
	out := make([]CustomerAccount, 0, len(list))
	for _, a := range list {
		h, err := s.History(ctx, supplierID, a.ID)
		if err != nil {
			return nil, err
		}
		ca := CustomerAccount{Account: a, History: h}
		if a.Guarded && a.Status != StatusFailed && a.Status != StatusReplaced { // nothing to pay into
			until := a.CreatedAt.Add(time.Duration(c.CoolingHours) * time.Hour)
			if s.now().Before(until) {
				ca.CoolingUntil = &until
			}
		}
		out = append(out, ca)
	}
	return out, nil
}

func (s *Service) customerOf(ctx context.Context, customerID, supplierID string) (Customer, error) {
	customers, err := s.d.Suppliers.Customers(ctx, supplierID)
	if err != nil {
		return Customer{}, err
	}
	for _, c := range customers {
		if c.ID == customerID {
			return c, nil
		}
	}
	return Customer{}, &errs.Coded{Kind: errs.ErrNotFound, Code: "supplier_not_found", Detail: "No such supplier in your queue."}
}

// ErrNotInReview answers a manual decision on an account that is not waiting for one.
var ErrNotInReview = &errs.Coded{Kind: errs.ErrConflict, Code: "bank_account_not_in_review",
	Detail: "This account is not waiting for a review."}

// DecideReview records a customer admin's manual review of an account in review: approve
// verifies it, reject fails it. A reason is required; both are kept as a verification.
func (s *Service) DecideReview(ctx context.Context, actor identity.Actor, customerID, supplierID, id string, approve bool, reason string) (Account, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Account{}, fmt.Errorf("review bank account: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	if _, err := s.customerOf(ctx, customerID, supplierID); err != nil {
		return Account{}, err
	}
	err := s.d.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.lockSupplier(ctx, supplierID); err != nil {
			return err
		}
		a, err := s.Get(ctx, supplierID, id)
		if err != nil {
			return err
		}
		if a.Status != StatusReview {
			return ErrNotInReview
		}
		st, words := StatusFailed, "Rejected by a customer's admin: "+reason
		if approve {
			st, words = StatusVerified, "Approved by a customer's admin after review: "+reason
		}
		if _, err := s.d.DB.Exec(ctx, `UPDATE bank_accounts SET status = ?, updated_at = ? WHERE id = ?`, st, s.timestamp(), id); err != nil {
			return fmt.Errorf("review bank account: %w", err)
		}
		prev := a.Verification
		v := verdict{method: "manual", provider: "customer_review", accountStatus: "unknown", ownerMatch: "unknown", reasons: []string{words}}
		if prev != nil {
			v.accountStatus, v.ownerMatch, v.ownerScore = prev.AccountStatus, prev.OwnerMatch, prev.OwnerScore
		}
		if _, err := s.storeVerification(ctx, id, v, actor.UserID); err != nil {
			return err
		}
		if st == StatusVerified {
			a.Status = st
			if err := s.replaceOthers(ctx, a); err != nil {
				return err
			}
		}
		ev := actor.Event("bank_account.review_decided", "bank_account", id, customerID)
		ev.Reason = reason
		ev.Details = map[string]any{"approved": approve, "supplier_org_id": supplierID}
		return s.record(ctx, ev)
	})
	if err != nil {
		return Account{}, err
	}
	return s.Get(ctx, supplierID, id)
}
