package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/vouchhq/vouch/server/internal/httpapi"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/web"
)

// HTTP builds the HTTP edge on the opened backends.
func (a *App) HTTP() (*httpapi.Server, error) {
	passkeys, err := identity.NewPasskeys(identity.PasskeyDeps{Service: a.Identity, KV: a.KV, PublicURL: a.Config.PublicURL})
	if err != nil {
		return nil, fmt.Errorf("VOUCH_PUBLIC_URL: %w", err)
	}
	sessions := identity.NewSessions(a.KV, identity.SessionConfig{})
	a.EmailCodes = identity.NewEmailCodes(a.Identity, a.KV)
	a.Recoveries = identity.NewRecoveries(identity.RecoveryDeps{Service: a.Identity, KV: a.KV, Sessions: sessions, Wait: a.Config.RecoveryWait})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(a.Jobs.Collectors()...)
	return httpapi.New(httpapi.Deps{
		Config: a.Config,
		Log:    a.Log,
		Checks: []httpapi.Check{
			{Name: "database", Ping: a.DB.Ping},
			{Name: "kv", Ping: a.KV.Ping},
		},
		Web:      webDist(),
		Registry: reg,
		Identity: a.Identity,
		Sessions: sessions,
		Resets:   identity.NewResetLinks(a.Identity, a.KV),
		KV:       a.KV,
		Audit:    a.Audit,
		IPRules:  a.IPRules,
		Passkeys: passkeys,
		Abuse:    a.Abuse,
		Devices:  identity.NewDevices(a.Identity, a.KV),

		EmailCodes: a.EmailCodes,
		Recoveries: a.Recoveries,
		Screening:  a.Screening,
		Directory:  a.Directory,
		Onboarding: a.Onboarding,
		Accounts:   a.Accounts,
		Risk:       a.Risk,
	})
}

// webDist returns the embedded web UI, or nil before it has been built.
func webDist() fs.FS {
	if !web.Built() {
		return nil
	}
	return web.Dist()
}

// Serve listens on the configured address and answers until ctx ends (SIGINT/SIGTERM),
// then drains. It returns once the listener is closed and requests are done.
func (a *App) Serve(ctx context.Context, ready func(addr net.Addr)) error {
	srv, err := a.HTTP()
	if err != nil {
		return fmt.Errorf("build http: %w", err)
	}
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (VOUCH_ADDR): %w", a.Config.Addr, err)
	}
	if !web.Built() {
		a.Log.Warn("web UI not built; serving the API and a placeholder page", "hint", "go tool task build")
	}
	a.Log.Info("vouch listening", "addr", ln.Addr().String(), "public_url", a.Config.PublicURL.String(),
		"env", string(a.Config.Env), "database", string(a.DB.Dialect()), "kv", kvKind(a.Config.RedisURL))
	// Workers start with the server and stop after it has drained: a request's last job
	// is claimed, and a running job gets the drain time again to finish.
	if err := a.Jobs.Start(ctx); err != nil {
		_ = ln.Close()
		return fmt.Errorf("start job workers: %w", err)
	}
	// The sanctions list loads in the background and is polled for newer imports.
	go a.Screening.Watch(ctx, 0)
	// Pending invitations get a reminder a week on; each instance looks hourly.
	go a.Onboarding.RemindEvery(ctx, time.Hour)
	if ready != nil {
		ready(ln.Addr())
	}
	serveErr := srv.Serve(ctx, ln)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.Config.HTTP.ShutdownTimeout)
	defer cancel()
	return errors.Join(serveErr, a.Jobs.Stop(stopCtx))
}

func kvKind(url string) string {
	if url == "" {
		return "memory"
	}
	return "redis"
}
