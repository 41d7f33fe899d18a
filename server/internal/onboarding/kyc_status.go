package onboarding

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Case is one customer's KYC case on one supplier.
type Case struct {
	SupplierID      string     `db:"supplier_org_id" json:"supplier_id"`
	CustomerID      string     `db:"customer_org_id" json:"customer_id"`
	CustomerName    string     `db:"customer_name" json:"customer_name"`
	Status          Status     `db:"status" json:"status"`
	Reason          string     `db:"reason" json:"reason"`
	FirstApprovalBy *string    `db:"first_approval_by" json:"-"`
	DecidedAt       *time.Time `db:"decided_at" json:"decided_at"`
	SubmittedAt     *time.Time `db:"submitted_at" json:"submitted_at"`
	UpdatedAt       time.Time  `db:"updated_at" json:"updated_at"`
}

const caseColumns = `c.supplier_org_id, c.customer_org_id, o.name AS customer_name, c.status, c.reason,
	c.first_approval_by, c.decided_at, c.submitted_at, c.updated_at`

// casesOfSupplier lists a supplier's cases, one per customer.
func (s *Service) casesOfSupplier(ctx context.Context, supplierID string) ([]Case, error) {
	var out []Case
	if err := s.db.Select(ctx, &out, `SELECT `+caseColumns+` FROM kyc_cases c JOIN orgs o ON o.id = c.customer_org_id
		WHERE c.supplier_org_id = ? ORDER BY o.name`, supplierID); err != nil {
		return nil, fmt.Errorf("cases of supplier: %w", err)
	}
	return out, nil
}

// ErrSupplierNotFound answers a customer asking about a supplier it has no case on.
var ErrSupplierNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "supplier_not_found", Detail: "No such supplier in your queue."}

// caseOf loads a customer's case on a supplier; a supplier the customer never invited
// is ErrSupplierNotFound, whether or not it exists.
func (s *Service) caseOf(ctx context.Context, customerID, supplierID string) (Case, error) {
	var c Case
	err := s.db.Get(ctx, &c, `SELECT `+caseColumns+` FROM kyc_cases c JOIN orgs o ON o.id = c.customer_org_id
		WHERE c.supplier_org_id = ? AND c.customer_org_id = ?`, supplierID, customerID)
	if errors.Is(err, errs.ErrNotFound) {
		return Case{}, ErrSupplierNotFound
	}
	if err != nil {
		return Case{}, fmt.Errorf("load case: %w", err)
	}
	return c, nil
}

// KYCStatus is what a supplier sees of its KYC: an overall status, its latest checks and
// where each customer stands.
type KYCStatus struct {
	Status    Status  `json:"status"`
	Checks    []Check `json:"checks"`
	Customers []Case  `json:"customers"`
}

// SupplierKYC returns a supplier's KYC status. The overall status is the one that asks
// the most of the supplier: needs_info first, then draft, then in review; once every
// customer has decided, approved if any approved (it can be paid), else rejected.
func (s *Service) SupplierKYC(ctx context.Context, supplierID string) (KYCStatus, error) {
	if _, err := s.profileRow(ctx, supplierID); err != nil {
		return KYCStatus{}, err
	}
	cases, err := s.casesOfSupplier(ctx, supplierID)
	if err != nil {
		return KYCStatus{}, err
	}
	checks, err := s.Checks(ctx, supplierID)
	if err != nil {
		return KYCStatus{}, err
	}
	for i := range checks {
		checks[i].Evidence = nil // evidence is for reviewers (it may name other suppliers)
	}
	if cases == nil {
		cases = []Case{}
	}
	return KYCStatus{Status: overall(cases), Checks: checks, Customers: cases}, nil
}

// overall folds the cases into the one status a supplier acts on.
func overall(cases []Case) Status {
	if len(cases) == 0 {
		return StatusDraft
	}
	for _, want := range []Status{StatusNeedsInfo, StatusDraft, StatusSubmitted, StatusInReview} {
		for _, c := range cases {
			if c.Status == want {
				return want
			}
		}
	}
	for _, c := range cases {
		if c.Status == StatusApproved {
			return StatusApproved
		}
	}
	return StatusRejected
}
