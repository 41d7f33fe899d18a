package httpapi

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// testWeb is a small built UI: an index, a hashed asset and a manifest.
var testWeb = fstest.MapFS{
	"index.html":             {Data: []byte(`<!doctype html><title>Vouch</title><div id="root"></div>`)},
	"assets/index-abc123.js": {Data: []byte(strings.Repeat("console.log('vouch');", 200))},
	"manifest.webmanifest":   {Data: []byte(`{"name":"Vouch"}`)},
	"sw.js":                  {Data: []byte(`self.addEventListener('fetch',()=>{})`)},
	".keep":                  {Data: nil},
}

type testServer struct {
	*Server
	dbUp, kvUp bool
}

func newTestServer(t *testing.T, mutate ...func(*Deps)) *testServer {
	t.Helper()
	cfg := config.Defaults()
	cfg.HTTP.BodyLimit = 64 << 10
	ts := &testServer{dbUp: true, kvUp: true}
	down := errors.New("connection refused")
	d := Deps{
		Config: cfg,
		Log:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Checks: []Check{
			{Name: "database", Ping: func(context.Context) error {
				if ts.dbUp {
					return nil
				}
				return down
			}},
			{Name: "kv", Ping: func(context.Context) error {
				if ts.kvUp {
					return nil
				}
				return down
			}},
		},
		Web:      testWeb,
		Registry: prometheus.NewRegistry(),
	}
	for _, m := range mutate {
		m(&d)
	}
	srv, err := New(d)
	require.NoError(t, err)
	ts.Server = srv
	return ts
}

// withRoute adds a public GET route for one test.
func withRoute(path string, h fiber.Handler) func(*Deps) {
	return func(d *Deps) { d.testRoutes = func(r *router) { r.get(path, Public, h) } }
}

func (ts *testServer) do(t *testing.T, method, target string, body io.Reader, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := ts.Test(req, 5000)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func readProblem(t *testing.T, resp *http.Response) Problem {
	t.Helper()
	assert.Equal(t, problemContentType, resp.Header.Get("Content-Type"))
	var p Problem
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
	assert.Equal(t, resp.StatusCode, p.Status)
	assert.NotEmpty(t, p.Title)
	assert.NotEmpty(t, p.RequestID, "every problem carries the request id for support")
	return p
}

func TestProblemsForEveryError(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name   string
		method string
		target string
		body   string
		status int
		code   string
	}{
		{"unknown api path", "GET", "/api/v1/nope", "", 404, "not_found"},
		{"unknown api path with post", "POST", "/api/v1/nope", "{}", 404, "not_found"},
		{"wrong method on a route", "DELETE", "/healthz", "", 405, "method_not_allowed"},
		{"post to the web UI", "POST", "/some/page", "x", 405, "method_not_allowed"},
		{"missing hashed asset", "GET", "/assets/gone-123.js", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := ts.do(t, tt.method, tt.target, strings.NewReader(tt.body))
			require.Equal(t, tt.status, resp.StatusCode)
			p := readProblem(t, resp)
			assert.Equal(t, tt.code, p.Code)
			assert.Equal(t, problemTypeBase+tt.code, p.Type)
		})
	}
}

func TestUnknownMethodIsProblem(t *testing.T) {
	ts := newTestServer(t)
	resp := ts.do(t, "BREW", "/healthz", nil)
	require.Equal(t, 501, resp.StatusCode)
	assert.Equal(t, problemContentType, resp.Header.Get("Content-Type"))
	var p Problem
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
	assert.Equal(t, "not_implemented", p.Code)
}

func TestPanicIsLogged500AndServerLives(t *testing.T) {
	ts := newTestServer(t, withRoute("/api/v1/test-panic", func(*fiber.Ctx) error { panic("boom: secret internals") }))
	resp := ts.do(t, "GET", "/api/v1/test-panic", nil)
	require.Equal(t, 500, resp.StatusCode)
	p := readProblem(t, resp)
	assert.Equal(t, "internal", p.Code)
	assert.NotContains(t, p.Detail, "secret", "internal text never reaches the client")
	assert.Equal(t, 200, ts.do(t, "GET", "/healthz", nil).StatusCode)
}

