package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

type ruleJSON struct {
	ID   string `json:"id"`
	CIDR string `json:"cidr"`
}

func TestSiteIPRules(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		ops := e.Client() // speaks from 198.18.0.0/15
		ops.SignIn(t, "ops@vouch.example", adminPW)
		outsider := e.ClientFrom("203.0.113.5")

		add := func(cidr string) *apitest.Response {
			return ops.Do(t, "POST", "/api/v1/admin/ip-rules", map[string]string{"cidr": cidr, "note": "office"})
		}
		for _, bad := range []string{"10.0.0.0/33", "::/-1", "banana", ""} {
			assert.Equal(t, "invalid_cidr", add(bad).Problem(t), bad)
		}
		assert.Equal(t, "would_lock_out_self", add("10.0.0.0/8").Problem(t))
		r := add("198.18.0.0/15")
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		var office ruleJSON
		r.JSON(t, &office)
		assert.Equal(t, "duplicate_rule", add("198.18.1.1/15").Problem(t), "the same CIDR, canonicalised")
		r = add("10.0.0.0/8")
		require.Equal(t, http.StatusCreated, r.Status, "once covered, other ranges may be added")
		var vpn ruleJSON
		r.JSON(t, &vpn)

		for _, path := range []string{"/", "/api/v1/openapi.json", "/api/v1/me"} {
			assert.Equal(t, "ip_not_allowed", outsider.Do(t, "GET", path, nil).Problem(t), path)
		}
		assert.Equal(t, http.StatusOK, outsider.Do(t, "GET", "/healthz", nil).Status, "probes still answer")
		assert.Equal(t, http.StatusOK, e.ClientFrom("10.20.30.40").Do(t, "GET", "/", nil).Status)

		assert.Equal(t, "would_lock_out_self", ops.Do(t, "DELETE", "/api/v1/admin/ip-rules/"+office.ID, nil).Problem(t))
		require.Equal(t, http.StatusNoContent, ops.Do(t, "DELETE", "/api/v1/admin/ip-rules/"+vpn.ID, nil).Status)
		assert.Equal(t, "rule_not_found", ops.Do(t, "DELETE", "/api/v1/admin/ip-rules/"+vpn.ID, nil).Problem(t))

		var list struct {
			Rules []ruleJSON `json:"rules"`
		}
		ops.Do(t, "GET", "/api/v1/admin/ip-rules", nil).JSON(t, &list)
		require.Len(t, list.Rules, 1)
		assert.Equal(t, "198.18.0.0/15", list.Rules[0].CIDR)

		r = ops.Do(t, "GET", "/metrics", nil)
		assert.Contains(t, string(r.Body), `vouch_ip_denials_total{list="site"} 3`)
	})
}

func TestUserIPRules(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		clerk := e.CreateUser(t, "clerk@acme.example", supplierPW, identity.RoleCustomerAdmin, "Acme")
		other := e.CreateUser(t, "ap@globex.example", adminPW, identity.RoleCustomerAdmin, "Globex")
		admin := e.Client()
		me := admin.SignIn(t, "ap@acme.example", adminPW)
		require.Equal(t, "done", me)
		away := e.Client()
		away.SignIn(t, "clerk@acme.example", supplierPW)

		rules := "/api/v1/admin/users/" + clerk.ID + "/ip-rules"
		r := admin.Do(t, "POST", rules, map[string]string{"cidr": "192.0.2.0/24", "note": "branch office"})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)

		assert.Equal(t, "ip_not_allowed", away.Do(t, "GET", "/api/v1/me", nil).Problem(t), "checked on every request")
		r = e.Client().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "clerk@acme.example", "password": supplierPW})
		assert.Equal(t, "ip_not_allowed", r.Problem(t))
		r = e.Client().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "clerk@acme.example", "password": "a wrong guess entirely"})
		assert.Equal(t, "invalid_credentials", r.Problem(t))
		assert.Equal(t, "done", e.ClientFrom("192.0.2.77").SignIn(t, "clerk@acme.example", supplierPW))

		events, err := e.App.Audit.List(t.Context(), auditFilter(clerk.ID, "auth.login_denied_ip"))
		require.NoError(t, err)
		assert.Len(t, events, 1)

		self, err := e.App.Identity.Store().GetUserByEmail(t.Context(), "ap@acme.example")
		require.NoError(t, err)
		r = admin.Do(t, "POST", "/api/v1/admin/users/"+self.ID+"/ip-rules", map[string]string{"cidr": "192.0.2.0/24"})
		assert.Equal(t, "would_lock_out_self", r.Problem(t))
		r = admin.Do(t, "POST", "/api/v1/admin/users/"+other.ID+"/ip-rules", map[string]string{"cidr": "192.0.2.0/24"})
		assert.Equal(t, "user_not_found", r.Problem(t), "another org's users are out of reach")
	})
}
