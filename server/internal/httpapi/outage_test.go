package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// TestBackendOutage: when the database or kv goes away, readiness names it and requests
// that need it get 503 with Retry-After, never a 500 or a silent sign-out.
func TestBackendOutage(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		signedIn := e.Client()
		signedIn.SignIn(t, "ap@acme.example", adminPW)

		require.NoError(t, e.App.KV.Close())
		r := e.Client().Do(t, "GET", "/readyz", nil)
		require.Equal(t, http.StatusServiceUnavailable, r.Status)
		assert.Equal(t, "not_ready", r.Problem(t))
		assert.Contains(t, string(r.Body), `"kv":"unavailable"`)
		assert.Contains(t, string(r.Body), `"database":"ok"`)

		r = signedIn.Do(t, "GET", "/api/v1/me", nil)
		assert.Equal(t, http.StatusServiceUnavailable, r.Status, "%s", r.Body)
		assert.Equal(t, "unavailable", r.Problem(t))
		assert.NotEmpty(t, r.Header.Get("Retry-After"))
		assert.NotEmpty(t, signedIn.Cookie("vouch_session"), "an outage is not a sign-out")

		require.NoError(t, e.App.DB.Close())
		r = e.Client().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": adminPW})
		assert.Equal(t, http.StatusServiceUnavailable, r.Status, "%s", r.Body)
		assert.NotEmpty(t, r.Header.Get("Retry-After"))
		r = e.Client().Do(t, "GET", "/readyz", nil)
		assert.Contains(t, string(r.Body), `"database":"unavailable"`)
		assert.Equal(t, http.StatusOK, e.Client().Do(t, "GET", "/healthz", nil).Status, "the process itself is fine")
	})
}
