package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run executes one vouch command line in-process with a clean VOUCH_* environment.
func run(t *testing.T, ctx context.Context, stdin string, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	for _, k := range []string{"VOUCH_ENV", "VOUCH_ADDR", "VOUCH_PUBLIC_URL", "VOUCH_DATA_DIR", "VOUCH_DATABASE_URL", "VOUCH_REDIS_URL", "VOUCH_TRUSTED_PROXIES", "VOUCH_SMTP_URL", "VOUCH_KEYS"} {
		t.Setenv(k, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errw syncBuffer
	cmd := newRootCmd(strings.NewReader(stdin), &out, &errw)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	return out.String(), errw.String(), err
}

func TestEveryCommandExplainsItself(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"migrate", "up", "--help"},
		{"migrate", "status", "--help"}, {"admin", "create-user", "--help"}, {"audit", "verify", "--help"}, {"seed", "demo", "--help"}, {"version", "--help"},
		{"keys", "generate", "--help"}, {"keys", "rotate", "--help"}, {"microdeposits", "export", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := run(t, t.Context(), "", nil, args...)
			require.NoError(t, err)
			assert.Contains(t, out, "Usage:")
		})
	}
}

func TestCreateUserAndSeedOnSQLite(t *testing.T) {
	env := map[string]string{"VOUCH_DATA_DIR": t.TempDir()}
	tests := []struct {
		name    string
		stdin   string
		args    []string
		wantErr string
		wantOut string
	}{
		{"platform admin", "correct horse battery staple\n", []string{"admin", "create-user", "--email", "Ops@Example.com", "--role", "platform_admin", "--password-stdin"}, "", "created ops@example.com"},
		{"customer admin creates org", "another long passphrase\n", []string{"admin", "create-user", "--email", "ap@acme.example", "--role", "customer_admin", "--org", "Acme", "--password-stdin"}, "", "created ap@acme.example"},
		{"duplicate email", "correct horse battery staple\n", []string{"admin", "create-user", "--email", "ops@example.com", "--role", "support", "--password-stdin"}, "already", ""},
		{"short password", "short\n", []string{"admin", "create-user", "--email", "x@example.com", "--role", "support", "--password-stdin"}, "12", ""},
		{"unknown role", "correct horse battery staple\n", []string{"admin", "create-user", "--email", "y@example.com", "--role", "owner", "--password-stdin"}, "role", ""},
		{"customer admin without org", "correct horse battery staple\n", []string{"admin", "create-user", "--email", "z@example.com", "--role", "customer_admin", "--password-stdin"}, "org", ""},
		{"password flag missing", "", []string{"admin", "create-user", "--email", "w@example.com", "--role", "support"}, "--password-stdin", ""},
		{"empty stdin", "", []string{"admin", "create-user", "--email", "w@example.com", "--role", "support", "--password-stdin"}, "no password", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := run(t, t.Context(), tt.stdin, env, tt.args...)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, strings.ToLower(err.Error()), strings.ToLower(tt.wantErr))
				return
			}
			require.NoError(t, err)
			assert.Contains(t, out, tt.wantOut)
		})
	}

	first, _, err := run(t, t.Context(), "", env, "seed", "demo")
	require.NoError(t, err)
	assert.Contains(t, first, "admin@acme.example")
	assert.Contains(t, first, "customer_admin")
	second, _, err := run(t, t.Context(), "", env, "seed", "demo")
	require.NoError(t, err)
	signIns := func(out string) string { return strings.SplitN(out, "Sanctions list:", 2)[0] }
	assert.Equal(t, signIns(first), signIns(second), "seeding twice changes no sign-in")
	assert.Contains(t, first, "Sanctions list: demo list loaded")
	assert.Contains(t, second, "Sanctions list: kept list version 1 (demo)", "seeding twice keeps the list")
	assert.Regexp(t, `supplier_user\s+sales@bolt.example\s+\S+\s+Bolt and Nut LLC`, first)
	assert.Contains(t, first, "Supplier: Bolt and Nut LLC enrolled from Acme Corp's invitation")
	assert.NotContains(t, second, "Supplier:", "seeding twice enrolls no second supplier")

	status, _, err := run(t, t.Context(), "", env, "migrate", "status")
	require.NoError(t, err)
	assert.Regexp(t, `1\s+\S*identity\S*\s+applied`, status)
}

func TestSeedRefusedInProd(t *testing.T) {
	_, _, err := run(t, t.Context(), "", map[string]string{
		"VOUCH_DATA_DIR": t.TempDir(), "VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://v.example",
		"VOUCH_TRUSTED_PROXIES": "10.0.0.1", "VOUCH_KEYS": "k1:abc", "VOUCH_SMTP_URL": "smtp://m:25",
	}, "seed", "demo")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "prod")
}

func TestServeFailsClearly(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad config names the variable", map[string]string{"VOUCH_ADDR": "nonsense"}, "VOUCH_ADDR"},
		{"database down names postgres", map[string]string{"VOUCH_DATABASE_URL": "postgres://postgres@127.0.0.1:1/vouch?sslmode=disable&connect_timeout=2"}, "postgres"},
		{"redis down names redis", map[string]string{"VOUCH_REDIS_URL": "redis://127.0.0.1:1/0"}, "redis"},
		{"prod over http", map[string]string{"VOUCH_ENV": "prod"}, "VOUCH_PUBLIC_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["VOUCH_DATA_DIR"] = t.TempDir()
			tt.env["VOUCH_ADDR"] = firstNonEmpty(tt.env["VOUCH_ADDR"], "127.0.0.1:0")
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			_, _, err := run(t, ctx, "", tt.env, "serve")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestServeAnswersAndStops starts the real server on SQLite and the in-process kv, asks it
// for readiness, and stops it as SIGTERM would.
func TestServeAnswersAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errw syncBuffer
	for _, k := range []string{"VOUCH_DATABASE_URL", "VOUCH_REDIS_URL", "VOUCH_ENV", "VOUCH_PUBLIC_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("VOUCH_DATA_DIR", t.TempDir())
	t.Setenv("VOUCH_ADDR", "127.0.0.1:0")
	cmd := newRootCmd(strings.NewReader(""), &bytes.Buffer{}, &errw)
	cmd.SetArgs([]string{"serve"})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	addrRe := regexp.MustCompile(`"vouch listening" addr=(\S+)`)
	var addr string
	require.Eventually(t, func() bool {
		m := addrRe.FindStringSubmatch(errw.String())
		if m != nil {
			addr = m[1]
		}
		return addr != ""
	}, 20*time.Second, 20*time.Millisecond, "server log: %s", errw.String())

	resp, err := http.Get("http://" + addr + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within the drain timeout")
	}
	assert.Contains(t, errw.String(), "shutting down")
}
