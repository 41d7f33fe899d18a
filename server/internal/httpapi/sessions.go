package httpapi

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// Own-session route paths.
const (
	pathMySessions = "/api/v1/me/sessions"
	pathMySession  = "/api/v1/me/sessions/:id"
)

func bindSessionRoutes(r *router, a *authenticator) {
	r.get(pathMySessions, SignedIn, a.handleListSessions)
	r.handle(fiber.MethodDelete, pathMySession, SignedIn, a.handleRevokeSession)
}

type sessionJSON struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

// handleListSessions shows where the person is signed in, so they can spot a stranger.
func (a *authenticator) handleListSessions(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	list, err := a.sessions.List(c.UserContext(), p.User.ID)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, 0, len(list))
	for _, s := range list {
		out = append(out, sessionJSON{ID: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt,
			IP: s.IP, UserAgent: s.UserAgent, Current: s.ID == p.Session.ID})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"sessions": out})
}

// handleRevokeSession ends one of the person's sessions; ending the current one signs
// this browser out too.
func (a *authenticator) handleRevokeSession(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	id := c.Params("id")
	if err := a.sessions.RevokeID(c.UserContext(), p.User.ID, id); err != nil {
		return err
	}
	if id == p.Session.ID {
		a.clearCookie(c)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
