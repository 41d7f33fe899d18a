package onboarding

import (
	"context"
	"fmt"
	"slices"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Status is where a customer's KYC case on a supplier stands.
type Status string

// The case states.
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusInReview  Status = "in_review"
	StatusNeedsInfo Status = "needs_info"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
)

// Statuses lists every state in the order a case moves through them.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusInReview, StatusNeedsInfo, StatusApproved, StatusRejected}

// transitions is the state machine: the states each state may move to.
var transitions = map[Status][]Status{
	StatusDraft:     {StatusSubmitted},
	StatusNeedsInfo: {StatusSubmitted},
	StatusSubmitted: {StatusInReview},
	StatusInReview:  {StatusApproved, StatusRejected, StatusNeedsInfo},
}

// Valid reports whether s is a known state.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// CanMove reports whether the state machine allows from → to.
func CanMove(from, to Status) bool { return slices.Contains(transitions[from], to) }

// IllegalTransition is the 409 for a move the state machine does not allow.
func IllegalTransition(from, to Status) error {
	return &errs.Coded{Kind: errs.ErrConflict, Code: "illegal_transition",
		Detail: fmt.Sprintf("A case that is %s cannot become %s.", from, to)}
}

// linkSupplier opens a customer's case on a supplier, unless there is one. A supplier
// that has already submitted goes straight into the new customer's review queue.
func (s *Service) linkSupplier(ctx context.Context, supplierID, customerID, invitationID string) error {
	var submitted []bool
	if err := s.db.Select(ctx, &submitted, `SELECT submitted_at IS NOT NULL FROM supplier_profiles WHERE org_id = ?`,
		supplierID); err != nil {
		return fmt.Errorf("link supplier: %w", err)
	}
	status, now := StatusDraft, s.timestamp()
	var submittedAt any
	if len(submitted) == 1 && submitted[0] {
		status, submittedAt = StatusInReview, now
	}
	_, err := s.db.Exec(ctx, `INSERT INTO kyc_cases (supplier_org_id, customer_org_id, status, invitation_id,
		submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		supplierID, customerID, status, db.NullIfEmpty(invitationID), submittedAt, now, now)
	if err != nil {
		return fmt.Errorf("link supplier: %w", err)
	}
	return nil
}
