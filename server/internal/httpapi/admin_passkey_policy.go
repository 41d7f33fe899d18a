package httpapi

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Passkey policy route paths (docs/decisions/0016-second-factor.md).
const (
	pathAdminUserRequirePasskey = "/api/v1/admin/users/:id/require-passkey"
	pathAdminOrgRequirePasskey  = "/api/v1/admin/orgs/:id/require-passkey"
)

// orgPolicyAdmins may set an org's policy: platform admins for any org, customer admins
// for their own.
var orgPolicyAdmins = Roles(identity.RolePlatformAdmin, identity.RoleCustomerAdmin)

func bindPasskeyPolicyRoutes(r *router, a *authenticator) {
	r.handle(fiber.MethodPut, pathAdminUserRequirePasskey, staff, a.handleUserRequirePasskey)
	r.get(pathAdminOrgRequirePasskey, orgPolicyAdmins, a.handleGetOrgRequirePasskey)
	r.handle(fiber.MethodPut, pathAdminOrgRequirePasskey, orgPolicyAdmins, a.handleOrgRequirePasskey)
}

// userRequirePasskeyRequest is a staff action (reason, verified_by) with the new flag.
type userRequirePasskeyRequest struct {
	RequirePasskey *bool `json:"require_passkey"`
	staffActionRequest
}

// requirePasskeyJSON is a user's policy after a change.
type requirePasskeyJSON struct {
	RequirePasskey     bool `json:"require_passkey"`      // effective: the user's or an org's flag
	RequirePasskeyUser bool `json:"require_passkey_user"` // the user's own flag
}

// handleUserRequirePasskey sets or clears one user's own passkey requirement. It does not
// end their sessions: the policy applies at the next password sign-in.
func (a *authenticator) handleUserRequirePasskey(c *fiber.Ctx) error {
	var req userRequirePasskeyRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var fe errs.FieldErrors
	if req.RequirePasskey == nil {
		fe = fe.Add("require_passkey", "is required: true or false")
	}
	if err := req.validate(); err != nil {
		var more errs.FieldErrors
		if !errors.As(err, &more) {
			return err
		}
		fe = append(fe, more...)
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	u, err := a.target(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := a.identity.SetUserRequirePasskey(ctx, req.actor(c), u, *req.RequirePasskey); err != nil {
		return err
	}
	after, err := a.identity.Store().PasskeyRequirement(ctx, u.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(requirePasskeyJSON{RequirePasskey: after.Required(), RequirePasskeyUser: after.User})
}

type orgRequirePasskeyRequest struct {
	RequirePasskey *bool  `json:"require_passkey"`
	Reason         string `json:"reason"`
}

// orgPolicyJSON is an org's passkey policy.
type orgPolicyJSON struct {
	Org            orgJSON `json:"org"`
	RequirePasskey bool    `json:"require_passkey"`
}

var errNoSuchOrg = errs.New(errs.ErrNotFound, "org_not_found", "No such organization.")

// targetOrg loads the org of the path within the caller's reach: customer admins reach
// their own org only, and any other answers as if it did not exist.
func (a *authenticator) targetOrg(c *fiber.Ctx) (identity.Org, error) {
	p := currentPrincipal(c)
	id := string([]byte(c.Params("id")))
	if scope, ok := orgScope(p); ok && scope != id {
		return identity.Org{}, errNoSuchOrg
	}
	org, err := a.identity.Store().GetOrg(c.UserContext(), id)
	if errors.Is(err, errs.ErrNotFound) {
		return identity.Org{}, errNoSuchOrg
	}
	return org, err
}

func (a *authenticator) handleGetOrgRequirePasskey(c *fiber.Ctx) error {
	org, err := a.targetOrg(c)
	if err != nil {
		return err
	}
	on, err := a.identity.Store().OrgRequiresPasskey(c.UserContext(), org.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(orgPolicyJSON{Org: orgJSON{ID: org.ID, Kind: string(org.Kind), Name: org.Name}, RequirePasskey: on})
}

// handleOrgRequirePasskey sets or clears the requirement for every member of an org.
func (a *authenticator) handleOrgRequirePasskey(c *fiber.Ctx) error {
	var req orgRequirePasskeyRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var fe errs.FieldErrors
	if req.RequirePasskey == nil {
		fe = fe.Add("require_passkey", "is required: true or false")
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" {
		fe = fe.Add("reason", "is required: say why, it goes into the audit log")
	} else if len(reason) > 1000 {
		fe = fe.Add("reason", "must be at most 1000 characters")
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	org, err := a.targetOrg(c)
	if err != nil {
		return err
	}
	who := actor(c)
	who.Reason = reason
	if err := a.identity.SetOrgRequirePasskey(c.UserContext(), who, org, *req.RequirePasskey); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(orgPolicyJSON{Org: orgJSON{ID: org.ID, Kind: string(org.Kind), Name: org.Name}, RequirePasskey: *req.RequirePasskey})
}
