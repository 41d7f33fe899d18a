package httpapi

import (
	"math"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/abuse"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// IP block route paths (decision 0019).
const (
	pathIPBlocks = "/api/v1/admin/ip-blocks"
	pathIPBlock  = "/api/v1/admin/ip-blocks/:ip"
)

// refuseBlocked answers every /api request from a blocked address with 429 ip_blocked and
// Retry-After, before any route or session work. Probes and the web UI's files pass.
func refuseBlocked(g *abuse.Guard) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !strings.HasPrefix(c.Path(), "/api/") {
			return c.Next()
		}
		b, blocked := g.Blocked(c.UserContext(), ClientIP(c))
		if !blocked {
			return c.Next()
		}
		secs := max(int(math.Ceil(time.Until(b.Until).Seconds())), 1)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return &problemError{Problem{Status: fiber.StatusTooManyRequests, Code: "ip_blocked",
			Detail: "Too many requests from your network were refused, so it is blocked for a while. Try again in " +
				strconv.Itoa(secs) + " seconds."}}
	}
}

// ipBlockRoutes let staff see blocked addresses and platform admins lift blocks.
type ipBlockRoutes struct{ guard *abuse.Guard }

func bindIPBlockRoutes(r *router, g *abuse.Guard) {
	h := ipBlockRoutes{guard: g}
	r.get(pathIPBlocks, platformStaff, h.handleList)
	r.handle(fiber.MethodDelete, pathIPBlock, Roles(identity.RolePlatformAdmin), h.handleLift)
}

func (h ipBlockRoutes) handleList(c *fiber.Ctx) error {
	list, err := h.guard.List(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"blocks": list})
}

// handleLift ends a block at once; it takes a reason, for the audit log.
func (h ipBlockRoutes) handleLift(c *fiber.Ctx) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	reason := strings.TrimSpace(req.Reason)
	var fe errs.FieldErrors
	if reason == "" || len(reason) > 1000 {
		fe = fe.Add("reason", "is required, at most 1000 characters: it goes into the audit log")
	}
	raw, _ := url.PathUnescape(c.Params("ip"))
	ip, err := netip.ParseAddr(raw)
	if err != nil || ip.Zone() != "" {
		fe = fe.Add("ip", "must be an IP address, such as 203.0.113.7 or 2001:db8::7")
	}
	if err := fe.OrNil(); err != nil {
		return err
	}
	who := actor(c)
	who.Reason = reason
	if err := h.guard.Lift(c.UserContext(), who, ip); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
