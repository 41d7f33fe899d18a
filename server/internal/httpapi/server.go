// Package httpapi is the HTTP edge: the only package that knows Fiber. It fixes the order
// of the security middleware in one place, declares every route with who may call it,
// turns every error into RFC 9457 problem+json, and serves the embedded web UI.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"

	"github.com/vouchhq/vouch/server/internal/abuse"
	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/iprules"
	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/risk"
	"github.com/vouchhq/vouch/server/internal/screening"
	"github.com/vouchhq/vouch/shared/openapi"
)

// Deps is everything the HTTP edge needs from the composition root.
type Deps struct {
	Config   config.Config
	Log      *slog.Logger
	Checks   []Check              // readiness probes: database, kv
	Web      fs.FS                // the built web UI (web.Dist()); nil serves a not-built page
	Registry *prometheus.Registry // where HTTP metrics go and what /metrics serves
	Identity *identity.Service    // users, passwords
	Sessions *identity.Sessions   // signed-in browsers
	Resets   *identity.ResetLinks // e-mailed password-reset links
	KV       kv.Store             // rate limits
	Audit    *audit.Log           // the audit trail staff may read
	IPRules  *iprules.Service     // site-wide and per-user allowlists
	Passkeys *identity.Passkeys   // WebAuthn ceremonies; nil: no passkey routes
	// Abuse blocks addresses that trip the rate limits repeatedly; nil: no blocking.
	Abuse *abuse.Guard
	// Devices is the desktop's device authorization grant; nil: no device routes.
	Devices *identity.Devices
	// EmailCodes are e-mailed step-up codes; nil: no e-mailed step-up.
	EmailCodes *identity.EmailCodes
	// Recoveries recover accounts whose every passkey is lost; nil: no recovery routes.
	Recoveries *identity.Recoveries
	// Directory answers routing-number lookups; nil: no lookup route.
	Directory *directory.Service
	// Screening answers sanctions searches; nil: no screening routes.
	Screening *screening.Screener
	// Onboarding serves invitations, enrollment, supplier profiles and reviews; nil: none.
	Onboarding *onboarding.Service
	// Accounts keeps and verifies suppliers' bank accounts; nil: no bank account routes.
	Accounts *accounts.Service
	// Risk serves customers' alerts and their live stream; nil: no alert routes.
	Risk *risk.Service

	testRoutes func(r *router) // extra routes for this package's tests, bound before the catch-alls
}

// Server is the configured Fiber app and the routes it declares.
type Server struct {
	closing chan struct{} // closed when Serve starts draining: live streams end
	app     *fiber.App
	routes  []RouteInfo
	log     *slog.Logger
	cfg     config.Config
}

// New builds the app: middleware in its fixed order, then the routes.
func New(d Deps) (*Server, error) {
	closing := make(chan struct{})
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	app := fiber.New(fiber.Config{
		AppName:               "vouch",
		ServerHeader:          "",
		DisableStartupMessage: true,
		BodyLimit:             d.Config.HTTP.BodyLimit,
		ReadTimeout:           d.Config.HTTP.ReadTimeout,
		WriteTimeout:          d.Config.HTTP.WriteTimeout,
		IdleTimeout:           d.Config.HTTP.IdleTimeout,
		ErrorHandler:          errorHandler(d.Log),
		// Fiber's own proxy handling trusts the leftmost X-Forwarded-For entry; we never
		// let it decide the client address (see clientip.go).
		EnableTrustedProxyCheck: false,
		ProxyHeader:             "",
	})
	rejectUnknownMethods(app, d.Log)

	m := newMetrics(d.Registry)
	var guard *ipGuard
	if d.IPRules != nil {
		guard = newIPGuard(d.IPRules, d.Registry)
	}
	// The order is the security design (DESIGN.md, "How data walks through"); change it
	// only with that page.
	app.Use(
		withRequestContext(d.Log),
		securityHeaders(d.Config.Env),
		resolveClientIP(d.Config.TrustedProxies),
		accessLog(d.Log),
		m.observe(),
		handleErrors(d.Log),
		recoverPanics(d.Log),
		compressLarge(),
		issueCSRFCookie(d.Config.Env),
	)
	if d.Abuse != nil {
		app.Use(refuseBlocked(d.Abuse))
	}
	if guard != nil {
		app.Use(guard.site())
	}

	r := &router{app: app}
	if d.KV != nil {
		r.idem = &idempotency{kv: d.KV, log: d.Log}
	}
	bindOperationsRoutes(r, d)
	r.get(pathCSRF, Public, handleCSRF)
	if d.Identity != nil && d.Sessions != nil {
		r.auth = &authenticator{identity: d.Identity, sessions: d.Sessions, resets: d.Resets, ip: guard, env: d.Config.Env, log: d.Log}
		r.auth.stepUp = &stepUpGuard{store: d.Identity.Store(), now: time.Now}
		lim := &limiter{kv: d.KV, abuse: d.Abuse}
		if d.Abuse != nil {
			bindIPBlockRoutes(r, d.Abuse)
		}
		if d.Devices != nil {
			bindDeviceRoutes(r, r.auth, d.Devices, lim, d.Config.PublicURL.String())
		}
		bindAuthRoutes(r, r.auth, lim)
		bindSessionRoutes(r, r.auth)
		bindAPIKeyRoutes(r, r.auth)
		bindResetRoutes(r, r.auth, lim)
		bindAdminUserRoutes(r, r.auth)
		if d.EmailCodes != nil {
			bindStepUpEmailRoutes(r, r.auth, d.EmailCodes, lim)
		}
		if d.Recoveries != nil {
			bindRecoveryRoutes(r, r.auth, d.Recoveries, lim)
		}
		bindPasskeyPolicyRoutes(r, r.auth)
		if d.Directory != nil {
			bindRoutingRoutes(r, d.Directory, lim)
		}
		if d.Screening != nil {
			bindScreeningRoutes(r, d.Screening)
		}
		if d.Onboarding != nil {
			h := &onboardingHandlers{auth: r.auth, svc: d.Onboarding}
			bindInvitationRoutes(r, h, lim)
			bindSupplierRoutes(r, h)
			bindReviewRoutes(r, h)
		}
		if d.Accounts != nil {
			bindBankAccountRoutes(r, &bankHandlers{auth: r.auth, svc: d.Accounts}, lim)
		}
		if d.Risk != nil {
			bindAlertRoutes(r, &alertHandlers{svc: d.Risk, closing: closing})
		}
		if d.Audit != nil {
			bindAdminAuditRoutes(r, d.Audit)
		}
		if d.IPRules != nil {
			bindIPRuleRoutes(r, r.auth, d.IPRules)
		}
		if d.Passkeys != nil {
			bindPasskeyRoutes(r, r.auth, d.Passkeys, lim)
			bindFourEyesRoutes(r, r.auth, d.Passkeys)
		}
	}
	if d.testRoutes != nil {
		d.testRoutes(r)
	}

	// Unknown API paths are problems, never the web UI's HTML.
	app.All("/api/*", func(*fiber.Ctx) error { return fiber.ErrNotFound })
	web, err := newSPA(d.Web)
	if err != nil {
		return nil, err
	}
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Locals(localRoute, "spa")
		return web.handle(c)
	})
	if r.err != nil {
		return nil, r.err
	}
	return &Server{closing: closing, app: app, routes: r.routes, log: d.Log, cfg: d.Config}, nil
}

