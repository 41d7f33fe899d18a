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
	DecisionReason   string     `db:"decision_reason" json:"decision_reason,omitempty"`
	CreatedAt        time.Time  `db:"created_at" json:"created_at"`
	ExpiresAt        time.Time  `db:"expires_at" json:"expires_at"`
	// TargetEmail and RequestedByEmail are filled in lists, so a reviewer sees who is
	// concerned without a lookup per row.
	TargetEmail      string `db:"target_email" json:"target_email,omitempty"`
	RequestedByEmail string `db:"requested_by_email" json:"requested_by_email,omitempty"`
}

// Approval statuses: a request is pending until approved or cancelled (or it expires).
const (
	ApprovalPending   = "pending"
	ApprovalApproved  = "approved"
	ApprovalCancelled = "cancelled"
)

const approvalColumns = `id, action, target_user_id, requested_by, reason, verified_by_method, verified_by_note,
	status, decided_by, decided_at, decision_reason, created_at, expires_at`

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
		Status: ApprovalPending, CreatedAt: now, ExpiresAt: now.Add(ApprovalTTL),
	}
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.DB().Exec(ctx, `INSERT INTO staff_approvals (`+approvalColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Action, a.TargetUserID, a.RequestedBy, a.Reason, a.VerifiedByMethod, a.VerifiedByNote,
			a.Status, nil, nil, "", a.CreatedAt, a.ExpiresAt); err != nil {
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
	s.notifyApprovalRequested(ctx, a, target)
	return a, nil
}

// PendingApprovals lists what waits for a second pair of eyes, oldest first.
func (s *Service) PendingApprovals(ctx context.Context) ([]Approval, error) {
	var out []Approval
	if err := s.store.DB().Select(ctx, &out, `SELECT `+qualify("a", approvalColumns)+`,
			COALESCE(t.email, '') AS target_email, COALESCE(r.email, '') AS requested_by_email
		FROM staff_approvals a
		LEFT JOIN users t ON t.id = a.target_user_id
		LEFT JOIN users r ON r.id = a.requested_by
		WHERE a.status = 'pending' AND a.expires_at > ? ORDER BY a.created_at, a.id`, db.NormalizeTime(time.Now())); err != nil {
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
		if err := a.stillOpen(); err != nil {
			return err
		}
		switch {
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
			return errApprovalDecided
		}
		a.Status, a.DecidedBy, a.DecidedAt = ApprovalApproved, &actor.UserID, &now
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
	s.notifyApprovalDecided(ctx, a, actor)
	return a, nil
}

// Cancel withdraws a pending request with a reason, audited; the requester and the target
// are told by e-mail. may decides whether the caller may cancel this request (the
// requester, or any platform staff); a caller who may not is told it does not exist.
func (s *Service) Cancel(ctx context.Context, actor Actor, id, reason string, may func(a Approval) bool) (Approval, error) {
	var a Approval
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		var err error
		if a, err = s.GetApproval(ctx, id); err != nil {
			return err
		}
		if !may(a) {
			return &errs.Coded{Kind: errs.ErrNotFound, Code: "approval_not_found", Detail: "No such approval request."}
		}
		if err := a.stillOpen(); err != nil {
			return err
		}
		now := db.NormalizeTime(time.Now())
		res, err := s.store.DB().Exec(ctx, `UPDATE staff_approvals SET status = 'cancelled', decided_by = ?, decided_at = ?,
			decision_reason = ? WHERE id = ? AND status = 'pending'`, actor.UserID, now, reason, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errApprovalDecided
		}
		a.Status, a.DecidedBy, a.DecidedAt, a.DecisionReason = ApprovalCancelled, &actor.UserID, &now, reason
		actor.Reason = reason
		ev := actor.event("approval.cancelled", "user", a.TargetUserID, "")
		ev.Details = map[string]any{"approval_id": a.ID, "action": a.Action, "requested_by": a.RequestedBy}
		_, err = s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return Approval{}, fmt.Errorf("cancel approval %s: %w", id, err)
	}
	s.notifyApprovalDecided(ctx, a, actor)
	return a, nil
}

var errApprovalDecided = &errs.Coded{Kind: errs.ErrConflict, Code: "approval_decided", Detail: "This request was already approved or cancelled."}

// stillOpen refuses a request that was decided or has expired.
func (a Approval) stillOpen() error {
	switch {
	case a.Status != ApprovalPending:
		return errApprovalDecided
	case !time.Now().Before(a.ExpiresAt):
		return &errs.Coded{Kind: errs.ErrConflict, Code: "approval_expired", Detail: "This request expired; ask for a new one."}
	}
	return nil
}

// RequesterActor is the approver acting with the requester's reason and verification,
// for the audit event of the approved effect.
func (a Approval) RequesterActor(approver Actor) Actor {
	approver.Reason = a.Reason
	approver.VerifiedBy = audit.VerificationMethod(a.VerifiedByMethod)
	approver.VerifiedByNote = a.VerifiedByNote
	return approver
}
