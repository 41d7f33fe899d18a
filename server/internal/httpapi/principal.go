package httpapi

import (
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// sessionCookie carries the opaque session token.
const sessionCookie = "vouch_session"

// localPrincipal holds the signed-in caller once loaded.
const localPrincipal = "vouch.principal"

// principal is the signed-in caller of a request.
type principal struct {
	User    identity.User
	Session identity.Session
	Token   *identity.Token // set when the caller came with a bearer token
	// Account is the cached account a session request came with (nil for bearer tokens),
	// so handlers that show the user's orgs and policy need no query of their own.
	Account *identity.Account
}

// hasRole reports whether the caller holds any of the roles.
func (p *principal) hasRole(roles ...identity.Role) bool {
	for _, g := range p.User.Roles {
		if slices.Contains(roles, g.Role) {
			return true
		}
	}
	return false
}

// authenticator loads and checks the caller for routes that need a sign-in.
type authenticator struct {
	identity *identity.Service
	sessions *identity.Sessions
	resets   *identity.ResetLinks
	ip       *ipGuard // nil: no per-user allowlists
	env      config.Env
	log      *slog.Logger
	stepUp   *stepUpGuard // nil: no route asks for a step-up
}

var (
	errSignInRequired    = errs.New(errs.ErrUnauthenticated, "unauthenticated", "Sign in to continue.")
	errMustChange        = errs.New(errs.ErrForbidden, "password_change_required", "Choose a new password before you continue.")
	errSecondFactor      = errs.New(errs.ErrForbidden, "second_factor_required", "Confirm it's you with your passkey before you continue.")
	errPasskeySetup      = errs.New(errs.ErrForbidden, "passkey_setup_required", "Create a passkey before you continue.")
	errWrongRole         = errs.New(errs.ErrForbidden, "forbidden", "Your role does not allow this.")
	errInsufficientScope = errs.New(errs.ErrForbidden, "insufficient_scope", "This token's scopes do not allow this call.")
)

// admit loads the caller and applies the forced-reset gate and the role check.
func (a *authenticator) admit(c *fiber.Ctx, access Access) error {
	p, err := a.load(c)
	if err != nil {
		return err
	}
	if p == nil {
		return errSignInRequired
	}
	if err := a.ip.user(c, p.User.ID); err != nil {
		return err
	}
	if p.Token != nil && (access.scope == "" || !p.Token.HasScope(access.scope)) {
		return errInsufficientScope
	}
	if err := stageGate(p.Session.Stage, access); err != nil {
		return err
	}
	if len(access.roles) > 0 && !p.hasRole(access.roles...) {
		return errWrongRole
	}
	return a.stepUp.check(c, p, access.stepUp)
}

// stageGate admits a completed sign-in anywhere and an unfinished one only where the
// route says so; the refusal names the step still missing, so the client knows where to go.
func stageGate(stage identity.Stage, access Access) error {
	switch {
	case stage == identity.StageFull:
		return nil
	case stage == identity.StageChangePassword && access.duringPasswordChange:
		return nil
	case stage != identity.StageChangePassword && slices.Contains(access.stages, stage):
		return nil
	case stage == identity.StagePasskey:
		return errSecondFactor
	case stage == identity.StagePasskeySetup:
		return errPasskeySetup
	}
	return errMustChange
}

// load returns the caller of this request, or nil when nobody is signed in. A stale or
// forged cookie is cleared and treated as no sign-in; a kv or database outage is an
// error (503), never a silent sign-out.
func (a *authenticator) load(c *fiber.Ctx) (*principal, error) {
	if p, ok := c.Locals(localPrincipal).(*principal); ok {
		return p, nil
	}
	if hasBearer(c) {
		// A bearer request never falls back to the cookie: it is the token or nothing.
		t, u, err := a.identity.AuthenticateToken(c.UserContext(), strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), "Bearer "))
		if err != nil {
			return nil, err
		}
		p := &principal{User: u, Token: &t, Session: identity.Session{ID: t.ID, UserID: u.ID, Stage: identity.StageFull}}
		c.Locals(localPrincipal, p)
		return p, nil
	}
	token := c.Cookies(sessionCookie)
	if token == "" {
		return nil, nil
	}
	ctx := c.UserContext()
	sess, acct, err := a.sessions.LookupAccount(ctx, token, a.identity.Store())
	if errors.Is(err, errs.ErrUnauthenticated) {
		a.clearCookie(c)
		return nil, nil
	}
	if errors.Is(err, errs.ErrNotFound) || (err == nil && acct.User.Status != identity.StatusActive) {
		_ = a.sessions.Revoke(ctx, token)
		a.clearCookie(c)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := &principal{User: acct.User, Session: sess, Account: &acct}
	c.Locals(localPrincipal, p)
	return p, nil
}

// currentPrincipal returns the caller loaded by the route guard.
func currentPrincipal(c *fiber.Ctx) *principal {
	p, _ := c.Locals(localPrincipal).(*principal)
	return p
}

// setCookie hands the browser its session token. HttpOnly keeps scripts away from it;
// SameSite=Lax keeps it off cross-site subrequests; Secure everywhere but dev.
func (a *authenticator) setCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		HTTPOnly: true, Secure: a.env != config.EnvDev, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (a *authenticator) clearCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HTTPOnly: true, Secure: a.env != config.EnvDev, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// actor describes the caller for the audit log: who (when signed in), from where.
func actor(c *fiber.Ctx) identity.Actor {
	a := identity.Actor{IP: ClientIP(c).String(), UserAgent: string([]byte(c.Get(fiber.HeaderUserAgent)))}
	if p := currentPrincipal(c); p != nil {
		a.UserID = p.User.ID
		if len(p.User.Roles) > 0 {
			a.Role = p.User.Roles[0].Role
		}
	}
	return a
}

// sessionMeta describes the client for a new session.
func sessionMeta(c *fiber.Ctx) identity.SessionMeta {
	return identity.SessionMeta{IP: ClientIP(c).String(), UserAgent: string([]byte(c.Get(fiber.HeaderUserAgent)))}
}
