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
				ID               string `json:"id"`
				TargetEmail      string `json:"target_email"`
				RequestedByEmail string `json:"requested_by_email"`
			} `json:"approvals"`
		}
		help2.Do(t, "GET", "/api/v1/admin/approvals", nil).JSON(t, &list)
		require.Len(t, list.Approvals, 1)
		assert.Equal(t, "ap@acme.example", list.Approvals[0].TargetEmail, "the reviewer sees whose passkeys")
		assert.Equal(t, "help@vouch.example", list.Approvals[0].RequestedByEmail, "and who asked")

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

// fileRemovePasskeys has staff client c ask to remove the admin's passkeys and returns the
// approval id.
func fileRemovePasskeys(t *testing.T, c *apitest.Client, adminID string) string {
	t.Helper()
	r := c.Do(t, "DELETE", "/api/v1/admin/users/"+adminID+"/passkeys", map[string]any{"reason": "lost phone and laptop"})
	require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
	var pending struct {
		Approval struct {
			ID string `json:"id"`
		} `json:"approval"`
	}
	r.JSON(t, &pending)
	return pending.Approval.ID
}

func TestFourEyesRequestsAreCancelledAndMailed(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "other@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "sales@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "help2@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		help, help2, other, supplier := e.Client(), e.Client(), e.Client(), e.Client()
		help.SignIn(t, "help@vouch.example", adminPW)
		help2.SignIn(t, "help2@vouch.example", adminPW)
		other.SignIn(t, "other@acme.example", adminPW)
		supplier.SignIn(t, "sales@supplier.example", supplierPW)

		id := fileRemovePasskeys(t, help, admin.ID)
		for _, to := range []string{"help2@vouch.example", "ops@vouch.example"} {
			msg, err := e.Mail.WaitFor(t.Context(), to)
			require.NoError(t, err)
			assert.Equal(t, "Vouch: a staff request awaits your approval", msg.Subject)
			assert.Contains(t, msg.Text, "/admin/approvals", "the mail links to the queue")
			assert.Contains(t, msg.Text, "ap@acme.example")
			assert.Contains(t, msg.Text, "lost phone and laptop")
		}
		cancel := "/api/v1/admin/approvals/" + id + "/cancel"
		for name, tc := range map[string]struct {
			c      *apitest.Client
			body   any
			status int
			code   string
		}{
			"no reason":              {help2, map[string]any{}, 422, "invalid_input"},
			"blank reason":           {help2, map[string]any{"reason": "   "}, 422, "invalid_input"},
			"reason too long":        {help2, map[string]any{"reason": strings.Repeat("x", 1001)}, 422, "invalid_input"},
			"not json":               {help2, "reason=x", 400, ""},
			"a supplier":             {supplier, map[string]any{"reason": "no"}, 403, "forbidden"},
			"another customer admin": {other, map[string]any{"reason": "no"}, 404, "approval_not_found"},
			"unknown request":        {help2, map[string]any{"reason": "no"}, 404, "approval_not_found"},
		} {
			path := cancel
			if name == "unknown request" {
				path = "/api/v1/admin/approvals/apr_nope/cancel"
			}
			r := tc.c.Do(t, "POST", path, tc.body)
			assert.Equal(t, tc.status, r.Status, "%s: %s", name, r.Body)
			if tc.code != "" {
				assert.Equal(t, tc.code, r.Problem(t), name)
			}
		}
		var list struct {
			Approvals []struct{ ID string } `json:"approvals"`
		}
		help2.Do(t, "GET", "/api/v1/admin/approvals", nil).JSON(t, &list)
		require.Len(t, list.Approvals, 1, "refused cancels leave the request pending")

		r := help2.Do(t, "POST", cancel, map[string]any{"reason": "  caller could not be verified  "})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		help2.Do(t, "GET", "/api/v1/admin/approvals", nil).JSON(t, &list)
		assert.Empty(t, list.Approvals, "a cancelled request leaves the queue")
		assert.Equal(t, "approval_decided", help2.Do(t, "POST", cancel, map[string]any{"reason": "again"}).Problem(t))
		ops := e.Client()
		ops.SignIn(t, "ops@vouch.example", adminPW)
		assert.Equal(t, "approval_decided", ops.Do(t, "POST", "/api/v1/admin/approvals/"+id+"/approve", nil).Problem(t),
			"a cancelled request cannot be approved")

		events, err := e.App.Audit.List(t.Context(), auditFilter(admin.ID, "approval.cancelled"))
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, "caller could not be verified", events[0].Reason)

		for _, to := range []string{"help@vouch.example", "ap@acme.example"} {
			subjects := mailSubjects(t, e, to, 1)
			assert.Equal(t, []string{"Vouch: a staff request was cancelled"}, subjects, to)
		}
		msg, err := e.Mail.WaitFor(t.Context(), "help@vouch.example")
		require.NoError(t, err)
		assert.Contains(t, msg.Text, "caller could not be verified")
		assert.Contains(t, msg.Text, "help2@vouch.example", "says who cancelled")
	}, apitest.WithMail())
}

func TestFourEyesRequesterCancelsAndApprovalIsMailed(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "other@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		other, ops := e.Client(), e.Client()
		other.SignIn(t, "other@acme.example", adminPW)
		ops.SignIn(t, "ops@vouch.example", adminPW)

		// A customer admin files a request about a fellow admin and withdraws it.
		id := fileRemovePasskeys(t, other, admin.ID)
		assert.Len(t, mailSubjects(t, e, "help@vouch.example", 1), 1, "every platform staff member hears of it")
		r := other.Do(t, "POST", "/api/v1/admin/approvals/"+id+"/cancel", map[string]any{"reason": "filed by mistake"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Equal(t, []string{"Vouch: a staff request was cancelled"}, mailSubjects(t, e, "ap@acme.example", 1))

		// A second request, approved: requester and target hear of it.
		id = fileRemovePasskeys(t, other, admin.ID)
		require.Equal(t, http.StatusOK, ops.Do(t, "POST", "/api/v1/admin/approvals/"+id+"/approve", nil).Status)
		assert.Contains(t, mailSubjects(t, e, "ap@acme.example", 2), "Vouch: a staff request was approved")
		assert.Equal(t, []string{"Vouch: a staff request was approved"}, mailSubjects(t, e, "other@acme.example", 1),
			"the requester hears of the approval, not of their own cancel")
	}, apitest.WithMail())
}
