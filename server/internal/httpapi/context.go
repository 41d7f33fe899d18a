package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Locals keys. Values stored under them are copies, never strings that alias fasthttp
// buffers, because Fiber reuses those after the handler returns.
const (
	localRequestID = "vouch.request_id"
	localLogger    = "vouch.logger"
	localRoute     = "vouch.route"
	localClientIP  = "vouch.client_ip"
)

// headerRequestID carries the request id in and out.
const headerRequestID = "X-Request-ID"

// requestDeadline bounds the work of one request; Fiber v2's UserContext has none.
const requestDeadline = 25 * time.Second

// withRequestContext gives each request an id (a well-formed incoming one is kept so a
// proxy's id threads through), a logger carrying it, and a context with a deadline.
func withRequestContext(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := sanitizeRequestID(c.Get(headerRequestID))
		if id == "" {
			id = newRequestID()
		}
		c.Locals(localRequestID, id)
		c.Set(headerRequestID, id)
		c.Locals(localLogger, log.With("request_id", id))
		ctx, cancel := context.WithTimeout(context.Background(), requestDeadline)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}

// sanitizeRequestID keeps an incoming id only when it is short and plain, so it cannot
// forge log lines or bloat them.
func sanitizeRequestID(s string) string {
	if len(s) == 0 || len(s) > 64 {
		return ""
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return ""
		}
	}
	return string([]byte(s)) // copy: the header bytes belong to fasthttp
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestID returns the id given by withRequestContext.
func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// logger returns the request's logger, or the base one before withRequestContext ran.
func logger(c *fiber.Ctx, base *slog.Logger) *slog.Logger {
	if l, ok := c.Locals(localLogger).(*slog.Logger); ok {
		return l
	}
	return base
}

// routeLabel is the declared route pattern of the request, for metrics and logs; requests
// that matched no declared route share one label so clients cannot inflate cardinality.
func routeLabel(c *fiber.Ctx) string {
	if r, ok := c.Locals(localRoute).(string); ok {
		return r
	}
	return "unmatched"
}
