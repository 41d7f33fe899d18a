package httpapi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
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

// headerCSRF is where a page echoes the vouch_csrf cookie.
const headerCSRF = "X-CSRF-Token"

// errCSRF is the one answer to a missing or wrong token.
var errCSRF = errs.New(errs.ErrForbidden, "csrf_failed", "The request is missing its CSRF token; reload the page and try again.")

// checkCSRF compares the header with the cookie in constant time. A cross-site form can
// send the cookie but cannot read it, so it cannot put the same value in the header.
func checkCSRF(c *fiber.Ctx) error {
	cookie, header := c.Cookies(csrfCookie), c.Get(headerCSRF)
	if cookie == "" || header == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(header)) != 1 {
		return errCSRF
	}
	return nil
}

// hasBearer reports whether the request authenticates with a bearer token; such requests
// carry no ambient credentials, so CSRF does not apply to them.
func hasBearer(c *fiber.Ctx) bool {
	return strings.HasPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
}