func TestDomainErrorKindsMapToProblems(t *testing.T) {
	tests := []struct {
		err    error
		status int
		code   string
	}{
		{errs.FieldErrors{}.Add("email", "is required"), 422, "invalid_input"},
		{errs.New(errs.ErrConflict, "would_lock_out_self", "This rule would lock you out."), 409, "would_lock_out_self"},
		{errs.ErrNotFound, 404, "not_found"},
		{errs.ErrForbidden, 403, "forbidden"},
		{errs.ErrUnavailable, 503, "unavailable"},
		{errors.New("pq: password authentication failed for user"), 500, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ts := newTestServer(t, withRoute("/api/v1/test-error", func(*fiber.Ctx) error { return tt.err }))
			resp := ts.do(t, "GET", "/api/v1/test-error", nil)
			require.Equal(t, tt.status, resp.StatusCode)
			p := readProblem(t, resp)
			assert.Equal(t, tt.code, p.Code)
			assert.NotContains(t, p.Detail, "password authentication")
			if tt.status == 503 {
				assert.NotEmpty(t, resp.Header.Get("Retry-After"))
			}
			if tt.status == 422 {
				require.Len(t, p.Errors, 1)
				assert.Equal(t, "email", p.Errors[0].Field)
			}
		})
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newTestServer(t)
	resp := ts.do(t, "GET", "/healthz", nil)
	require.Equal(t, 200, resp.StatusCode)

	resp = ts.do(t, "GET", "/readyz", nil)
	require.Equal(t, 200, resp.StatusCode)
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ready))
	assert.Equal(t, map[string]string{"database": "ok", "kv": "ok"}, ready.Checks)

	ts.kvUp = false
	resp = ts.do(t, "GET", "/readyz", nil)
	require.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "5", resp.Header.Get("Retry-After"))
	p := readProblem(t, resp)
	assert.Equal(t, "not_ready", p.Code)
	assert.Contains(t, p.Detail, "kv")
	assert.NotContains(t, p.Detail, "database")
	assert.Equal(t, "unavailable", p.Checks["kv"])
	assert.NotContains(t, p.Detail, "refused", "backend error text stays in the logs")

	ts.kvUp = true
	assert.Equal(t, 200, ts.do(t, "GET", "/readyz", nil).StatusCode, "recovers without a restart")
	assert.Equal(t, 200, ts.do(t, "GET", "/healthz", nil).StatusCode)
}

func TestSecurityHeaders(t *testing.T) {
	for _, env := range []config.Env{config.EnvDev, config.EnvProd} {
		t.Run(string(env), func(t *testing.T) {
			ts := newTestServer(t, func(d *Deps) { d.Config.Env = env })
			for _, target := range []string{"/", "/api/v1/nope", "/healthz"} {
				resp := ts.do(t, "GET", target, nil)
				h := resp.Header
				assert.Contains(t, h.Get("Content-Security-Policy"), "script-src 'self';", target)
				assert.NotContains(t, h.Get("Content-Security-Policy"), "unsafe-inline", target)
				assert.Contains(t, h.Get("Content-Security-Policy"), "frame-ancestors 'none'", target)
				assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), target)
				assert.Equal(t, "strict-origin-when-cross-origin", h.Get("Referrer-Policy"), target)
				assert.NotEmpty(t, h.Get("X-Request-ID"), target)
				if env == config.EnvProd {
					assert.Contains(t, h.Get("Strict-Transport-Security"), "max-age=", target)
				} else {
					assert.Empty(t, h.Get("Strict-Transport-Security"), target)
				}
			}
		})
	}
}

func TestRequestIDIsKeptOnlyWhenPlain(t *testing.T) {
	ts := newTestServer(t)
	resp := ts.do(t, "GET", "/healthz", nil, "X-Request-ID", "lb-1234.abc")
	assert.Equal(t, "lb-1234.abc", resp.Header.Get("X-Request-ID"))
	resp = ts.do(t, "GET", "/healthz", nil, "X-Request-ID", "evil\"id with spaces")
	assert.NotContains(t, resp.Header.Get("X-Request-ID"), "evil")
	assert.Len(t, resp.Header.Get("X-Request-ID"), 24)
}

