package httpapi

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Passkey route paths (API.md, "Identity" and "Banking": step-up).
const (
	pathPasskeyRegisterBegin  = "/api/v1/auth/passkeys/register/begin"
	pathPasskeyRegisterFinish = "/api/v1/auth/passkeys/register/finish"
	pathPasskeyLoginBegin     = "/api/v1/auth/passkeys/login/begin"
	pathPasskeyLoginFinish    = "/api/v1/auth/passkeys/login/finish"
	pathMyPasskeys            = "/api/v1/me/passkeys"
	pathMyPasskey             = "/api/v1/me/passkeys/:id"
	pathStepUpPasskeyBegin    = "/api/v1/auth/step-up/passkey/begin"
	pathStepUpPasskeyFinish   = "/api/v1/auth/step-up/passkey/finish"
)

// ceremonyCookie carries the id of the WebAuthn ceremony a begin started, to its finish.
// HttpOnly: scripts never need it. SameSite=Strict and a path limited to the auth routes:
// only our own pages' requests to a finish carry it. It lives as long as the ceremony and
// is cleared by the finish, whatever the outcome; the ceremony itself is single use.
const (
	ceremonyCookie     = "vouch_ceremony"
	ceremonyCookiePath = "/api/v1/auth/"
)

// maxWebAuthnBody bounds a finish body; real ones are a few kB.
const maxWebAuthnBody = 64 << 10

// passkeyLoginPerIP limits passkey sign-in ceremonies per address (begin and finish share
// the bucket). An assertion cannot be guessed, so this only keeps one machine from
// burning kv and CPU, and bounds probing e-mails at begin.
var passkeyLoginPerIP = rateRule{name: "passkey-login-ip", limit: kv.Limit{Rate: 60, Period: time.Minute, Burst: 20},
	key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}

// passkeyHandlers serves the passkey ceremonies and the user's list of passkeys.
type passkeyHandlers struct {
	auth     *authenticator
	passkeys *identity.Passkeys
	env      config.Env
}

// bindPasskeyRoutes registers passkey registration, sign-in, management and step-up.
func bindPasskeyRoutes(r *router, a *authenticator, p *identity.Passkeys, l *limiter) {
	h := &passkeyHandlers{auth: a, passkeys: p, env: a.env}
	// A session that must set up its required passkey may register one (decision 0016).
	// Once a user has a passkey, adding or removing one needs a step-up (decision 0017).
	r.post(pathPasskeyRegisterBegin, SignedIn.During(identity.StagePasskeySetup).StepUpOnceEnrolled(), h.handleRegisterBegin)
	r.post(pathPasskeyRegisterFinish, SignedIn.During(identity.StagePasskeySetup).StepUpOnceEnrolled(), h.handleRegisterFinish)
	r.post(pathPasskeyLoginBegin, Public, l.wrap(h.handleLoginBegin, passkeyLoginPerIP))
	r.post(pathPasskeyLoginFinish, Public, l.wrap(h.handleLoginFinish, passkeyLoginPerIP))
	r.get(pathMyPasskeys, SignedIn, h.handleList)
	r.handle(fiber.MethodDelete, pathMyPasskey, SignedIn.StepUp(), h.handleDelete)
	r.post(pathStepUpPasskeyBegin, SignedIn, h.handleStepUpBegin)
	r.post(pathStepUpPasskeyFinish, SignedIn, h.handleStepUpFinish)
	bindSecondFactorRoutes(r, h, l)
}

// passkeyJSON is a passkey as its owner sees it: never the key or credential id.
type passkeyJSON struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	BackupEligible bool       `json:"backup_eligible"`
	BackupState    bool       `json:"backup_state"`
	CloneWarning   bool       `json:"clone_warning"`
}

func toPasskeyJSON(pk identity.Passkey) passkeyJSON {
	out := passkeyJSON{ID: pk.ID, Name: pk.Name, CreatedAt: pk.CreatedAt.UTC(),
		BackupEligible: pk.BackupEligible, BackupState: pk.BackupState, CloneWarning: pk.CloneWarning}
	if pk.LastUsedAt != nil {
		t := pk.LastUsedAt.UTC()
		out.LastUsedAt = &t
	}
	return out
}

// binding is the signed-in caller a registration or step-up ceremony belongs to.
func binding(c *fiber.Ctx) identity.CeremonyBinding {
	p := currentPrincipal(c)
	return identity.CeremonyBinding{User: p.User, SessionID: p.Session.ID}
}

