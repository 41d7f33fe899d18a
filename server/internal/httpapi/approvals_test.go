package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

func TestRemovingAnAdminsPasskeysNeedsFourEyes(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		supplier := e.CreateUser(t, "sales@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "help2@vouch.example", adminPW, identity.RoleSupport, "")
		help, help2 := e.Client(), e.Client()
		help.SignIn(t, "help@vouch.example", adminPW)
		help2.SignIn(t, "help2@vouch.example", adminPW)
		body := map[string]any{"reason": "lost phone and laptop", "verified_by": map[string]string{"method": "in_person", "note": "badge checked"}}

		r := help.Do(t, "DELETE", "/api/v1/admin/users/"+supplier.ID+"/passkeys", body)
		assert.Equal(t, http.StatusNoContent, r.Status, "a supplier user's passkeys go at once: %s", r.Body)

		r = help.Do(t, "DELETE", "/api/v1/admin/users/"+admin.ID+"/passkeys", body)
		require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
		var pending struct {
			Status   string `json:"status"`
			Approval struct {
				ID string `json:"id"`
			} `json:"approval"`
		}
		r.JSON(t, &pending)
		assert.Equal(t, "pending_approval", pending.Status)

		var list struct {
			Approvals []struct {
				ID, Reason, TargetUserID string
			} `json:"approvals"`
		}
		help2.Do(t, "GET", "/api/v1/admin/approvals", nil).JSON(t, &list)
		require.Len(t, list.Approvals, 1)

		approve := "/api/v1/admin/approvals/" + pending.Approval.ID + "/approve"
		assert.Equal(t, "four_eyes_required", help.Do(t, "POST", approve, nil).Problem(t), "not by the requester")
		r = help2.Do(t, "POST", approve, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, "approval_decided", help2.Do(t, "POST", approve, nil).Problem(t), "once only")
		assert.Equal(t, "approval_not_found", help2.Do(t, "POST", "/api/v1/admin/approvals/apr_nope/approve", nil).Problem(t))

		for _, action := range []string{"approval.requested", "approval.approved", "passkey.deleted_all"} {
			events, err := e.App.Audit.List(t.Context(), auditFilter(admin.ID, action))
			require.NoError(t, err)
			require.Len(t, events, 1, action)
			if action == "passkey.deleted_all" {
				assert.Equal(t, "lost phone and laptop", events[0].Reason, "the effect carries the request's reason")
			}
		}
	})
}
