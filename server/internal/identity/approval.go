package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// ApprovalTTL is how long a four-eyes request waits for its second pair of eyes.
const ApprovalTTL = 24 * time.Hour

// ActionRemovePasskeys is the four-eyes action that removes every passkey of an admin.
const ActionRemovePasskeys = "remove_passkeys"

// Approval is a sensitive staff action waiting for, or given, a second staff member's yes.
type Approval struct {
	ID               string     `db:"id" json:"id"`
	Action           string     `db:"action" json:"action"`
	TargetUserID     string     `db:"target_user_id" json:"target_user_id"`
	RequestedBy      string     `db:"requested_by" json:"requested_by"`
	Reason           string     `db:"reason" json:"reason"`
	VerifiedByMethod string     `db:"verified_by_method" json:"verified_by_method,omitempty"`
	VerifiedByNote   string     `db:"verified_by_note" json:"verified_by_note,omitempty"`
	Status           string     `db:"status" json:"status"`
	DecidedBy        *string    `db:"decided_by" json:"decided_by,omitempty"`
	DecidedAt        *time.Time `db:"decided_at" json:"decided_at,omitempty"`
	CreatedAt        time.Time  `db:"created_at" json:"created_at"`
	ExpiresAt        time.Time  `db:"expires_at" json:"expires_at"`
}

const approvalColumns = `id, action, target_user_id, requested_by, reason, verified_by_method, verified_by_note,
	status, decided_by, decided_at, created_at, expires_at`

// NeedsFourEyes reports whether removing this user's passkeys needs a second staff member:
// admins' accounts are the keys to everyone else's, so one person's word is not enough.
func NeedsFourEyes(u User) bool {
	return u.HasRole(RoleCustomerAdmin) || u.HasRole(RolePlatformAdmin)
}

// RequestApproval records a pending four-eyes action.
func (s *Service) RequestApproval(ctx context.Context, actor Actor, action string, target User) (Approval, error) {
	now := db.NormalizeTime(time.Now())
	a := Approval{
		ID: db.NewID("apr"), Action: action, TargetUserID: target.ID, RequestedBy: actor.UserID,
		Reason: actor.Reason, VerifiedByMethod: string(actor.VerifiedBy), VerifiedByNote: actor.VerifiedByNote,
		Status: "pending", CreatedAt: now, ExpiresAt: now.Add(ApprovalTTL),
	}
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.DB().Exec(ctx, `INSERT INTO staff_approvals (`+approvalColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Action, a.TargetUserID, a.RequestedBy, a.Reason, a.VerifiedByMethod, a.VerifiedByNote,
			a.Status, nil, nil, a.CreatedAt, a.ExpiresAt); err != nil {
			return err
		}
		ev := actor.event("approval.requested", "user", target.ID, target.PrimaryOrg())
		ev.Details = map[string]any{"approval_id": a.ID, "action": action}
		_, err := s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return Approval{}, fmt.Errorf("request approval: %w", err)
	}
	return a, nil
}

// PendingApprovals lists what waits for a second pair of eyes, oldest first.
func (s *Service) PendingApprovals(ctx context.Context) ([]Approval, error) {
	var out []Approval
	if err := s.store.DB().Select(ctx, &out, `SELECT `+approvalColumns+` FROM staff_approvals
		WHERE status = 'pending' AND expires_at > ? ORDER BY created_at, id`, db.NormalizeTime(time.Now())); err != nil {
		return nil, fmt.Errorf("list approvals: %w", err)
	}
	if out == nil {
		out = []Approval{}
	}
	return out, nil
}

// GetApproval loads one approval.
func (s *Service) GetApproval(ctx context.Context, id string) (Approval, error) {
	var a Approval
	if err := s.store.DB().Get(ctx, &a, `SELECT `+approvalColumns+` FROM staff_approvals WHERE id = ?`, id); err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return Approval{}, &errs.Coded{Kind: errs.ErrNotFound, Code: "approval_not_found", Detail: "No such approval request."}
		}
		return Approval{}, fmt.Errorf("load approval: %w", err)
	}
	return a, nil
}

// Approve gives the second yes and runs the action in the same transaction, so an
// approval is never recorded without its effect (or the reverse). The requester cannot
// approve their own request.
func (s *Service) Approve(ctx context.Context, actor Actor, id string, run func(ctx context.Context, a Approval) error) (Approval, error) {
	var a Approval
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		var err error
		if a, err = s.GetApproval(ctx, id); err != nil {
			return err
		}
		switch {
		case a.Status != "pending":
			return &errs.Coded{Kind: errs.ErrConflict, Code: "approval_decided", Detail: "This request was already approved."}
		case !time.Now().Before(a.ExpiresAt):
			return &errs.Coded{Kind: errs.ErrConflict, Code: "approval_expired", Detail: "This request expired; ask for a new one."}
		case a.RequestedBy == actor.UserID:
			return &errs.Coded{Kind: errs.ErrForbidden, Code: "four_eyes_required", Detail: "A second staff member must approve your own request."}
		}
		now := db.NormalizeTime(time.Now())
		res, err := s.store.DB().Exec(ctx, `UPDATE staff_approvals SET status = 'approved', decided_by = ?, decided_at = ?
			WHERE id = ? AND status = 'pending'`, actor.UserID, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.Coded{Kind: errs.ErrConflict, Code: "approval_decided", Detail: "This request was already approved."}
		}
		a.Status, a.DecidedBy, a.DecidedAt = "approved", &actor.UserID, &now
		ev := actor.event("approval.approved", "user", a.TargetUserID, "")
		ev.Details = map[string]any{"approval_id": a.ID, "action": a.Action, "requested_by": a.RequestedBy}
		if _, err := s.audit.Record(ctx, ev); err != nil {
			return err
		}
		return run(ctx, a)
	})
	if err != nil {
		return Approval{}, fmt.Errorf("approve %s: %w", id, err)
	}
	return a, nil
}

// RequesterActor is the approver acting with the requester's reason and verification,
// for the audit event of the approved effect.
func (a Approval) RequesterActor(approver Actor) Actor {
	approver.Reason = a.Reason
	approver.VerifiedBy = audit.VerificationMethod(a.VerifiedByMethod)
	approver.VerifiedByNote = a.VerifiedByNote
	return approver
}
