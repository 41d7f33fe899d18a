package httpapi

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/config"
)

// csrfCookie holds the double-submit token that cookie-authenticated requests echo in
// the X-CSRF-Token header.
const csrfCookie = "vouch_csrf"

// issueCSRFCookie gives every client a CSRF token as soon as it talks to us, so a page
// can send its first state-changing request (sign-in included) without a round trip.
// It is readable by our scripts on purpose (the double-submit pattern needs that);
// SameSite=Strict keeps other sites from sending it.
func issueCSRFCookie(env config.Env) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Cookies(csrfCookie) == "" {
			b := make([]byte, 32)
			if _, err := rand.Read(b); err != nil {
				return err
			}
			c.Cookie(&fiber.Cookie{
				Name:     csrfCookie,
				Value:    base64.RawURLEncoding.EncodeToString(b),
				Path:     "/",
				Secure:   env != config.EnvDev,
				HTTPOnly: false,
				SameSite: fiber.CookieSameSiteStrictMode,
			})
		}
		return c.Next()
	}
}

// handleCSRF exists for clients that want the cookie before anything else; the
// middleware above has already set it.
func handleCSRF(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendStatus(fiber.StatusNoContent)
}