// Route paths, as constants so tests and docs name the same thing.
const (
	pathHealthz = "/healthz"
	pathReadyz  = "/readyz"
	pathMetrics = "/metrics"
	pathOpenAPI = "/api/v1/openapi.json"
	pathCSRF    = "/api/v1/auth/csrf"
)

// bindOperationsRoutes registers what operators and orchestrators call.
func bindOperationsRoutes(r *router, d Deps) {
	r.get(pathHealthz, Public, handleHealthz)
	r.get(pathReadyz, Public, handleReadyz(d.Checks, d.Log))
	r.get(pathMetrics, Public, metricsHandler(d.Registry))
	r.get(pathOpenAPI, Public, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, cacheRevalid)
		return c.Send(openapi.Document)
	})
}

// Routes lists the declared routes.
func (s *Server) Routes() []RouteInfo { return s.routes }

// Test runs one request through the whole stack, for API tests.
func (s *Server) Test(req *http.Request, timeout ...int) (*http.Response, error) {
	return s.app.Test(req, timeout...)
}

// Serve answers on ln until ctx ends, then stops accepting and drains open requests for
// up to the configured shutdown timeout.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	close(s.closing)
	s.log.Info("shutting down", "drain_timeout", s.cfg.HTTP.ShutdownTimeout.String())
	if err := s.app.ShutdownWithTimeout(s.cfg.HTTP.ShutdownTimeout); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// knownMethods are the methods the router understands; fasthttp answers anything else with
// a bare text 400 before any middleware runs, so we answer it ourselves.
var knownMethods = map[string]bool{
	fiber.MethodGet: true, fiber.MethodHead: true, fiber.MethodPost: true, fiber.MethodPut: true,
	fiber.MethodPatch: true, fiber.MethodDelete: true, fiber.MethodOptions: true,
	fiber.MethodConnect: true, fiber.MethodTrace: true,
}

// rejectUnknownMethods wraps the fasthttp handler so an unknown method gets a problem.
func rejectUnknownMethods(app *fiber.App, log *slog.Logger) {
	next := app.Server().Handler
	app.Server().Handler = func(ctx *fasthttp.RequestCtx) {
		if knownMethods[string(ctx.Method())] {
			next(ctx)
			return
		}
		ctx.SetStatusCode(fiber.StatusNotImplemented)
		ctx.SetContentType(problemContentType)
		ctx.Response.Header.Set("Content-Security-Policy", contentSecurityPolicy)
		ctx.Response.Header.Set("X-Content-Type-Options", "nosniff")
		ctx.SetBodyString(`{"type":"` + problemTypeBase + `not_implemented","title":"Not Implemented","status":501,"code":"not_implemented","detail":"This server does not support that HTTP method."}`)
		log.Debug("unknown http method rejected")
	}
}
