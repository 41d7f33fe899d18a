package onboarding

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Review is one supplier in a customer's queue.
type Review struct {
	SupplierID  string     `db:"supplier_org_id" json:"supplier_id"`
	LegalName   string     `db:"legal_name" json:"legal_name"`
	DBA         string     `db:"dba" json:"dba"`
	Status      Status     `db:"status" json:"status"`
	Checks      []Check    `db:"-" json:"checks"`
	SubmittedAt *time.Time `db:"submitted_at" json:"submitted_at"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
	// AwaitingSecondApproval is set when one admin approved and the org's four-eyes rule
	// waits for another.
	AwaitingSecondApproval bool    `db:"-" json:"awaiting_second_approval"`
	FirstApprovalBy        *string `db:"first_approval_by" json:"-"`
}

// ReviewFilter narrows and orders the queue.
type ReviewFilter struct {
	Status Status // "" for every state
	Query  string // part of the legal name or DBA, any case
	Sort   string // "submitted" (oldest first, the default), "-submitted", "name", "updated"
}

// sorts maps a ReviewFilter.Sort to SQL.
var sorts = map[string]string{
	"":           "c.submitted_at IS NULL, c.submitted_at, p.legal_name",
	"submitted":  "c.submitted_at IS NULL, c.submitted_at, p.legal_name",
	"-submitted": "c.submitted_at IS NULL, c.submitted_at DESC, p.legal_name",
	"name":       "lower(p.legal_name), c.supplier_org_id",
	"updated":    "c.updated_at DESC, c.supplier_org_id",
}

// maxReviews bounds one page of the queue.
const maxReviews = 500

// Reviews returns a customer's queue and the count of cases in each state (over the whole
// queue, whatever the filter). Bad filters are errs.FieldErrors.
func (s *Service) Reviews(ctx context.Context, customerID string, f ReviewFilter) ([]Review, map[Status]int, error) {
	var fe errs.FieldErrors
	if f.Status != "" && !f.Status.Valid() {
		fe = fe.Add("status", "must be one of draft, submitted, in_review, needs_info, approved, rejected")
	}
	order, ok := sorts[f.Sort]
	if !ok {
		fe = fe.Add("sort", "must be one of submitted, -submitted, name, updated")
	}
	if err := fe.OrNil(); err != nil {
		return nil, nil, fmt.Errorf("reviews: %w", err)
	}
	q := `SELECT c.supplier_org_id, p.legal_name, p.dba, c.status, c.submitted_at, c.updated_at, c.first_approval_by
		FROM kyc_cases c JOIN supplier_profiles p ON p.org_id = c.supplier_org_id WHERE c.customer_org_id = ?`
	args := []any{customerID}
	if f.Status != "" {
		q += ` AND c.status = ?`
		args = append(args, f.Status)
	}
	if t := strings.ToLower(strings.TrimSpace(f.Query)); t != "" {
		q += ` AND (lower(p.legal_name) LIKE ? ESCAPE '\' OR lower(p.dba) LIKE ? ESCAPE '\')`
		like := "%" + escapeLike(t) + "%"
		args = append(args, like, like)
	}
	q += ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d`, maxReviews)
	var out []Review
	if err := s.db.Select(ctx, &out, q, args...); err != nil {
		return nil, nil, fmt.Errorf("reviews: %w", err)
	}
	for i := range out {
		checks, err := s.Checks(ctx, out[i].SupplierID)
		if err != nil {
			return nil, nil, err
		}
		for j := range checks {
			checks[j].Evidence = nil
		}
		out[i].Checks = checks
		out[i].AwaitingSecondApproval = out[i].FirstApprovalBy != nil && out[i].Status == StatusInReview
	}
	if out == nil {
		out = []Review{}
	}
	counts, err := s.reviewCounts(ctx, customerID)
	return out, counts, err
}

func (s *Service) reviewCounts(ctx context.Context, customerID string) (map[Status]int, error) {
	var rows []struct {
		Status Status `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT status, count(*) AS n FROM kyc_cases WHERE customer_org_id = ? GROUP BY status`,
		customerID); err != nil {
		return nil, fmt.Errorf("review counts: %w", err)
	}
	counts := make(map[Status]int, len(Statuses))
	for _, st := range Statuses {
		counts[st] = 0
	}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	return counts, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ReviewDetail is a supplier as its reviewer sees it: profile, case and every check with
// its evidence, and the documents on file.
type ReviewDetail struct {
	Profile   Profile    `json:"profile"`
	Case      Case       `json:"case"`
	Checks    []Check    `json:"checks"`
	Documents []Document `json:"documents"`
	FourEyes  bool       `json:"four_eyes"`
	// AwaitingSecondApproval: one admin approved; another must.
	AwaitingSecondApproval bool `json:"awaiting_second_approval"`
}

// ReviewOf returns what a customer's reviewer sees of a supplier in its queue.
func (s *Service) ReviewOf(ctx context.Context, customerID, supplierID string) (ReviewDetail, error) {
	c, err := s.caseOf(ctx, customerID, supplierID)
	if err != nil {
		return ReviewDetail{}, err
	}
	p, err := s.GetProfile(ctx, supplierID)
	if err != nil {
		return ReviewDetail{}, err
	}
	checks, err := s.Checks(ctx, supplierID)
	if err != nil {
		return ReviewDetail{}, err
	}
	docs, err := s.Documents(ctx, supplierID)
	if err != nil {
		return ReviewDetail{}, err
	}
	fourEyes, err := s.FourEyes(ctx, customerID)
	if err != nil {
		return ReviewDetail{}, err
	}
	return ReviewDetail{Profile: p, Case: c, Checks: checks, Documents: docs, FourEyes: fourEyes,
		AwaitingSecondApproval: c.FirstApprovalBy != nil && c.Status == StatusInReview}, nil
}

// Decision is what a reviewer decides.
type Decision string

// The decisions.
const (
	DecisionApprove     Decision = "approve"
	DecisionReject      Decision = "reject"
	DecisionRequestInfo Decision = "request-info"
)

// to is the state a decision moves a case to.
func (d Decision) to() (Status, bool) {
	switch d {
	case DecisionApprove:
		return StatusApproved, true
	case DecisionReject:
		return StatusRejected, true
	case DecisionRequestInfo:
		return StatusNeedsInfo, true
	}
	return "", false
}

// ErrSecondApprover answers the first approver trying to be the second too.
var ErrSecondApprover = &errs.Coded{Kind: errs.ErrConflict, Code: "second_approver_required",
	Detail: "Your organisation asks a second administrator to approve a supplier with checks to review; you have already approved it."}

// Decide applies a reviewer's decision to a customer's case, with a reason (required).
// With the org's four-eyes rule on and any check other than pass, the first approval only
// records itself (the case stays in_review, AwaitingSecondApproval); a different admin's
// approval completes it. It returns the case as it now stands.
func (s *Service) Decide(ctx context.Context, actor identity.Actor, customerID, supplierID string, d Decision, reason string) (Case, error) {
	to, ok := d.to()
	reason = strings.TrimSpace(reason)
	var fe errs.FieldErrors
	if !ok {
		fe = fe.Add("decision", "must be approve, reject or request-info")
	}
	if reason == "" {
		fe = fe.Add("reason", "is required")
	}
	if err := fe.OrNil(); err != nil {
		return Case{}, fmt.Errorf("decide: %w", err)
	}
	var out Case
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.caseOf(ctx, customerID, supplierID)
		if err != nil {
			return err
		}
		if !CanMove(c.Status, to) {
			return IllegalTransition(c.Status, to)
		}
		if to == StatusApproved {
			held, err := s.holdForSecondApproval(ctx, actor, c)
			if err != nil || held {
				out, _ = s.caseOf(ctx, customerID, supplierID)
				return err
			}
		}
		now := s.timestamp()
		if _, err := s.db.Exec(ctx, `UPDATE kyc_cases SET status = ?, reason = ?, decided_by = ?, decided_at = ?, updated_at = ?
			WHERE supplier_org_id = ? AND customer_org_id = ?`, to, reason, db.NullIfEmpty(actor.UserID), now, now, supplierID, customerID); err != nil {
			return fmt.Errorf("decide: %w", err)
		}
		ev := actor.Event("kyc.status_changed", "org", supplierID, customerID)
		ev.Reason = reason
		ev.Details = map[string]any{"from": string(c.Status), "to": string(to)}
		if err := s.record(ctx, ev); err != nil {
			return err
		}
		if err := s.tellSupplier(ctx, c, to, reason); err != nil {
			return err
		}
		out, err = s.caseOf(ctx, customerID, supplierID)
		return err
	})
	return out, err
}

// holdForSecondApproval applies the four-eyes rule to an approval and reports whether the
// case must wait for another admin.
func (s *Service) holdForSecondApproval(ctx context.Context, actor identity.Actor, c Case) (bool, error) {
	on, err := s.FourEyes(ctx, c.CustomerID)
	if err != nil || !on {
		return false, err
	}
	checks, err := s.Checks(ctx, c.SupplierID)
	if err != nil {
		return false, err
	}
	clean := true
	for _, ch := range checks {
		clean = clean && ch.Result == ResultPass
	}
	switch {
	case clean:
		return false, nil
	case c.FirstApprovalBy == nil:
		if _, err := s.db.Exec(ctx, `UPDATE kyc_cases SET first_approval_by = ?, updated_at = ? WHERE supplier_org_id = ? AND customer_org_id = ?`,
			actor.UserID, s.timestamp(), c.SupplierID, c.CustomerID); err != nil {
			return false, fmt.Errorf("first approval: %w", err)
		}
		return true, s.record(ctx, actor.Event("kyc.first_approval", "org", c.SupplierID, c.CustomerID))
	case *c.FirstApprovalBy == actor.UserID:
		return false, ErrSecondApprover
	}
	return false, nil
}

// FourEyes reports whether a customer org asks for two approvals of a supplier with checks to review.
func (s *Service) FourEyes(ctx context.Context, customerID string) (bool, error) {
	var on bool
	if err := s.db.Get(ctx, &on, `SELECT kyc_four_eyes FROM orgs WHERE id = ?`, customerID); err != nil {
		return false, fmt.Errorf("four-eyes rule: %w", err)
	}
	return on, nil
}

// SetFourEyes turns a customer org's four-eyes rule on or off.
func (s *Service) SetFourEyes(ctx context.Context, actor identity.Actor, customerID string, on bool) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `UPDATE orgs SET kyc_four_eyes = ? WHERE id = ?`, on, customerID); err != nil {
			return fmt.Errorf("four-eyes rule: %w", err)
		}
		ev := actor.Event("org.kyc_four_eyes_set", "org", customerID, customerID)
		ev.Details = map[string]any{"on": on}
		return s.record(ctx, ev)
	})
}

// tellSupplier e-mails a supplier's users a customer's decision.
func (s *Service) tellSupplier(ctx context.Context, c Case, to Status, reason string) error {
	users, err := s.membersWithRole(ctx, c.SupplierID, identity.RoleSupplierUser)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := s.mail(ctx, u.Email, notify.TemplateKYCDecided, notify.KYCDecidedData{
			Name: u.Name, CustomerName: c.CustomerName, Outcome: string(to), Reason: reason, StatusURL: s.publicURL + "/onboarding"}); err != nil {
			return err
		}
	}
	return nil
}
