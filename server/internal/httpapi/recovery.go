package httpapi

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Passkey-recovery route paths (docs/decisions/0017).
const (
	pathRecoveryRequest   = "/api/v1/auth/recovery/request"
	pathRecoveryStart     = "/api/v1/auth/recovery/start"
	pathRecoveryComplete  = "/api/v1/auth/recovery/complete"
	pathAdminRecoveries   = "/api/v1/admin/recoveries"
	pathAdminRecoveryStop = "/api/v1/admin/recoveries/:id/cancel"
	pathMyRecovery        = "/api/v1/me/recovery"
)

// Recovery limits: a request sends e-mail, so it is held as tight as a password reset;
// start and complete take a 256-bit token, so their limit only bounds the work.
var (
	recoveryPerIP = rateRule{name: "recovery-ip", limit: kv.Limit{Rate: 10, Period: 15 * time.Minute, Burst: 5},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	recoveryPerAccount = rateRule{name: "recovery-account", limit: kv.Limit{Rate: 3, Period: time.Hour, Burst: 3}, key: emailKey}
	recoveryLinkPerIP  = rateRule{name: "recovery-link-ip", limit: kv.Limit{Rate: 30, Period: 15 * time.Minute, Burst: 15},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
)

// recoveryHandlers serve the recovery of an account whose every passkey is lost.
type recoveryHandlers struct {
	auth       *authenticator
	recoveries *identity.Recoveries
}

// bindRecoveryRoutes registers the public link flow, the admins' review and the user's own view.
func bindRecoveryRoutes(r *router, a *authenticator, rec *identity.Recoveries, l *limiter) {
	h := &recoveryHandlers{auth: a, recoveries: rec}
	r.post(pathRecoveryRequest, Public, l.wrap(h.handleRequest, recoveryPerIP, recoveryPerAccount))
	r.post(pathRecoveryStart, Public, l.wrap(h.handleStart, recoveryLinkPerIP))
	r.post(pathRecoveryComplete, Public, l.wrap(h.handleComplete, recoveryLinkPerIP))
	reviewers := Roles(identity.RoleCustomerAdmin, identity.RolePlatformAdmin, identity.RoleSupport)
	r.get(pathAdminRecoveries, reviewers, h.handleList)
	r.post(pathAdminRecoveryStop, reviewers, h.handleCancel)
	r.get(pathMyRecovery, SignedIn, h.handleMine)
	r.handle(fiber.MethodDelete, pathMyRecovery, SignedIn, h.handleCancelMine)
}

// recoveryJSON is a recovery as its reviewers and its user see it.
type recoveryJSON struct {
	ID          string    `json:"id"`
	UserID      string    `json:"user_id"`
	UserEmail   string    `json:"user_email"`
	UserName    string    `json:"user_name"`
	Status      string    `json:"status"`
	RequestedIP string    `json:"requested_ip"`
	CreatedAt   time.Time `json:"created_at"`
	ReadyAt     time.Time `json:"ready_at"`
}

func toRecoveryJSON(r identity.Recovery) recoveryJSON {
	return recoveryJSON{ID: r.ID, UserID: r.UserID, UserEmail: r.UserEmail, UserName: r.UserName,
		Status: string(r.Status), RequestedIP: r.RequestedIP, CreatedAt: r.CreatedAt.UTC(), ReadyAt: r.ReadyAt.UTC()}
}

type recoveryTokenRequest struct {
	Token string `json:"token"`
}

func decodeRecoveryToken(c *fiber.Ctx) (string, error) {
	var req recoveryTokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return "", err
	}
	if req.Token == "" {
		return "", errs.FieldErrors{}.Add("token", "is required")
	}
	return req.Token, nil
}

// handleRequest answers 202 whatever the address: whether an account exists, or has
// passkeys, is not the caller's to learn.
func (h *recoveryHandlers) handleRequest(c *fiber.Ctx) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Email) == "" {
		return errs.FieldErrors{}.Add("email", "is required")
	}
	if err := h.recoveries.Request(c.UserContext(), actor(c), req.Email); err != nil {
		return err
	}
	return accepted(c)
}

// handleStart starts (or, for a link already started, shows) the waiting period.
func (h *recoveryHandlers) handleStart(c *fiber.Ctx) error {
	token, err := decodeRecoveryToken(c)
	if err != nil {
		return err
	}
	rec, err := h.recoveries.Start(c.UserContext(), actor(c), token)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": rec.Status, "ready_at": rec.ReadyAt.UTC()})
}

// handleComplete removes every passkey once the wait is over and ends every session.
func (h *recoveryHandlers) handleComplete(c *fiber.Ctx) error {
	token, err := decodeRecoveryToken(c)
	if err != nil {
		return err
	}
	_, err = h.recoveries.Complete(c.UserContext(), actor(c), token)
	var waiting *identity.RecoveryWaitingError
	if errors.As(err, &waiting) {
		at := waiting.ReadyAt.UTC()
		return &problemError{Problem{Status: fiber.StatusConflict, Code: "recovery_waiting", ReadyAt: &at,
			Detail: "The waiting period ends at " + at.Format(time.RFC3339) + "; finish the recovery after that."}}
	}
	if err != nil {
		return err
	}
	// This browser may hold a session of the user: it ended with the others.
	h.auth.clearCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

// scope is which recoveries the caller reviews: platform staff all, a customer admin their org's.
func recoveryScope(p *principal) identity.RecoveryScope {
	if p.hasRole(identity.RolePlatformAdmin, identity.RoleSupport) {
		return identity.RecoveryScope{All: true}
	}
	return identity.RecoveryScope{OrgID: p.User.OrgOf(identity.RoleCustomerAdmin)}
}

func (h *recoveryHandlers) handleList(c *fiber.Ctx) error {
	list, err := h.recoveries.ListWaiting(c.UserContext(), recoveryScope(currentPrincipal(c)))
	if err != nil {
		return err
	}
	out := make([]recoveryJSON, 0, len(list))
	for _, r := range list {
		out = append(out, toRecoveryJSON(r))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"recoveries": out})
}

func (h *recoveryHandlers) handleCancel(c *fiber.Ctx) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a := actor(c)
	a.Reason = req.Reason
	id := string([]byte(c.Params("id")))
	if err := h.recoveries.Cancel(c.UserContext(), a, recoveryScope(currentPrincipal(c)), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// handleMine shows the caller's own waiting recovery, or null.
func (h *recoveryHandlers) handleMine(c *fiber.Ctx) error {
	rec, err := h.recoveries.Mine(c.UserContext(), currentPrincipal(c).User.ID)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if errors.Is(err, errs.ErrNotFound) {
		return c.JSON(fiber.Map{"recovery": nil})
	}
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"recovery": toRecoveryJSON(rec)})
}

// handleCancelMine stops a recovery of the caller's own account: whoever signs in with
// the account can, which is the point of the waiting period.
func (h *recoveryHandlers) handleCancelMine(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	if err := h.recoveries.CancelMine(c.UserContext(), actor(c), p.User); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
