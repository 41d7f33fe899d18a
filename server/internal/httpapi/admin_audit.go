package httpapi

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Audit route paths.
const (
	pathAdminAudit       = "/api/v1/admin/audit"
	pathAdminAuditVerify = "/api/v1/admin/audit/verify"
)

// auditRoutes serves the audit log to staff: customer admins see their own org's events.
type auditRoutes struct{ log *audit.Log }

func bindAdminAuditRoutes(r *router, l *audit.Log) {
	h := auditRoutes{log: l}
	r.get(pathAdminAudit, staff, h.handleList)
	r.get(pathAdminAuditVerify, Roles(identity.RolePlatformAdmin), h.handleVerify)
}

// filter reads the query; a customer admin's filter is pinned to their org.
func (h auditRoutes) filter(c *fiber.Ctx) (audit.Filter, error) {
	f := audit.Filter{
		ActorID:  c.Query("actor_id"),
		TargetID: c.Query("target_id"),
		OrgID:    c.Query("org_id"),
		Action:   c.Query("action"),
	}
	var fe errs.FieldErrors
	parseTime := func(name string, dst *time.Time) {
		if v := c.Query(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fe = fe.Add(name, "must be an RFC 3339 time such as 2026-11-24T09:00:00Z")
			}
			*dst = t
		}
	}
	parseInt := func(name string, dst any) {
		if v := c.Query(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				fe = fe.Add(name, "must be a whole number, 0 or more")
			}
			switch d := dst.(type) {
			case *int:
				*d = int(n)
			case *int64:
				*d = n
			}
		}
	}
	parseTime("from", &f.From)
	parseTime("to", &f.To)
	parseInt("limit", &f.Limit)
	parseInt("before_seq", &f.BeforeSeq)
	if scope, ok := orgScope(currentPrincipal(c)); ok {
		f.OrgID = scope
	}
	return f, fe.OrNil()
}

func (h auditRoutes) handleList(c *fiber.Ctx) error {
	f, err := h.filter(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if c.Query("format") == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="vouch-audit.csv"`)
		return h.log.WriteCSV(c.UserContext(), c.Response().BodyWriter(), f)
	}
	events, err := h.log.List(c.UserContext(), f)
	if err != nil {
		return err
	}
	if events == nil {
		events = []audit.Event{}
	}
	return c.JSON(fiber.Map{"events": events})
}

func (h auditRoutes) handleVerify(c *fiber.Ctx) error {
	v, err := h.log.Verify(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}