func (h *passkeyHandlers) handleRegisterBegin(c *fiber.Ctx) error {
	creation, id, err := h.passkeys.BeginRegistration(c.UserContext(), binding(c))
	if err != nil {
		return err
	}
	h.setCeremony(c, id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(creation)
}

func (h *passkeyHandlers) handleRegisterFinish(c *fiber.Ctx) error {
	body, err := webauthnBody(c)
	if err != nil {
		return err
	}
	name := string([]byte(c.Query("name")))
	pk, err := h.passkeys.FinishRegistration(c.UserContext(), actor(c), binding(c), c.Cookies(ceremonyCookie), name, body)
	h.clearCeremony(c)
	if err != nil {
		return webauthnProblem(err)
	}
	if err := h.afterRegistration(c, pk); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(toPasskeyJSON(pk))
}

type passkeyLoginRequest struct {
	Email string `json:"email"`
}

func (h *passkeyHandlers) handleLoginBegin(c *fiber.Ctx) error {
	var req passkeyLoginRequest
	// An empty body is a discoverable sign-in, like {} or {"email": ""}.
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	assertion, id, err := h.passkeys.BeginLogin(c.UserContext(), req.Email)
	if err != nil {
		return err
	}
	h.setCeremony(c, id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(assertion)
}

// handleLoginFinish verifies the assertion and then signs in exactly as a password does
// (allowlist, fresh session, {user, next}).
func (h *passkeyHandlers) handleLoginFinish(c *fiber.Ctx) error {
	body, err := webauthnBody(c)
	if err != nil {
		return err
	}
	u, next, err := h.passkeys.FinishLogin(c.UserContext(), actor(c), c.Cookies(ceremonyCookie), body)
	h.clearCeremony(c)
	if err != nil {
		return webauthnProblem(err)
	}
	return h.auth.signIn(c, u, next)
}

func (h *passkeyHandlers) handleList(c *fiber.Ctx) error {
	pks, err := h.passkeys.List(c.UserContext(), currentPrincipal(c).User.ID)
	if err != nil {
		return err
	}
	out := make([]passkeyJSON, 0, len(pks))
	for _, pk := range pks {
		out = append(out, toPasskeyJSON(pk))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"passkeys": out})
}

func (h *passkeyHandlers) handleDelete(c *fiber.Ctx) error {
	id := string([]byte(c.Params("id")))
	if err := h.passkeys.Delete(c.UserContext(), actor(c), currentPrincipal(c).User, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *passkeyHandlers) handleStepUpBegin(c *fiber.Ctx) error {
	assertion, id, err := h.passkeys.BeginStepUp(c.UserContext(), binding(c))
	if err != nil {
		return err
	}
	h.setCeremony(c, id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(assertion)
}

type stepUpResponse struct {
	StepUpAt        time.Time `json:"step_up_at"`
	StepUpExpiresAt time.Time `json:"step_up_expires_at"`
}

// handleStepUpFinish verifies a fresh assertion by one of the caller's passkeys and
// records the time on the session; sensitive routes ask identity.RecentStepUp.
func (h *passkeyHandlers) handleStepUpFinish(c *fiber.Ctx) error {
	body, err := webauthnBody(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	err = h.passkeys.FinishStepUp(ctx, actor(c), binding(c), c.Cookies(ceremonyCookie), body)
	h.clearCeremony(c)
	if err != nil {
		return webauthnProblem(err)
	}
	sess, err := h.auth.sessions.RecordStepUp(ctx, c.Cookies(sessionCookie))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(stepUpResponse{StepUpAt: *sess.StepUpAt, StepUpExpiresAt: sess.StepUpAt.Add(identity.StepUpWindow)})
}

// webauthnBody returns a finish body: JSON, and small.
func webauthnBody(c *fiber.Ctx) ([]byte, error) {
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return nil, &problemError{Problem{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Detail: "Send the credential as application/json."}}
	}
	if len(c.Body()) > maxWebAuthnBody {
		return nil, fiber.ErrRequestEntityTooLarge
	}
	return c.Body(), nil
}

// webauthnProblem answers a body that is not a WebAuthn credential with 400, like
// malformed JSON; everything else keeps its kind.
func webauthnProblem(err error) error {
	if errors.Is(err, identity.ErrMalformedWebAuthn) {
		return &problemError{Problem{Status: fiber.StatusBadRequest, Code: identity.ErrMalformedWebAuthn.Code,
			Detail: identity.ErrMalformedWebAuthn.Detail}}
	}
	return err
}

// setCeremony hands the browser the ceremony id for the finish.
func (h *passkeyHandlers) setCeremony(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{
		Name: ceremonyCookie, Value: id, Path: ceremonyCookiePath, MaxAge: int(identity.CeremonyTTL / time.Second),
		HTTPOnly: true, Secure: h.env != config.EnvDev, SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func (h *passkeyHandlers) clearCeremony(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: ceremonyCookie, Value: "", Path: ceremonyCookiePath, MaxAge: -1,
		HTTPOnly: true, Secure: h.env != config.EnvDev, SameSite: fiber.CookieSameSiteStrictMode,
	})
}
