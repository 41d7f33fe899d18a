package httpapi

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Identity route paths (API.md, "Identity").
const (
	pathLogin          = "/api/v1/auth/login"
	pathLogout         = "/api/v1/auth/logout"
	pathMe             = "/api/v1/me"
	pathPasswordChange = "/api/v1/auth/password/change"
)

// bindAuthRoutes registers sign-in, sign-out, the current user and password change.
func bindAuthRoutes(r *router, a *authenticator, l *limiter) {
	r.post(pathLogin, Public, l.wrap(a.handleLogin, loginPerIP, loginPerAccount))
	r.post(pathLogout, Public, a.handleLogout)
	r.get(pathMe, SignedIn.DuringPasswordChange().During(identity.StagePasskey, identity.StagePasskeySetup).Scope(identity.ScopeProfile), a.handleMe)
	r.post(pathPasswordChange, SignedIn.DuringPasswordChange(), a.handlePasswordChange)
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type loginResponse struct {
	User userJSON      `json:"user"`
	Next identity.Next `json:"next"`
}

// userJSON is the signed-in user as the API shows them.
type userJSON struct {
	ID                 string   `json:"id"`
	Email              string   `json:"email"`
	Name               string   `json:"name"`
	Roles              []string `json:"roles"`
	Org                *orgJSON `json:"org"`
	MustChangePassword bool     `json:"must_change_password"`
	// RequirePasskey is the effective policy: the user's own flag or any of their orgs'.
	RequirePasskey bool `json:"require_passkey"`
	// PendingStep names the second-factor step this session still owes (passkey or
	// passkey_setup), so a reloaded page resumes the sign-in; absent once it is done.
	PendingStep string `json:"pending_step,omitempty"`
}

// pendingStep is what a session stage still owes before the product opens.
func pendingStep(stage identity.Stage) string {
	switch stage {
	case identity.StagePasskey:
		return string(identity.NextPasskey)
	case identity.StagePasskeySetup:
		return string(identity.NextPasskeySetup)
	}
	return ""
}

type orgJSON struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (a *authenticator) handleLogin(c *fiber.Ctx) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var fe errs.FieldErrors
	if strings.TrimSpace(req.Email) == "" {
		fe = fe.Add("email", "is required")
	}
	if req.Password == "" {
		fe = fe.Add("password", "is required")
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	ctx := c.UserContext()
	u, next, err := a.identity.Authenticate(ctx, actor(c), req.Email, req.Password)
	var locked *identity.LockedError
	if errors.As(err, &locked) {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(1, int(math.Ceil(time.Until(locked.Until).Seconds())))))
	}
	if err != nil {
		return err
	}
	return a.signIn(c, u, next)
}

// signIn finishes a successful sign-in, whatever proved it (password or passkey): the
// user's IP allowlist, a fresh session at the stage next implies, and the {user, next}
// answer.
func (a *authenticator) signIn(c *fiber.Ctx, u identity.User, next identity.Next) error {
	ctx := c.UserContext()
	// Checked after the credential so an unknown address learns nothing about which
	// accounts have rules; the rate limits bound what a right guess from outside reveals.
	if err := a.ip.user(c, u.ID); err != nil {
		if aerr := a.identity.RecordLoginDeniedIP(ctx, actor(c), u); aerr != nil {
			return aerr
		}
		return err
	}
	stage := identity.StageFor(next)
	// A new session id at every sign-in: a token planted before sign-in (fixation) dies.
	if old := c.Cookies(sessionCookie); old != "" {
		_ = a.sessions.Revoke(ctx, old)
	}
	token, _, err := a.sessions.Create(ctx, u.ID, stage, sessionMeta(c))
	if err != nil {
		return err
	}
	a.setCookie(c, token)
	body, err := a.userJSON(ctx, u)
	if err != nil {
		return err
	}
	body.PendingStep = pendingStep(stage)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(loginResponse{User: body, Next: next})
}

func (a *authenticator) handleLogout(c *fiber.Ctx) error {
	if token := c.Cookies(sessionCookie); token != "" {
		if err := a.sessions.Revoke(c.UserContext(), token); err != nil {
			return err
		}
	}
	a.clearCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *authenticator) handleMe(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	acct := p.Account
	if acct == nil {
		loaded, err := a.identity.Store().Account(c.UserContext(), p.User.ID)
		if err != nil {
			return err
		}
		acct = &loaded
	}
	body := accountJSON(*acct)
	body.PendingStep = pendingStep(p.Session.Stage)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(body)
}

type passwordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// handlePasswordChange sets a new password, ends every other session of the user and
// gives this client a fresh, fully signed-in session.
func (a *authenticator) handlePasswordChange(c *fiber.Ctx) error {
	var req passwordChangeRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var fe errs.FieldErrors
	if req.CurrentPassword == "" {
		fe = fe.Add("current_password", "is required")
	}
	if req.NewPassword == "" {
		fe = fe.Add("new_password", "is required")
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	ctx := c.UserContext()
	p := currentPrincipal(c)
	if err := a.identity.ChangePassword(ctx, actor(c), req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	if err := a.sessions.RevokeAll(ctx, p.User.ID); err != nil {
		return err
	}
	token, _, err := a.sessions.Create(ctx, p.User.ID, identity.StageFull, sessionMeta(c))
	if err != nil {
		return err
	}
	a.setCookie(c, token)
	return c.SendStatus(fiber.StatusNoContent)
}

// userJSON shapes a user for the API, with the org their first scoped role belongs to.
func (a *authenticator) userJSON(ctx context.Context, u identity.User) (userJSON, error) {
	req, orgs, err := a.identity.Store().Memberships(ctx, u.ID)
	if err != nil {
		return userJSON{}, err
	}
	return accountJSON(identity.Account{User: u, Passkey: req, Orgs: orgs}), nil
}

// accountJSON is the user as the web app sees them.
func accountJSON(acct identity.Account) userJSON {
	u := acct.User
	out := userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: []string{}, MustChangePassword: u.MustChangePassword}
	out.RequirePasskey = acct.Passkey.Required()
	for _, g := range u.Roles {
		out.Roles = append(out.Roles, string(g.Role))
	}
	if len(acct.Orgs) > 0 { // the org of the first grant that has one, as before
		o := acct.Orgs[0]
		out.Org = &orgJSON{ID: o.ID, Kind: string(o.Kind), Name: o.Name}
	}
	return out
}
