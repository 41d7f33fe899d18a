package identity

import (
	"context"

	"github.com/vouchhq/vouch/server/internal/notify"
)

// approvalActionText says in words what a four-eyes action does, for e-mails.
func approvalActionText(action string) string {
	switch action {
	case ActionRemovePasskeys:
		return "remove every passkey of"
	}
	return action + " for"
}

// notifyApprovalRequested tells every other platform staff member that a request waits for
// their approval. Mail is best effort: a relay outage must not undo the request.
func (s *Service) notifyApprovalRequested(ctx context.Context, a Approval, target User) {
	staff, err := s.store.ActiveUsersWithRoles(ctx, RolePlatformAdmin, RoleSupport)
	if err != nil {
		s.log.WarnContext(ctx, "approval notification not sent", "approval_id", a.ID, "err", err)
		return
	}
	requester := s.contact(ctx, a.RequestedBy)
	for _, st := range staff {
		if st.ID == a.RequestedBy {
			continue
		}
		s.send(ctx, st.Email, notify.TemplateApprovalRequested, notify.ApprovalRequestedData{
			Name: st.Name, Requester: requester.Email, ActionText: approvalActionText(a.Action),
			TargetEmail: target.Email, Reason: a.Reason, ExpiresAt: a.ExpiresAt,
			QueueURL: s.publicURL + "/admin/approvals",
		})
	}
}

// notifyApprovalDecided tells the requester (unless they decided themselves) and the
// target user that a request was approved or cancelled.
func (s *Service) notifyApprovalDecided(ctx context.Context, a Approval, decider Actor) {
	target := s.contact(ctx, a.TargetUserID)
	by := s.contact(ctx, decider.UserID)
	data := notify.ApprovalDecidedData{
		Outcome: a.Status, ActionText: approvalActionText(a.Action), TargetEmail: target.Email,
		DecidedBy: by.Email, Reason: a.DecisionReason,
	}
	if a.RequestedBy != decider.UserID {
		req := s.contact(ctx, a.RequestedBy)
		d := data
		d.Name = req.Name
		s.send(ctx, req.Email, notify.TemplateApprovalDecided, d)
	}
	if target.Email != "" {
		d := data
		d.Name, d.ForTarget = target.Name, true
		s.send(ctx, target.Email, notify.TemplateApprovalDecided, d)
	}
}

// contact loads a user's address for a notification; a missing user gives an empty one.
func (s *Service) contact(ctx context.Context, userID string) Contact {
	u, err := s.store.GetUser(ctx, userID)
	if err != nil {
		s.log.WarnContext(ctx, "notification contact not found", "user_id", userID, "err", err)
		return Contact{}
	}
	return Contact{ID: u.ID, Email: u.Email, Name: u.Name}
}
