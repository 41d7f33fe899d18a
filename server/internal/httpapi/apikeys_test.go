package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

func TestAPIKeys(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "ap@globex.example", adminPW, identity.RoleCustomerAdmin, "Globex")
		admin, globex := e.Client(), e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		globex.SignIn(t, "ap@globex.example", adminPW)
		// Minting a key needs a step-up (stepup_test.go covers how one is made).
		assert.Equal(t, "step_up_required", admin.Do(t, "POST", "/api/v1/api-keys", map[string]string{"name": "ERP"}).Problem(t))
		stepUp(t, e, admin)

		assert.Equal(t, "invalid_input", admin.Do(t, "POST", "/api/v1/api-keys", map[string]any{"name": "ERP", "scopes": []string{"root"}}).Problem(t))
		r := admin.Do(t, "POST", "/api/v1/api-keys", map[string]string{"name": "ERP connector"})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		var created struct {
			ID     string   `json:"id"`
			Key    string   `json:"key"`
			Scopes []string `json:"scopes"`
		}
		r.JSON(t, &created)
		require.True(t, strings.HasPrefix(created.Key, "vch_"), created.Key)
		assert.Equal(t, []string{"payments:check", "profile"}, created.Scopes)

		var stored []string
		require.NoError(t, e.App.DB.Select(t.Context(), &stored, `SELECT token_hash FROM api_tokens`))
		require.Len(t, stored, 1)
		assert.NotContains(t, stored[0], strings.TrimPrefix(created.Key, "vch_"), "only a hash is kept")

		list := admin.Do(t, "GET", "/api/v1/api-keys", nil)
		assert.NotContains(t, string(list.Body), created.Key, "the key is shown once")
		assert.Contains(t, string(list.Body), "ERP connector")

		system := e.Client() // a server: no cookies, no CSRF
		bearer := []string{"Authorization", "Bearer " + created.Key}
		r = system.Do(t, "GET", "/api/v1/me", nil, bearer...)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Contains(t, string(r.Body), "ap@acme.example")
		assert.Equal(t, "insufficient_scope", system.Do(t, "GET", "/api/v1/admin/users", nil, bearer...).Problem(t))
		assert.Equal(t, "insufficient_scope", system.Do(t, "POST", "/api/v1/api-keys", map[string]string{"name": "x"}, bearer...).Problem(t),
			"a key cannot mint keys")
		assert.Equal(t, "invalid_token", system.Do(t, "GET", "/api/v1/me", nil, "Authorization", "Bearer vch_forged").Problem(t))
		assert.Equal(t, "invalid_token", admin.Do(t, "GET", "/api/v1/me", nil, "Authorization", "Bearer nonsense").Problem(t),
			"a bearer request never falls back to the cookie")

		assert.Equal(t, "token_not_found", globex.Do(t, "DELETE", "/api/v1/api-keys/"+created.ID, nil).Problem(t), "another org's key")
		require.Equal(t, http.StatusNoContent, admin.Do(t, "DELETE", "/api/v1/api-keys/"+created.ID, nil).Status)
		assert.Equal(t, "invalid_token", system.Do(t, "GET", "/api/v1/me", nil, bearer...).Problem(t), "revoked at once")

		for _, action := range []string{"token.issued", "token.revoked"} {
			events, err := e.App.Audit.List(t.Context(), auditFilter(created.ID, action))
			require.NoError(t, err)
			assert.Len(t, events, 1, action)
		}
	})
}
