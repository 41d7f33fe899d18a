package httpapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
)

// Access says who may call a route. Deny by default: the zero Access is refused at
// registration, so a route nobody thought about cannot go live by accident.
type Access struct {
	public   bool
	signedIn bool
	roles    []identity.Role
	// duringPasswordChange admits a session whose forced password change is pending;
	// every other signed-in route answers 403 password_change_required to it.
	duringPasswordChange bool
	// stages are further unfinished sign-in stages admitted (second factor, passkey
	// setup); every other route answers them 403 with the stage's code.
	stages []identity.Stage
	// scope admits bearer tokens that carry it; a route without one is for people in a
	// browser only (deny by default for API keys and devices).
	scope string
	// noCSRF marks a public route that reads no cookie and sets none (the desktop's
	// device flow), so a cross-site request gains nothing and no CSRF token is asked.
	noCSRF bool
	// stepUp asks for a recent step-up of the session (see stepup.go).
	stepUp stepUpRule
	// creates marks a create-type POST: it honours Idempotency-Key (idempotency.go).
	creates bool
}

// Public admits everyone, signed in or not.
var Public = Access{public: true}

// SignedIn admits any person with a completed sign-in, whatever their role.
var SignedIn = Access{signedIn: true}

// Roles admits signed-in people holding any of the roles.
func Roles(roles ...identity.Role) Access { return Access{signedIn: true, roles: roles} }

// DuringPasswordChange also admits sessions that must change their password first.
func (a Access) DuringPasswordChange() Access {
	a.duringPasswordChange = true
	return a
}

// During also admits sessions at the given unfinished sign-in stages.
func (a Access) During(stages ...identity.Stage) Access {
	a.stages = append(slices.Clone(a.stages), stages...)
	return a
}

// Creates marks a route that creates something, so that a retry with the same
// Idempotency-Key gets the first answer instead of creating it twice.
func (a Access) Creates() Access {
	a.creates = true
	return a
}

// Scope also admits bearer tokens carrying the scope.
func (a Access) Scope(scope string) Access {
	a.scope = scope
	return a
}

// declared reports whether the access was stated.
func (a Access) declared() bool { return a.public || a.signedIn }

// String describes the access, for route listings.
func (a Access) String() string {
	switch {
	case a.public:
		return "public"
	case len(a.roles) == 0:
		return "signed-in"
	}
	names := make([]string, len(a.roles))
	for i, r := range a.roles {
		names[i] = string(r)
	}
	return "roles:" + strings.Join(names, ",")
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
	auth   *authenticator
	idem   *idempotency // nil: Idempotency-Key is ignored (no kv)
	routes []RouteInfo
	err    error
}

// handle registers one route; an undeclared access stops the server from starting. The
// guards run in DESIGN.md's order: CSRF (cookie requests that change state), session,
// forced-reset gate, role check, then the handler.
func (r *router) handle(method, path string, access Access, h fiber.Handler) {
	if !access.declared() {
		r.err = fmt.Errorf("route %s %s declares no access: every route must say who may call it", method, path)
		return
	}
	if access.signedIn && r.auth == nil {
		r.err = fmt.Errorf("route %s %s needs sign-in but the server has no session manager", method, path)
		return
	}
	guarded := func(c *fiber.Ctx) error {
		c.Locals(localRoute, path)
		if isUnsafe(c.Method()) && !hasBearer(c) && !access.noCSRF {
			if err := checkCSRF(c); err != nil {
				return err
			}
		}
		if access.signedIn {
			if err := r.auth.admit(c, access); err != nil {
				return err
			}
		}
		if access.creates {
			return r.idem.run(c, h)
		}
		return h(c)
	}
	r.app.Add(method, path, guarded)
	if method == fiber.MethodGet {
		r.app.Add(fiber.MethodHead, path, guarded)
	}
	r.routes = append(r.routes, RouteInfo{Method: method, Path: path, Access: access})
}

// get registers a GET route (HEAD answers too).
func (r *router) get(path string, access Access, h fiber.Handler) {
	r.handle(fiber.MethodGet, path, access, h)
}

// post registers a POST route.
func (r *router) post(path string, access Access, h fiber.Handler) {
	r.handle(fiber.MethodPost, path, access, h)
}

func isUnsafe(method string) bool {
	switch method {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return false
	}
	return true
}
