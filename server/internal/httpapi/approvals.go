package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Four-eyes route paths.
const (
	pathAdminPasskeys  = "/api/v1/admin/users/:id/passkeys"
	pathApprovals      = "/api/v1/admin/approvals"
	pathApprovalAccept = "/api/v1/admin/approvals/:approval_id/approve"
	pathApprovalCancel = "/api/v1/admin/approvals/:approval_id/cancel"
)

// platformStaff approve four-eyes requests: they reach every org.
var platformStaff = Roles(identity.RolePlatformAdmin, identity.RoleSupport)

// fourEyesRoutes handle staff actions that need a second pair of eyes.
type fourEyesRoutes struct {
	a        *authenticator
	passkeys *identity.Passkeys
}

func bindFourEyesRoutes(r *router, a *authenticator, p *identity.Passkeys) {
	h := fourEyesRoutes{a: a, passkeys: p}
	r.handle(http.MethodDelete, pathAdminPasskeys, staff, h.handleRemovePasskeys)
	r.get(pathApprovals, platformStaff, h.handleList)
	r.post(pathApprovalAccept, platformStaff, h.handleApprove)
	// Staff, not only platform staff: a customer admin who filed a request may withdraw it.
	r.post(pathApprovalCancel, staff, h.handleCancel)
}

// handleRemovePasskeys removes a user's passkeys (they lost their devices). For admins
// it only files a request that a second staff member must approve: an admin account
// taken over through the help desk would open every supplier of its org.
func (h fourEyesRoutes) handleRemovePasskeys(c *fiber.Ctx) error {
	who, u, err := h.a.staffAction(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if identity.NeedsFourEyes(u) {
		ap, err := h.a.identity.RequestApproval(ctx, who, identity.ActionRemovePasskeys, u)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": "pending_approval", "approval": ap})
	}
	if _, err := h.passkeys.DeleteAll(ctx, who, u); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h fourEyesRoutes) handleList(c *fiber.Ctx) error {
	list, err := h.a.identity.PendingApprovals(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"approvals": list})
}

// handleApprove gives the second yes; the action runs in the same transaction.
func (h fourEyesRoutes) handleApprove(c *fiber.Ctx) error {
	ctx := c.UserContext()
	approver := actor(c)
	ap, err := h.a.identity.Approve(ctx, approver, c.Params("approval_id"), func(ctx context.Context, ap identity.Approval) error {
		target, err := h.a.identity.Store().GetUser(ctx, ap.TargetUserID)
		if err != nil {
			return err
		}
		p := currentPrincipal(c)
		if !p.hasRole(identity.RolePlatformAdmin) && (target.HasRole(identity.RolePlatformAdmin) || target.HasRole(identity.RoleSupport)) {
			return errs.New(errs.ErrForbidden, "forbidden", "Only a platform admin may approve actions on platform staff.")
		}
		switch ap.Action {
		case identity.ActionRemovePasskeys:
			_, err = h.passkeys.DeleteAll(ctx, ap.RequesterActor(approver), target)
			return err
		}
		return errs.New(errs.ErrConflict, "unknown_action", "This request's action is not known to this server.")
	})
	if err != nil {
		return err
	}
	return c.JSON(ap)
}

// handleCancel withdraws a pending request, with a reason. The requester may cancel their
// own request; platform staff may cancel any. Anyone else is told it does not exist.
func (h fourEyesRoutes) handleCancel(c *fiber.Ctx) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	reason := strings.TrimSpace(req.Reason)
	switch {
	case reason == "":
		return errs.FieldErrors{}.Add("reason", "is required: say why, it goes into the audit log")
	case len(reason) > 1000:
		return errs.FieldErrors{}.Add("reason", "must be at most 1000 characters")
	}
	p := currentPrincipal(c)
	platform := p.hasRole(identity.RolePlatformAdmin, identity.RoleSupport)
	_, err := h.a.identity.Cancel(c.UserContext(), actor(c), c.Params("approval_id"), reason, func(ap identity.Approval) bool {
		return platform || ap.RequestedBy == p.User.ID
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
