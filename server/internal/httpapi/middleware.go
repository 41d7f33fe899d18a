package httpapi

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/config"
)

// recoverPanics turns a panic into a logged 500 problem; the connection stays usable.
func recoverPanics(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				logger(c, log).Error("panic in handler", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return c.Next()
	}
}

// contentSecurityPolicy allows only this origin's own scripts and styles: no inline
// script can run even if an attacker gets markup into a page.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; " +
	"worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every answer carries. HSTS only in prod, where TLS is
// guaranteed in front of us; in dev it would pin localhost to https.
func securityHeaders(env config.Env) fiber.Handler {
	return func(c *fiber.Ctx) error {
		h := &c.Response().Header
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if env == config.EnvProd {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return c.Next()
	}
}

// handleErrors answers every error below it as problem+json right here, rather than in
// Fiber's app-level handler, so the access log and metrics above it see the real status.
func handleErrors(log *slog.Logger) fiber.Handler {
	onError := errorHandler(log)
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			return onError(c, err)
		}
		return nil
	}
}

// accessLog writes one line per request after it is answered.
func accessLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelWarn
		}
		logger(c, log).Log(c.UserContext(), level, "request",
			"method", c.Method(), "route", routeLabel(c), "status", status,
			"duration_ms", strconv.FormatFloat(float64(time.Since(start).Microseconds())/1000, 'f', 2, 64),
			"ip", ClientIP(c).String())
		return err
	}
}
