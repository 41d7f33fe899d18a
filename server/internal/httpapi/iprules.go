package httpapi

import (
	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/iprules"
)

// IP rule route paths (API.md, "Administration and support").
const (
	pathSiteIPRules = "/api/v1/admin/ip-rules"
	pathSiteIPRule  = "/api/v1/admin/ip-rules/:rule_id"
	pathUserIPRules = "/api/v1/admin/users/:id/ip-rules"
	pathUserIPRule  = "/api/v1/admin/users/:id/ip-rules/:rule_id"
)

// ipGuard applies the allowlists and counts what they deny.
type ipGuard struct {
	rules  *iprules.Service
	denied *prometheus.CounterVec
}

func newIPGuard(rules *iprules.Service, reg prometheus.Registerer) *ipGuard {
	g := &ipGuard{rules: rules, denied: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vouch_ip_denials_total",
		Help: "Requests refused by an IP allowlist, by list (site or user).",
	}, []string{"list"})}
	reg.MustRegister(g.denied)
	return g
}

// site refuses every request from outside the site-wide allowlist, except the probes an
// orchestrator sends from its own network.
func (g *ipGuard) site() fiber.Handler {
	return func(c *fiber.Ctx) error {
		switch c.Path() {
		case pathHealthz, pathReadyz, pathMetrics:
			return c.Next()
		}
		ok, err := g.rules.SiteAllows(c.UserContext(), ClientIP(c))
		if err != nil {
			return err
		}
		if !ok {
			g.denied.WithLabelValues("site").Inc()
			return iprules.ErrNotAllowed
		}
		return c.Next()
	}
}

// user refuses a signed-in user's request from outside their own allowlist.
func (g *ipGuard) user(c *fiber.Ctx, userID string) error {
	if g == nil {
		return nil
	}
	ok, err := g.rules.UserAllows(c.UserContext(), userID, ClientIP(c))
	if err != nil {
		return err
	}
	if !ok {
		g.denied.WithLabelValues("user").Inc()
		return iprules.ErrNotAllowed
	}
	return nil
}

// ipRuleRoutes lets platform admins keep the site list and staff keep users' lists.
type ipRuleRoutes struct {
	a     *authenticator
	rules *iprules.Service
}

func bindIPRuleRoutes(r *router, a *authenticator, rules *iprules.Service) {
	h := ipRuleRoutes{a: a, rules: rules}
	platform := Roles(identity.RolePlatformAdmin)
	r.get(pathSiteIPRules, platform, h.list(false))
	r.post(pathSiteIPRules, platform.Creates(), h.add(false))
	r.handle(fiber.MethodDelete, pathSiteIPRule, platform, h.remove(false))
	r.get(pathUserIPRules, staff, h.list(true))
	r.post(pathUserIPRules, staff.Creates(), h.add(true))
	r.handle(fiber.MethodDelete, pathUserIPRule, staff, h.remove(true))
}

// change describes who changes which list; for a user's list it checks the caller's reach.
func (h ipRuleRoutes) change(c *fiber.Ctx, perUser bool) (iprules.Change, error) {
	ch := iprules.Change{Actor: actor(c), CallerAddr: ClientIP(c)}
	if perUser {
		u, err := h.a.target(c)
		if err != nil {
			return iprules.Change{}, err
		}
		ch.UserID, ch.OrgID = u.ID, u.PrimaryOrg()
	}
	return ch, nil
}

func (h ipRuleRoutes) list(perUser bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, err := h.change(c, perUser)
		if err != nil {
			return err
		}
		rules, err := h.rules.List(c.UserContext(), ch.UserID)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		// your_ip lets the screen say whether a rule being added covers the caller (0011).
		return c.JSON(fiber.Map{"rules": rules, "your_ip": ClientIP(c).String()})
	}
}

func (h ipRuleRoutes) add(perUser bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req struct {
			CIDR string `json:"cidr"`
			Note string `json:"note"`
		}
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
		ch, err := h.change(c, perUser)
		if err != nil {
			return err
		}
		rule, err := h.rules.Add(c.UserContext(), ch, req.CIDR, req.Note)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(rule)
	}
}

func (h ipRuleRoutes) remove(perUser bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, err := h.change(c, perUser)
		if err != nil {
			return err
		}
		if err := h.rules.Remove(c.UserContext(), ch, c.Params("rule_id")); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}
