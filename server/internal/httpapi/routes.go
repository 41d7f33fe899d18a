package httpapi

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Access says who may call a route. Deny by default: the zero Access is refused at
// registration, so a route nobody thought about cannot go live by accident.
type Access struct {
	public bool
	roles  []string
}

// Public admits everyone, signed in or not.
var Public = Access{public: true}

// declared reports whether the access was stated.
func (a Access) declared() bool { return a.public || len(a.roles) > 0 }

// String describes the access, for route listings.
func (a Access) String() string {
	if a.public {
		return "public"
	}
	return "roles:" + strings.Join(a.roles, ",")
}

// RouteInfo describes one registered route.
type RouteInfo struct {
	Method string
	Path   string // Fiber pattern, such as /api/v1/users/:id
	Access Access
}

// router registers routes with their declared access and remembers them, so tests can
// hold the OpenAPI document and the authorization matrix against what really exists.
type router struct {
	app    *fiber.App
	routes []RouteInfo
	err    error
}

// handle registers one route; an undeclared access stops the server from starting.
func (r *router) handle(method, path string, access Access, h fiber.Handler) {
	if !access.declared() {
		r.err = fmt.Errorf("route %s %s declares no access: every route must say who may call it", method, path)
		return
	}
	pattern := path
	r.app.Add(method, path, func(c *fiber.Ctx) error {
		c.Locals(localRoute, pattern)
		return h(c)
	})
	r.routes = append(r.routes, RouteInfo{Method: method, Path: path, Access: access})
}

// get registers a GET route (Fiber answers HEAD for it too).
func (r *router) get(path string, access Access, h fiber.Handler) {
	r.handle(fiber.MethodGet, path, access, h)
	r.app.Add(fiber.MethodHead, path, func(c *fiber.Ctx) error {
		c.Locals(localRoute, path)
		return h(c)
	})
}
