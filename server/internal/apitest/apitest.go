// Package apitest runs API tests through the whole wired server (every middleware, real
// services) on each pair of backends: SQLite with the in-process kv always, PostgreSQL
// with Redis when the test URLs are set (and required when CI=true).
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/httpapi"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/notify/mailpittest"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/platform/kv/kvtest"
)

// Env is one fully wired server.
type Env struct {
	Backend string
	App     *app.App
	Server  *httpapi.Server
	// Mail reads what the server sent, when the test asked for WithMail.
	Mail *mailpittest.Client
	// MailRelay sits between the server and Mailpit (WithMail); SetDown(true) plays a
	// relay outage.
	MailRelay *Relay
	clients   atomic.Uint32
}

// Option changes the environment a test runs in.
type Option func(*options)

type options struct {
	mail, postgresRedis bool
	log                 io.Writer
	config              []func(*config.Config)
}

// WithConfig changes the server's configuration before the services are built.
func WithConfig(f func(*config.Config)) Option {
	return func(o *options) { o.config = append(o.config, f) }
}

// WithLog writes the server's log, every level, to w (tests that look for leaks read it).
func WithLog(w io.Writer) Option { return func(o *options) { o.log = w } }

// WithMail sends the server's e-mail over SMTP to a real Mailpit the test can read.
func WithMail() Option { return func(o *options) { o.mail = true } }

// OnPostgresRedis makes NewEnv use PostgreSQL and Redis instead of the embedded
// defaults, for benchmarks whose targets are stated for production backends.
func OnPostgresRedis() Option { return func(o *options) { o.postgresRedis = true } }

// ForEachBackend runs fn as a subtest per backend pair.
func ForEachBackend(t *testing.T, fn func(t *testing.T, e *Env), opts ...Option) {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	t.Run("sqlite+memory", func(t *testing.T) {
		t.Parallel()
		fn(t, newEnv(t, "sqlite+memory", dbtest.Open(t, db.SQLite), kvtest.NewMemory(t), o))
	})
	t.Run("postgres+redis", func(t *testing.T) {
		t.Parallel()
		url := kvtest.RedisURL(t)
		fn(t, newEnv(t, "postgres+redis", dbtest.Open(t, db.Postgres), kvtest.NewRedis(t, url), o))
	})
}

// NewEnv returns one environment on SQLite and the in-process kv (or PostgreSQL and
// Redis with OnPostgresRedis), for benchmarks and tests that need no second backend.
func NewEnv(tb testing.TB, opts ...Option) *Env {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.postgresRedis {
		url := kvtest.RedisURL(tb)
		return newEnv(tb, "postgres+redis", dbtest.Open(tb, db.Postgres), kvtest.NewRedis(tb, url), o)
	}
	return newEnv(tb, "sqlite+memory", dbtest.Open(tb, db.SQLite), kvtest.NewMemory(tb), o)
}

func newEnv(t testing.TB, backend string, d *db.DB, store kv.Store, o options) *Env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir() // uploaded documents land here
	// app.Test's in-memory connection comes from 0.0.0.0; trusting it as a proxy lets each
	// Client speak from its own address through X-Forwarded-For, as real browsers do.
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
	// Job workers run as under `vouch serve`; enqueues wake them at once, and retries of
	// a failed job (a relay that was down) come quickly.
	cfg.Jobs.PollInterval, cfg.Jobs.RetryBase = 50*time.Millisecond, 100*time.Millisecond
	for _, f := range o.config {
		f(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.log != nil {
		log = slog.New(slog.NewTextHandler(o.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	var mailer notify.Mailer
	var mail *mailpittest.Client
	var relay *Relay
	if o.mail {
		smtpURL, api := mailpittest.Start(t)
		relay = StartRelay(t, strings.TrimPrefix(smtpURL, "smtp://"))
		m, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://" + relay.Addr(), From: cfg.MailFrom})
		require.NoError(t, err)
		mailer, mail = m, api
	}
	a, err := app.New(cfg, log, d, store, mailer)
	require.NoError(t, err)
	srv, err := a.HTTP()
	require.NoError(t, err)
	require.NoError(t, a.Jobs.Start(context.Background()))
	t.Cleanup(func() { // runs before the database closes (cleanups run last first)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.Jobs.Stop(ctx)
	})
	return &Env{Backend: backend, App: a, Server: srv, Mail: mail, MailRelay: relay}
}

// CreateUser adds a user with a role (and org, for org-bound roles) straight through the
// service, and returns it.
func (e *Env) CreateUser(t testing.TB, email, password string, role identity.Role, org string) identity.User {
	t.Helper()
	u, err := e.App.Identity.CreateUser(t.Context(), identity.CreateUserInput{Email: email, Password: password, Role: role, OrgName: org})
	require.NoError(t, err)
	return u
}

// Client is a browser-like client: it keeps cookies and echoes the CSRF token.
type Client struct {
	e       *Env
	ip      string
	cookies map[string]string
	// NoCSRF leaves out the X-CSRF-Token header, as a cross-site form would.
	NoCSRF bool
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client() *Client {
	n := e.clients.Add(1)
	ip := netip.AddrFrom4([4]byte{198, 18, byte(n >> 8), byte(n)}) // RFC 2544 benchmarking range
	return &Client{e: e, ip: ip.String(), cookies: map[string]string{}}
}

// ClientFrom returns a client that speaks from the given address.
func (e *Env) ClientFrom(ip string) *Client {
	return &Client{e: e, ip: ip, cookies: map[string]string{}}
}

// IP is the client's address as the server sees it.
func (c *Client) IP() string { return c.ip }

// Response is what came back, read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

// Problem decodes a problem+json body and returns its code.
func (r *Response) Problem(t testing.TB) string {
	t.Helper()
	require.Equal(t, "application/problem+json", r.Header.Get("Content-Type"), "body: %s", r.Body)
	var p struct {
		Code string `json:"code"`
	}
	r.JSON(t, &p)
	return p.Code
}

// Do sends a request; body is JSON-encoded unless it is a string (sent as is) or nil.
func (c *Client) Do(t testing.TB, method, path string, body any, headers ...string) *Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(buf)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		if _, ok := c.cookies["vouch_csrf"]; !ok {
			c.Do(t, http.MethodGet, "/api/v1/auth/csrf", nil)
		}
		if !c.NoCSRF {
			req.Header.Set("X-CSRF-Token", c.cookies["vouch_csrf"])
		}
	}
	for name, value := range c.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	req.Header.Set("X-Forwarded-For", c.ip)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.e.Server.Test(req, 10_000)
	require.NoError(t, err)
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Cookie returns a cookie the client holds.
func (c *Client) Cookie(name string) string { return c.cookies[name] }

// SetCookie plants a cookie, as an attacker or an old browser tab might.
func (c *Client) SetCookie(name, value string) { c.cookies[name] = value }

// SignIn signs in with a password and returns the login response's next step.
func (c *Client) SignIn(t testing.TB, email, password string) string {
	t.Helper()
	r := c.Do(t, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	require.Equal(t, http.StatusOK, r.Status, "sign in %s: %s", email, r.Body)
	var out struct {
		Next string `json:"next"`
	}
	r.JSON(t, &out)
	return out.Next
}
