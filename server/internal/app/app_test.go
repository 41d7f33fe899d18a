package app_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/config"
)

// TestOpenBuildsServicesOnTheKV opens the app the way `vouch serve` does (embedded
// defaults) and checks that what needs the kv got it: the address blocks answer, which
// they did not while the services were built before the kv was opened.
func TestOpenBuildsServicesOnTheKV(t *testing.T) {
	env := map[string]string{"VOUCH_DATA_DIR": t.TempDir()}
	cfg, err := config.FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	a, err := app.Open(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.Close() })
	require.NotNil(t, a.KV)
	assert.NotNil(t, a.Abuse, "address blocks are on")

	srv, err := a.HTTP()
	require.NoError(t, err)
	resp, err := srv.Test(httptest.NewRequest(http.MethodGet, "/api/v1/admin/ip-blocks", nil))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the blocks route exists and asks for a sign-in")
}
