package verify_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

func secret(s string) vault.Secret { return vault.NewSecret(s) }

func TestNewChoosesTheProvider(t *testing.T) {
	t.Parallel()
	p, err := verify.New(verify.Config{})
	require.NoError(t, err)
	assert.IsType(t, &verify.Sandbox{}, p, "the sandbox is the default")

	p, err = verify.New(verify.DefaultConfig())
	require.NoError(t, err)
	require.IsType(t, &verify.Sandbox{}, p)
	assert.Equal(t, verify.DefaultSandboxMinLatency, p.(*verify.Sandbox).MinLatency)
	assert.Equal(t, verify.DefaultSandboxMaxLatency, p.(*verify.Sandbox).MaxLatency)

	p, err = verify.New(verify.Config{Provider: " HTTP ", URL: "https://verify.example.com/api", APIKey: secret("sk")})
	require.NoError(t, err)
	assert.IsType(t, &verify.HTTP{}, p)
	assert.Equal(t, "http", p.Name())
}

func TestNewRefusesBadSettings(t *testing.T) {
	t.Parallel()
	good := func() verify.Config {
		return verify.Config{Provider: "http", URL: "https://verify.example.com", APIKey: secret("sk_live_topsecret")}
	}
	tests := []struct {
		name    string
		edit    func(*verify.Config)
		setting string
	}{
		{"unknown provider", func(c *verify.Config) { c.Provider = "plaid" }, "VOUCH_BANK_PROVIDER"},
		{"no URL", func(c *verify.Config) { c.URL = "" }, "VOUCH_VERIFY_URL"},
		{"relative URL", func(c *verify.Config) { c.URL = "verify.example.com" }, "VOUCH_VERIFY_URL"},
		{"ftp", func(c *verify.Config) { c.URL = "ftp://verify.example.com" }, "VOUCH_VERIFY_URL"},
		{"plain http off the machine", func(c *verify.Config) { c.URL = "http://verify.example.com" }, "VOUCH_VERIFY_URL"},
		{"credentials in URL", func(c *verify.Config) { c.URL = "https://u:p@verify.example.com" }, "VOUCH_VERIFY_URL"},
		{"query in URL", func(c *verify.Config) { c.URL = "https://verify.example.com/?key=1" }, "VOUCH_VERIFY_URL"},
		{"mTLS over http", func(c *verify.Config) { c.URL, c.CertFile, c.KeyFile = "http://127.0.0.1:1", "c.pem", "k.pem" }, "VOUCH_VERIFY_URL"},
		{"no credentials", func(c *verify.Config) { c.APIKey = vault.Secret{} }, "VOUCH_VERIFY_API_KEY"},
		{"key with a newline", func(c *verify.Config) { c.APIKey = secret("sk_live_topsecret\r\nX-Evil: 1") }, "VOUCH_VERIFY_API_KEY"},
		{"cert without key", func(c *verify.Config) { c.CertFile = "c.pem" }, "VOUCH_VERIFY_KEY"},
		{"key without cert", func(c *verify.Config) { c.KeyFile = "k.pem" }, "VOUCH_VERIFY_CERT"},
		{"bad header name", func(c *verify.Config) { c.APIKeyHeader = "X Api Key" }, "VOUCH_VERIFY_API_KEY_HEADER"},
		{"negative timeout", func(c *verify.Config) { c.Timeout = -time.Second }, "VOUCH_VERIFY_TIMEOUT"},
		{"timeout over deadline", func(c *verify.Config) { c.Timeout, c.Deadline = 5*time.Second, time.Second }, "VOUCH_VERIFY_TIMEOUT"},
		{"negative deadline", func(c *verify.Config) { c.Deadline = -1 }, "VOUCH_VERIFY_DEADLINE"},
		{"too many attempts", func(c *verify.Config) { c.MaxAttempts = 50 }, "VOUCH_VERIFY_ATTEMPTS"},
		{"negative attempts", func(c *verify.Config) { c.MaxAttempts = -1 }, "VOUCH_VERIFY_ATTEMPTS"},
		{"backoff max under base", func(c *verify.Config) { c.BackoffBase, c.BackoffMax = time.Second, time.Millisecond }, "VOUCH_VERIFY_BACKOFF_MAX"},
		{"negative backoff", func(c *verify.Config) { c.BackoffBase = -1 }, "VOUCH_VERIFY_BACKOFF"},
		{"breaker threshold", func(c *verify.Config) { c.BreakerFailures = -2 }, "VOUCH_VERIFY_BREAKER_FAILURES"},
		{"breaker cooldown", func(c *verify.Config) { c.BreakerCooldown = -1 }, "VOUCH_VERIFY_BREAKER_COOLDOWN"},
		{"response limit", func(c *verify.Config) { c.MaxResponseBytes = -1 }, "VOUCH_VERIFY_MAX_RESPONSE_BYTES"},
		{"sandbox min latency", func(c *verify.Config) { c.Provider, c.SandboxMinLatency = "sandbox", -1 }, "VOUCH_VERIFY_SANDBOX_MIN_LATENCY"},
		{"sandbox max under min", func(c *verify.Config) {
			c.Provider, c.SandboxMinLatency, c.SandboxMaxLatency = "sandbox", time.Second, time.Millisecond
		}, "VOUCH_VERIFY_SANDBOX_MAX_LATENCY"},
		{"sandbox timeout", func(c *verify.Config) { c.Provider, c.SandboxTimeout = "sandbox", -1 }, "VOUCH_VERIFY_SANDBOX_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := good()
			tt.edit(&cfg)
			p, err := verify.New(cfg)
			require.Error(t, err)
			assert.Nil(t, p, "no half-built provider behind a non-nil interface")
			assert.ErrorIs(t, err, errs.ErrInvalid)
			assert.Contains(t, err.Error(), tt.setting+":")
			assert.NotContains(t, err.Error(), "topsecret", "settings errors never quote a secret")
		})
	}
}

func TestNewReportsEveryBadSetting(t *testing.T) {
	t.Parallel()
	_, err := verify.New(verify.Config{Provider: "http", MaxAttempts: 99})
	require.Error(t, err)
	for _, s := range []string{"VOUCH_VERIFY_URL", "VOUCH_VERIFY_API_KEY", "VOUCH_VERIFY_ATTEMPTS"} {
		assert.Contains(t, err.Error(), s)
	}
}

func TestHTTPAllowsPlainHTTPToLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://localhost:8080", "http://127.0.0.1:8080/base", "http://[::1]:8080"} {
		_, err := verify.NewHTTP(verify.Config{URL: u, APIKey: secret("sk")})
		assert.NoError(t, err, u)
	}
}

func TestConfigNeverPrintsTheAPIKey(t *testing.T) {
	t.Parallel()
	cfg := verify.DefaultConfig()
	cfg.APIKey = secret("sk_live_topsecret")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, cfg), "topsecret")
	}
	assert.False(t, strings.Contains(fmt.Sprint(request(planted)), planted))
}

func TestShortDeadlineShortensTheDefaultTimeout(t *testing.T) {
	t.Parallel()
	_, err := verify.New(verify.Config{Provider: "http", URL: "https://verify.example.com", APIKey: secret("sk"), Deadline: time.Second})
	require.NoError(t, err, "an unset per-attempt timeout must not clash with a short deadline")
}
