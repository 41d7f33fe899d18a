package config

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	require.NoError(t, err)
	assert.Equal(t, EnvDev, c.Env)
	assert.Equal(t, "127.0.0.1:8080", c.Addr)
	assert.Equal(t, "http://localhost:8080", c.PublicURL.String())
	assert.Equal(t, "./data", c.DataDir)
	assert.True(t, c.Migrate)
	assert.Equal(t, 24*time.Hour, c.RecoveryWait)
}

func TestFromEnvRecoveryWait(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"VOUCH_RECOVERY_WAIT": "72h"}))
	require.NoError(t, err)
	assert.Equal(t, 72*time.Hour, c.RecoveryWait)
	_, err = FromEnv(env(map[string]string{"VOUCH_RECOVERY_WAIT": "-1h"}))
	assert.ErrorContains(t, err, "VOUCH_RECOVERY_WAIT")
}

func TestFromEnvPublicURLFollowsPort(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"VOUCH_ADDR": "0.0.0.0:9123"}))
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:9123", c.PublicURL.String())
}

func TestFromEnvErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"bad env", map[string]string{"VOUCH_ENV": "staging"}, "VOUCH_ENV"},
		{"bad addr", map[string]string{"VOUCH_ADDR": "8080"}, "VOUCH_ADDR"},
		{"bad public url", map[string]string{"VOUCH_PUBLIC_URL": "ftp://x"}, "VOUCH_PUBLIC_URL"},
		{"public url with path", map[string]string{"VOUCH_PUBLIC_URL": "https://x.example/app"}, "VOUCH_PUBLIC_URL"},
		{"bad database", map[string]string{"VOUCH_DATABASE_URL": "mysql://u:secret@h/db"}, "VOUCH_DATABASE_URL"},
		{"bad redis", map[string]string{"VOUCH_REDIS_URL": "memcache://h"}, "VOUCH_REDIS_URL"},
		{"bad proxies", map[string]string{"VOUCH_TRUSTED_PROXIES": "10.0.0.0/8, banana"}, "VOUCH_TRUSTED_PROXIES"},
		{"bad duration", map[string]string{"VOUCH_READ_TIMEOUT": "soon"}, "VOUCH_READ_TIMEOUT"},
		{"bad migrate", map[string]string{"VOUCH_MIGRATE": "perhaps"}, "VOUCH_MIGRATE"},
		{"bad log level", map[string]string{"VOUCH_LOG_LEVEL": "loud"}, "VOUCH_LOG_LEVEL"},
		{"prod over http", map[string]string{"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "http://vouch.example"}, "VOUCH_PUBLIC_URL"},
		{"prod without proxies", map[string]string{"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example"}, "VOUCH_TRUSTED_PROXIES"},
		{"prod with default keys", map[string]string{"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example", "VOUCH_TRUSTED_PROXIES": "10.0.0.1", "VOUCH_KEYS": "dev"}, "VOUCH_KEYS"},
		{"prod with the sandbox bank provider", map[string]string{"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example", "VOUCH_TRUSTED_PROXIES": "10.0.0.1", "VOUCH_KEYS": "k1:abc", "VOUCH_SMTP_URL": "smtp://m.example:587"}, "VOUCH_BANK_PROVIDER"},
		{"prod without smtp", map[string]string{"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example", "VOUCH_TRUSTED_PROXIES": "10.0.0.1", "VOUCH_KEYS": "k1:abc"}, "VOUCH_SMTP_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromEnv(env(tt.vars))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret", "a password in a URL must never reach a message")
		})
	}
}

func TestProdStartsWhenSecure(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"VOUCH_ENV": "prod", "VOUCH_PUBLIC_URL": "https://vouch.example", "VOUCH_TRUSTED_PROXIES": "10.0.0.0/8 ::1",
		"VOUCH_KEYS": "k1:0123456789abcdef", "VOUCH_SMTP_URL": "smtp://mail.example:587", "VOUCH_BANK_PROVIDER": "micro_deposits",
	}))
	require.NoError(t, err)
	assert.Len(t, c.TrustedProxies, 2)
}

func TestParseCIDRs(t *testing.T) {
	p, err := ParseCIDRs("10.1.2.3/8,192.0.2.7 2001:db8::/32 ::ffff:198.51.100.1")
	require.NoError(t, err)
	var got []string
	for _, x := range p {
		got = append(got, x.String())
	}
	assert.Equal(t, "10.0.0.0/8 192.0.2.7/32 2001:db8::/32 198.51.100.1/32", strings.Join(got, " "))
}
