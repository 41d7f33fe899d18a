package httpapi

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Administration route paths (API.md, "Administration and support").
const (
	pathAdminUsers      = "/api/v1/admin/users"
	pathAdminForceReset = "/api/v1/admin/users/:id/force-password-reset"
	pathAdminSessions   = "/api/v1/admin/users/:id/sessions"
	pathAdminUnlock     = "/api/v1/admin/users/:id/unlock"
)

// staff are the roles that manage users: platform admins and support everywhere,
// customer admins within their own org.
var staff = Roles(identity.RolePlatformAdmin, identity.RoleSupport, identity.RoleCustomerAdmin)

func bindAdminUserRoutes(r *router, a *authenticator) {
	r.get(pathAdminUsers, staff, a.handleSearchUsers)
	r.post(pathAdminForceReset, staff, a.handleForceReset)
	r.handle(fiber.MethodDelete, pathAdminSessions, staff, a.handleRevokeSessions)
	r.post(pathAdminUnlock, staff, a.handleUnlock)
}

type adminUserJSON struct {
	ID                 string              `json:"id"`
	Email              string              `json:"email"`
	Name               string              `json:"name"`
	Roles              []string            `json:"roles"`
	OrgID              string              `json:"org_id"`
	Status             identity.UserStatus `json:"status"`
	MustChangePassword bool                `json:"must_change_password"`
	LockedUntil        *string             `json:"locked_until"`
	RequirePasskey     bool                `json:"require_passkey"`      // effective: own or an org's flag
	RequirePasskeyUser bool                `json:"require_passkey_user"` // the user's own flag
}

func (a *authenticator) handleSearchUsers(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	f := identity.UserFilter{Query: c.Query("q")}
	if scope, ok := orgScope(p); ok {
		f.OrgID = scope
	}
	users, err := a.identity.Store().SearchUsers(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := make([]adminUserJSON, 0, len(users))
	for _, u := range users {
		j := adminUserJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: []string{}, Status: u.Status, MustChangePassword: u.MustChangePassword}
		for _, g := range u.Roles {
			j.Roles = append(j.Roles, string(g.Role))
			if j.OrgID == "" {
				j.OrgID = g.OrgID
			}
		}
		if u.LockedUntil != nil {
			s := u.LockedUntil.UTC().Format("2006-01-02T15:04:05Z")
			j.LockedUntil = &s
		}
		req, err := a.identity.Store().PasskeyRequirement(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		j.RequirePasskey, j.RequirePasskeyUser = req.Required(), req.User
		out = append(out, j)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"users": out})
}

// orgScope returns the only org a caller may manage: customer admins are held to their
// own org; platform staff are not scoped.
func orgScope(p *principal) (string, bool) {
	if p.hasRole(identity.RolePlatformAdmin, identity.RoleSupport) {
		return "", false
	}
	return p.User.OrgOf(identity.RoleCustomerAdmin), true
}

type staffActionRequest struct {
	Reason     string      `json:"reason"`
	VerifiedBy *verifiedBy `json:"verified_by,omitempty"`
}

type verifiedBy struct {
	Method string `json:"method"`
	Note   string `json:"note"`
}

// validate checks the reason every staff action needs (and how the caller was verified).
func (r staffActionRequest) validate() error {
	var fe errs.FieldErrors
	if strings.TrimSpace(r.Reason) == "" {
		fe = fe.Add("reason", "is required: say why, it goes into the audit log")
	} else if len(r.Reason) > 1000 {
		fe = fe.Add("reason", "must be at most 1000 characters")
	}
	if v := r.VerifiedBy; v != nil {
		switch v.Method {
		case "callback", "ticket", "in_person":
		default:
			fe = fe.Add("verified_by.method", "must be callback, ticket or in_person")
		}
		if len(v.Note) > 1000 {
			fe = fe.Add("verified_by.note", "must be at most 1000 characters")
		}
	}
	return fe.OrNil()
}

// actor is the caller with the request's reason and verification, for the audit log.
func (r staffActionRequest) actor(c *fiber.Ctx) identity.Actor {
	a := actor(c)
	a.Reason = strings.TrimSpace(r.Reason)
	if r.VerifiedBy != nil {
		a.VerifiedBy = audit.VerificationMethod(r.VerifiedBy.Method)
		a.VerifiedByNote = r.VerifiedBy.Note
	}
	return a
}

// errNoSuchUser hides whether a user outside the caller's reach exists.
var errNoSuchUser = errs.New(errs.ErrNotFound, "user_not_found", "No such user.")

// target loads the user a staff action is about, enforcing the caller's reach: customer
// admins reach their own org only; support never reaches platform staff.
func (a *authenticator) target(c *fiber.Ctx) (identity.User, error) {
	p := currentPrincipal(c)
	u, err := a.identity.Store().GetUser(c.UserContext(), c.Params("id"))
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return identity.User{}, errNoSuchUser
		}
		return identity.User{}, err
	}
	if scope, ok := orgScope(p); ok && !u.InOrg(scope) {
		return identity.User{}, errNoSuchUser
	}
	if !p.hasRole(identity.RolePlatformAdmin) && (u.HasRole(identity.RolePlatformAdmin) || u.HasRole(identity.RoleSupport)) {
		return identity.User{}, errs.New(errs.ErrForbidden, "forbidden", "Only a platform admin may act on platform staff.")
	}
	return u, nil
}

// staffAction reads what every staff action on a user takes: the reason (and how the
// caller was verified), then the target user within the caller's reach. It returns the
// actor for the audit log and the user.
func (a *authenticator) staffAction(c *fiber.Ctx) (identity.Actor, identity.User, error) {
	var req staffActionRequest
	if err := decodeJSON(c, &req); err != nil {
		return identity.Actor{}, identity.User{}, err
	}
	if err := req.validate(); err != nil {
		return identity.Actor{}, identity.User{}, err
	}
	u, err := a.target(c)
	if err != nil {
		return identity.Actor{}, identity.User{}, err
	}
	return req.actor(c), u, nil
}

func (a *authenticator) handleForceReset(c *fiber.Ctx) error {
	who, u, err := a.staffAction(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := a.identity.ForcePasswordReset(ctx, who, u); err != nil {
		return err
	}
	if err := a.sessions.RevokeAll(ctx, u.ID); err != nil {
		return err
	}
	logger(c, a.log).Info("password reset forced", "target_user_id", u.ID, "actor_user_id", who.UserID)
	return c.SendStatus(fiber.StatusNoContent)
}

// handleRevokeSessions signs a user out everywhere (a stolen laptop, a leaving employee).
func (a *authenticator) handleRevokeSessions(c *fiber.Ctx) error {
	who, u, err := a.staffAction(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := a.sessions.RevokeAll(ctx, u.ID); err != nil {
		return err
	}
	if err := a.identity.RecordSessionsRevoked(ctx, who, u); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// handleUnlock lifts a lockout at once (the person proved who they are to support).
func (a *authenticator) handleUnlock(c *fiber.Ctx) error {
	who, u, err := a.staffAction(c)
	if err != nil {
		return err
	}
	if err := a.identity.Unlock(c.UserContext(), who, u); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
