package httpapi

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Second-factor route paths (docs/decisions/0016-second-factor.md): a passkey proved
// after a password, by a session at identity.StagePasskey.
const (
	pathSecondFactorBegin  = "/api/v1/auth/passkeys/second-factor/begin"
	pathSecondFactorFinish = "/api/v1/auth/passkeys/second-factor/finish"
)

// secondFactorPerUser limits second-factor ceremonies per account (begin and finish share
// the bucket), on top of the per-address passkey limit: an assertion cannot be guessed,
// so this only stops one half-signed-in session from burning kv and CPU.
var secondFactorPerUser = rateRule{name: "second-factor-user", limit: kv.Limit{Rate: 30, Period: time.Minute, Burst: 20},
	key: func(c *fiber.Ctx) string {
		if p := currentPrincipal(c); p != nil {
			return p.User.ID
		}
		return ""
	}}

// errNoSecondFactorPending answers a second-factor call from a session that is not
// waiting for one.
var errNoSecondFactorPending = errs.New(errs.ErrConflict, "second_factor_not_pending",
	"This sign-in is not waiting for a passkey.")

// bindSecondFactorRoutes registers the second factor's begin and finish.
func bindSecondFactorRoutes(r *router, h *passkeyHandlers, l *limiter) {
	access := SignedIn.During(identity.StagePasskey)
	r.post(pathSecondFactorBegin, access, l.wrap(h.handleSecondFactorBegin, passkeyLoginPerIP, secondFactorPerUser))
	r.post(pathSecondFactorFinish, access, l.wrap(h.handleSecondFactorFinish, passkeyLoginPerIP, secondFactorPerUser))
}

func (h *passkeyHandlers) handleSecondFactorBegin(c *fiber.Ctx) error {
	if currentPrincipal(c).Session.Stage != identity.StagePasskey {
		return errNoSecondFactorPending
	}
	assertion, id, err := h.passkeys.BeginSecondFactor(c.UserContext(), binding(c))
	if err != nil {
		return err
	}
	h.setCeremony(c, id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(assertion)
}

// handleSecondFactorFinish verifies the assertion and replaces the half-signed-in
// session with a new one at the next stage, answering {user, next} as a sign-in does.
func (h *passkeyHandlers) handleSecondFactorFinish(c *fiber.Ctx) error {
	if currentPrincipal(c).Session.Stage != identity.StagePasskey {
		return errNoSecondFactorPending
	}
	body, err := webauthnBody(c)
	if err != nil {
		return err
	}
	next, err := h.passkeys.FinishSecondFactor(c.UserContext(), actor(c), binding(c), c.Cookies(ceremonyCookie), body)
	h.clearCeremony(c)
	if err != nil {
		return webauthnProblem(err)
	}
	// signIn revokes the StagePasskey session and issues a fresh id: the token that only
	// knew the password never becomes a full session.
	return h.auth.signIn(c, currentPrincipal(c).User, next)
}

// afterRegistration completes a required passkey setup: a session at
// identity.StagePasskeySetup that just registered its passkey is replaced by a new one at
// the next stage, and the owner is told a passkey was added. Other sessions are left as
// they are.
func (h *passkeyHandlers) afterRegistration(c *fiber.Ctx, pk identity.Passkey) error {
	p := currentPrincipal(c)
	if p.Session.Stage != identity.StagePasskeySetup {
		return nil
	}
	ctx := c.UserContext()
	h.passkeys.NotifyPasskeyAdded(ctx, p.User, pk)
	if err := h.auth.sessions.Revoke(ctx, c.Cookies(sessionCookie)); err != nil {
		return err
	}
	token, _, err := h.auth.sessions.Create(ctx, p.User.ID, identity.StageFor(identity.NextAfterSetup(p.User)), sessionMeta(c))
	if err != nil {
		return err
	}
	h.auth.setCookie(c, token)
	return nil
}