func TestCSRFCookie(t *testing.T) {
	ts := newTestServer(t)
	resp := ts.do(t, "GET", "/api/v1/auth/csrf", nil)
	require.Equal(t, 204, resp.StatusCode)
	var found *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == csrfCookie {
			found = c
		}
	}
	require.NotNil(t, found, "vouch_csrf is set when missing")
	assert.Len(t, found.Value, 43)
	assert.False(t, found.HttpOnly, "the page must read it to echo it")
	assert.Equal(t, http.SameSiteStrictMode, found.SameSite)

	resp = ts.do(t, "GET", "/healthz", nil, "Cookie", csrfCookie+"=already")
	for _, c := range resp.Cookies() {
		assert.NotEqual(t, csrfCookie, c.Name, "an existing token is not replaced")
	}
}

func TestMetricsCountByDeclaredRoute(t *testing.T) {
	ts := newTestServer(t)
	ts.do(t, "GET", "/healthz", nil)
	ts.do(t, "GET", "/api/v1/random-"+strings.Repeat("x", 10), nil)
	resp := ts.do(t, "GET", "/metrics", nil)
	require.Equal(t, 200, resp.StatusCode)
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	assert.Contains(t, text, `vouch_http_requests_total{method="GET",route="/healthz",status="200"} 1`)
	assert.Contains(t, text, `vouch_http_requests_total{method="GET",route="unmatched",status="404"} 1`)
	assert.Contains(t, text, `vouch_http_request_duration_seconds_bucket{method="GET",route="/healthz"`)
	assert.NotContains(t, text, "random-x", "raw paths never become labels")
}

func TestSPA(t *testing.T) {
	ts := newTestServer(t)
	for _, target := range []string{"/", "/suppliers/42/bank", "/sign-in?next=/x"} {
		resp := ts.do(t, "GET", target, nil)
		require.Equal(t, 200, resp.StatusCode, target)
		assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"), target)
		assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), target)
		body, _ := io.ReadAll(resp.Body)
		assert.Contains(t, string(body), `<div id="root">`, target)
	}
	resp := ts.do(t, "GET", "/assets/index-abc123.js", nil)
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "public, max-age=31536000, immutable", resp.Header.Get("Cache-Control"))
	assert.Contains(t, resp.Header.Get("Content-Type"), "javascript")

	resp = ts.do(t, "GET", "/sw.js", nil)
	assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), "a service worker must update on deploy")
	resp = ts.do(t, "GET", "/manifest.webmanifest", nil)
	assert.Equal(t, "application/manifest+json", resp.Header.Get("Content-Type"))
	assert.Equal(t, 404, ts.do(t, "GET", "/.keep", nil).StatusCode, "hidden files are not served")
	assert.Equal(t, 404, ts.do(t, "GET", "/../../etc/passwd.txt", nil).StatusCode)
}

func TestCompression(t *testing.T) {
	ts := newTestServer(t)
	small := ts.do(t, "GET", "/api/v1/auth/csrf", nil, "Accept-Encoding", "gzip")
	assert.Empty(t, small.Header.Get("Content-Encoding"), "a tiny answer goes out as it is")
	for _, enc := range []string{"gzip", "br"} {
		resp := ts.do(t, "GET", "/assets/index-abc123.js", nil, "Accept-Encoding", enc)
		require.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, enc, resp.Header.Get("Content-Encoding"))
		if enc == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			require.NoError(t, err)
			body, _ := io.ReadAll(zr)
			assert.Contains(t, string(body), "console.log('vouch')")
		}
	}
}

func TestNotBuiltWebShowsHelp(t *testing.T) {
	cfg := config.Defaults()
	srv, err := New(Deps{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	resp, err := srv.Test(httptest.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(body), "go tool task run")
}

func TestRouteWithoutAccessRefusesToRegister(t *testing.T) {
	r := &router{app: fiber.New()}
	r.handle("GET", "/api/v1/secret", Access{}, func(*fiber.Ctx) error { return nil })
	require.Error(t, r.err)
	assert.Contains(t, r.err.Error(), "/api/v1/secret")
}
