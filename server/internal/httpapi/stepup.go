package httpapi

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// E-mailed step-up route paths (API.md, "Banking": step-up).
const (
	pathStepUpEmailBegin  = "/api/v1/auth/step-up/email/begin"
	pathStepUpEmailFinish = "/api/v1/auth/step-up/email/finish"
)

// The step-up methods a step_up_required answer may offer.
const (
	stepUpMethodPasskey = "passkey"
	stepUpMethodEmail   = "email"
)

// stepUpRule says when a route asks for a recent step-up.
type stepUpRule uint8

const (
	noStepUp stepUpRule = iota
	// stepUpAlways: every call needs a step-up within identity.StepUpWindow.
	stepUpAlways
	// stepUpOnceEnrolled: only callers who already have a passkey need one, so the first
	// passkey (the passkey_setup stage included) registers with the sign-in alone.
	stepUpOnceEnrolled
)

// StepUp also asks for a step-up of the session within identity.StepUpWindow, checked
// after the role. Bearer tokens never satisfy it: a step-up is a person at a browser.
func (a Access) StepUp() Access {
	a.stepUp = stepUpAlways
	return a
}

// StepUpOnceEnrolled asks for a step-up only from callers who already have a passkey.
func (a Access) StepUpOnceEnrolled() Access {
	a.stepUp = stepUpOnceEnrolled
	return a
}

// stepUpGuard decides whether a caller has stepped up recently enough.
type stepUpGuard struct {
	store *identity.Store
	now   func() time.Time
}

// check answers 403 step_up_required, naming the methods open to the caller, unless the
// route asks for nothing or the session stepped up within the window.
func (g *stepUpGuard) check(c *fiber.Ctx, p *principal, rule stepUpRule) error {
	if rule == noStepUp {
		return nil
	}
	if g == nil || p.Token != nil {
		return stepUpRequired(nil, "Sign in to Vouch in a browser and confirm it's you to do this.")
	}
	recent := identity.RecentStepUp(p.Session, g.now())
	if recent && rule == stepUpAlways {
		return nil // no need to read the passkeys: this is the common case of a guarded change
	}
	pks, err := g.store.ListPasskeys(c.UserContext(), p.User.ID, "")
	if err != nil {
		return err
	}
	if recent || rule == stepUpOnceEnrolled && len(pks) == 0 {
		return nil
	}
	// A user with a passkey that still works confirms with it; the e-mailed code is for
	// users without one (docs/decisions/0017).
	methods := []string{stepUpMethodEmail}
	for _, pk := range pks {
		if !pk.CloneWarning {
			methods = []string{stepUpMethodPasskey}
			break
		}
	}
	return stepUpRequired(methods, "Confirm it's you before you do this.")
}

func stepUpRequired(methods []string, detail string) error {
	return &problemError{Problem{Status: fiber.StatusForbidden, Code: "step_up_required", Detail: detail, Methods: methods}}
}

// E-mailed code limits: a few codes per person (each mail is a cost and a nuisance) and
// bounded guessing per person on top of the five tries each code allows.
var (
	stepUpEmailPerUser = rateRule{name: "stepup-email-user", limit: kv.Limit{Rate: 5, Period: 15 * time.Minute, Burst: 5},
		key: func(c *fiber.Ctx) string { return currentPrincipal(c).User.ID }}
	stepUpEmailPerIP = rateRule{name: "stepup-email-ip", limit: kv.Limit{Rate: 30, Period: time.Minute, Burst: 10},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	stepUpEmailFinishPerIP = rateRule{name: "stepup-email-finish-ip", limit: kv.Limit{Rate: 60, Period: time.Minute, Burst: 30},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	stepUpEmailFinishPerUser = rateRule{name: "stepup-email-finish-user", limit: kv.Limit{Rate: 30, Period: 15 * time.Minute, Burst: 15},
		key: func(c *fiber.Ctx) string { return currentPrincipal(c).User.ID }}
)

// stepUpEmailHandlers serve the e-mailed step-up.
type stepUpEmailHandlers struct {
	auth  *authenticator
	codes *identity.EmailCodes
}

// bindStepUpEmailRoutes registers the e-mailed step-up code routes.
func bindStepUpEmailRoutes(r *router, a *authenticator, codes *identity.EmailCodes, l *limiter) {
	h := &stepUpEmailHandlers{auth: a, codes: codes}
	r.post(pathStepUpEmailBegin, SignedIn, l.wrap(h.handleBegin, stepUpEmailPerIP, stepUpEmailPerUser))
	r.post(pathStepUpEmailFinish, SignedIn, l.wrap(h.handleFinish, stepUpEmailFinishPerIP, stepUpEmailFinishPerUser))
}

// handleBegin e-mails the caller a fresh code for this session.
func (h *stepUpEmailHandlers) handleBegin(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	if err := h.codes.Begin(c.UserContext(), p.User, p.Session.ID); err != nil {
		return err
	}
	return accepted(c)
}

// handleFinish checks the code and records the step-up on the session.
func (h *stepUpEmailHandlers) handleFinish(c *fiber.Ctx) error {
	var req struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := currentPrincipal(c)
	ctx := c.UserContext()
	if err := h.codes.Finish(ctx, actor(c), p.User, p.Session.ID, req.Code); err != nil {
		return err
	}
	if _, err := h.auth.sessions.RecordStepUp(ctx, c.Cookies(sessionCookie)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
