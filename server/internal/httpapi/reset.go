package httpapi

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Password-reset route paths.
const (
	pathResetRequest   = "/api/v1/auth/password/reset/request"
	pathResetConfirm   = "/api/v1/auth/password/reset/confirm"
	pathAdminResetLink = "/api/v1/admin/users/:id/reset-link"
)

// Reset limits: requests send e-mail, so they are held tighter than sign-ins.
var (
	resetPerIP = rateRule{name: "reset-ip", limit: kv.Limit{Rate: 10, Period: 15 * time.Minute, Burst: 5},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	resetPerAccount = rateRule{name: "reset-account", limit: kv.Limit{Rate: 3, Period: time.Hour, Burst: 3}, key: emailKey}
	// Guessing a 256-bit token is hopeless; this only bounds the hashing work per address.
	confirmPerIP = rateRule{name: "reset-confirm-ip", limit: kv.Limit{Rate: 20, Period: 15 * time.Minute, Burst: 10},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
)

func bindResetRoutes(r *router, a *authenticator, l *limiter) {
	r.post(pathResetRequest, Public, l.wrap(a.handleResetRequest, resetPerIP, resetPerAccount))
	r.post(pathResetConfirm, Public, l.wrap(a.handleResetConfirm, confirmPerIP))
	r.post(pathAdminResetLink, staff, a.handleAdminResetLink)
}

// handleResetRequest answers 202 whatever the address: whether an account exists is not
// the caller's to learn.
func (a *authenticator) handleResetRequest(c *fiber.Ctx) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Email) == "" {
		return errs.FieldErrors{}.Add("email", "is required")
	}
	if err := a.resets.Request(c.UserContext(), actor(c), req.Email); err != nil {
		return err
	}
	return accepted(c)
}

func (a *authenticator) handleResetConfirm(c *fiber.Ctx) error {
	var req struct {
		Token       string `json:"token"`
		NewPassword string `json:"new_password"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var fe errs.FieldErrors
	if req.Token == "" {
		fe = fe.Add("token", "is required")
	}
	if req.NewPassword == "" {
		fe = fe.Add("new_password", "is required")
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	ctx := c.UserContext()
	u, err := a.resets.Confirm(ctx, actor(c), req.Token, req.NewPassword)
	if err != nil {
		return err
	}
	// Whoever held the old password is out, on every device.
	if err := a.sessions.RevokeAll(ctx, u.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// handleAdminResetLink e-mails the user a reset link; staff never see it.
func (a *authenticator) handleAdminResetLink(c *fiber.Ctx) error {
	who, u, err := a.staffAction(c)
	if err != nil {
		return err
	}
	if err := a.resets.Send(c.UserContext(), who, u); err != nil {
		return err
	}
	return accepted(c)
}

// accepted answers 202 with an empty body (Fiber's SendStatus would add the text
// "Accepted", which is not JSON).
func accepted(c *fiber.Ctx) error {
	c.Status(fiber.StatusAccepted)
	return nil
}
