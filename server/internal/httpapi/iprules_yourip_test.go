package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// The rule lists tell the caller the address the server sees, so a screen can warn
// before a rule that would not cover it.
func TestIPRuleListsShowTheCallersAddress(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		clerk := e.CreateUser(t, "clerk@acme.example", supplierPW, identity.RoleSupplierUser, "Acme")
		ops := e.ClientFrom("198.18.7.9")
		ops.SignIn(t, "ops@vouch.example", adminPW)

		for _, path := range []string{"/api/v1/admin/ip-rules", "/api/v1/admin/users/" + clerk.ID + "/ip-rules"} {
			var list struct {
				Rules  []ruleJSON `json:"rules"`
				YourIP string     `json:"your_ip"`
			}
			r := ops.Do(t, "GET", path, nil)
			require.Equal(t, http.StatusOK, r.Status, "%s: %s", path, r.Body)
			r.JSON(t, &list)
			assert.Equal(t, "198.18.7.9", list.YourIP, path)
			assert.NotNil(t, list.Rules, "%s: an empty list is [], not null", path)
		}
	})
}
