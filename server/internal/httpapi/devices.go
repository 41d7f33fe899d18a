package httpapi

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Device flow route paths (decision 0019).
const (
	pathDeviceAuthorize = "/api/v1/auth/device/authorize"
	pathDeviceToken     = "/api/v1/auth/device/token"
	pathDeviceRequest   = "/api/v1/auth/device/:user_code"
	pathDeviceApprove   = "/api/v1/auth/device/:user_code/approve"
	pathDeviceDeny      = "/api/v1/auth/device/:user_code/deny"
	pathMyDevices       = "/api/v1/me/devices"
	pathMyDevice        = "/api/v1/me/devices/:id"
)

// Device flow limits per address: a desktop starts the flow rarely and polls every 5
// seconds; people look up a code or two. Each denial also counts towards an IP block.
var (
	deviceAuthorizePerIP = rateRule{name: "device-authorize", limit: kv.Limit{Rate: 20, Period: 15 * time.Minute, Burst: 10},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	deviceTokenPerIP = rateRule{name: "device-token", limit: kv.Limit{Rate: 30, Period: time.Minute, Burst: 15},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	deviceLookupPerIP = rateRule{name: "device-lookup", limit: kv.Limit{Rate: 30, Period: 15 * time.Minute, Burst: 10},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
)

// publicDevice is Public without CSRF: the desktop is no browser and these routes touch no
// cookie.
var publicDevice = Access{public: true, noCSRF: true}

type deviceRoutes struct {
	a         *authenticator
	devices   *identity.Devices
	publicURL string
}

func bindDeviceRoutes(r *router, a *authenticator, d *identity.Devices, l *limiter, publicURL string) {
	h := deviceRoutes{a: a, devices: d, publicURL: strings.TrimSuffix(publicURL, "/")}
	r.post(pathDeviceAuthorize, publicDevice, l.wrap(h.handleAuthorize, deviceAuthorizePerIP))
	r.post(pathDeviceToken, publicDevice, l.wrap(h.handleToken, deviceTokenPerIP))
	r.get(pathDeviceRequest, SignedIn, l.wrap(h.handleShow, deviceLookupPerIP))
	r.post(pathDeviceApprove, SignedIn, l.wrap(h.handleApprove, deviceLookupPerIP))
	r.post(pathDeviceDeny, SignedIn, l.wrap(h.handleDeny, deviceLookupPerIP))
	r.get(pathMyDevices, SignedIn, h.handleList)
	r.handle(fiber.MethodDelete, pathMyDevice, SignedIn, h.handleRevoke)
}

func (h deviceRoutes) handleAuthorize(c *fiber.Ctx) error {
	var req struct {
		DeviceName string `json:"device_name"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	da, err := h.devices.Authorize(c.UserContext(), req.DeviceName, ClientIP(c).String())
	if err != nil {
		return err
	}
	uri := h.publicURL + "/device"
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{
		"device_code": da.DeviceCode, "user_code": da.UserCode,
		"verification_uri": uri, "verification_uri_complete": uri + "?code=" + da.UserCode,
		"expires_in": int(da.ExpiresIn.Seconds()), "interval": int(da.Interval.Seconds()),
	})
}

// handleToken is the desktop's poll. The answers follow RFC 8628's codes with HTTP
// statuses that say the same: 428 pending, 429 slow_down (with Retry-After), 400 expired,
// 403 denied.
func (h deviceRoutes) handleToken(c *fiber.Ctx) error {
	var req struct {
		DeviceCode string `json:"device_code"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.DeviceCode == "" {
		return &problemError{Problem{Status: fiber.StatusUnprocessableEntity, Code: "invalid_input", Detail: "device_code is required."}}
	}
	g, err := h.devices.Poll(c.UserContext(), req.DeviceCode)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err != nil {
		var status int
		switch {
		case errors.Is(err, identity.ErrAuthorizationPending):
			status = fiber.StatusPreconditionRequired
		case errors.Is(err, identity.ErrSlowDown):
			status = fiber.StatusTooManyRequests
			c.Set(fiber.HeaderRetryAfter, "5")
		case errors.Is(err, identity.ErrExpiredToken):
			status = fiber.StatusBadRequest
		case errors.Is(err, identity.ErrAccessDenied):
			status = fiber.StatusForbidden
		default:
			return err
		}
		p := toProblem(err)
		p.Status = status
		return &problemError{p}
	}
	return c.JSON(fiber.Map{"token": g.Token, "token_type": "Bearer", "scopes": g.Scopes, "device_id": g.DeviceID})
}

func (h deviceRoutes) handleShow(c *fiber.Ctx) error {
	req, err := h.devices.Pending(c.UserContext(), userCodeParam(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(req)
}

func (h deviceRoutes) handleApprove(c *fiber.Ctx) error {
	if err := h.devices.Approve(c.UserContext(), actor(c), currentPrincipal(c).User, userCodeParam(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h deviceRoutes) handleDeny(c *fiber.Ctx) error {
	if err := h.devices.Deny(c.UserContext(), actor(c), currentPrincipal(c).User, userCodeParam(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// userCodeParam is the user code as typed, URL escapes undone ("bcdf%20ghjk").
func userCodeParam(c *fiber.Ctx) string {
	raw, err := url.PathUnescape(c.Params("user_code"))
	if err != nil {
		return ""
	}
	return raw
}

type deviceJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

func (h deviceRoutes) handleList(c *fiber.Ctx) error {
	list, err := h.a.identity.ListDevices(c.UserContext(), currentPrincipal(c).User.ID)
	if err != nil {
		return err
	}
	out := make([]deviceJSON, 0, len(list))
	for _, t := range list {
		out = append(out, deviceJSON{ID: t.ID, Name: t.Name, Scopes: t.Scopes, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"devices": out})
}

func (h deviceRoutes) handleRevoke(c *fiber.Ctx) error {
	if err := h.a.identity.RevokeDevice(c.UserContext(), actor(c), currentPrincipal(c).User, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
