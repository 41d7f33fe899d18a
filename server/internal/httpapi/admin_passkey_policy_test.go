package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

const policyPW = "policy passphrase for tests"

// policyEnv is a platform with two customer orgs and their people.
type policyEnv struct {
	acme, other        identity.Org
	clerk, outsider    identity.User
	ops, help, acmeAdm *apitest.Client
	supplier           *apitest.Client
}

func newPolicyEnv(t *testing.T, e *apitest.Env) policyEnv {
	t.Helper()
	var p policyEnv
	e.CreateUser(t, "ops@v.example", policyPW, identity.RolePlatformAdmin, "")
	e.CreateUser(t, "help@v.example", policyPW, identity.RoleSupport, "")
	e.CreateUser(t, "adm@acme.example", policyPW, identity.RoleCustomerAdmin, "Acme")
	p.clerk = e.CreateUser(t, "clerk@acme.example", policyPW, identity.RoleCustomerAdmin, "Acme")
	p.outsider = e.CreateUser(t, "clerk@other.example", policyPW, identity.RoleCustomerAdmin, "Other")
	e.CreateUser(t, "sup@s.example", policyPW, identity.RoleSupplierUser, "Supplier Co")
	var err error
	p.acme, err = e.App.Identity.Store().GetOrgByName(t.Context(), identity.OrgCustomer, "Acme")
	require.NoError(t, err)
	p.other, err = e.App.Identity.Store().GetOrgByName(t.Context(), identity.OrgCustomer, "Other")
	require.NoError(t, err)
	sign := func(email string) *apitest.Client {
		c := e.Client()
		require.Equal(t, "done", c.SignIn(t, email, policyPW))
		return c
	}
	p.ops, p.help, p.acmeAdm, p.supplier = sign("ops@v.example"), sign("help@v.example"), sign("adm@acme.example"), sign("sup@s.example")
	return p
}

func requirement(t *testing.T, e *apitest.Env, userID string) identity.PasskeyRequirement {
	t.Helper()
	r, err := e.App.Identity.Store().PasskeyRequirement(t.Context(), userID)
	require.NoError(t, err)
	return r
}

func TestRequirePasskeyForUser(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		p := newPolicyEnv(t, e)
		path := func(id string) string { return "/api/v1/admin/users/" + id + "/require-passkey" }
		on := map[string]any{"require_passkey": true, "reason": "handles payouts"}

		tests := []struct {
			name   string
			caller *apitest.Client
			target string
			status int
			code   string
		}{
			{"supplier users may not", p.supplier, p.clerk.ID, http.StatusForbidden, "forbidden"},
			{"a customer admin of another org does not see the user", p.acmeAdm, p.outsider.ID, http.StatusNotFound, "user_not_found"},
			{"an unknown user", p.ops, "usr_doesnotexist", http.StatusNotFound, "user_not_found"},
			{"a customer admin of the user's org", p.acmeAdm, p.clerk.ID, http.StatusOK, ""},
			{"support anywhere", p.help, p.outsider.ID, http.StatusOK, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.caller.Do(t, http.MethodPut, path(tt.target), on)
				require.Equal(t, tt.status, r.Status, "%s", r.Body)
				if tt.code != "" {
					assert.Equal(t, tt.code, r.Problem(t))
					if tt.target != "usr_doesnotexist" {
						assert.False(t, requirement(t, e, tt.target).User, "nothing changed")
					}
					return
				}
				var out struct {
					RequirePasskey     bool `json:"require_passkey"`
					RequirePasskeyUser bool `json:"require_passkey_user"`
				}
				r.JSON(t, &out)
				assert.True(t, out.RequirePasskey)
				assert.True(t, out.RequirePasskeyUser)
				assert.True(t, requirement(t, e, tt.target).User)
			})
		}

		bad := []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"no flag", map[string]any{"reason": "x"}, http.StatusUnprocessableEntity, "invalid_input"},
			{"no reason", map[string]any{"require_passkey": false}, http.StatusUnprocessableEntity, "invalid_input"},
			{"blank reason", map[string]any{"require_passkey": false, "reason": "  "}, http.StatusUnprocessableEntity, "invalid_input"},
			{"flag not a boolean", map[string]any{"require_passkey": "no", "reason": "x"}, http.StatusBadRequest, "malformed_json"},
			{"unknown field", map[string]any{"require_passkey": false, "reason": "x", "until": "never"}, http.StatusBadRequest, "malformed_json"},
			{"bad verification", map[string]any{"require_passkey": false, "reason": "x", "verified_by": map[string]string{"method": "telepathy"}}, http.StatusUnprocessableEntity, "invalid_input"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				r := p.ops.Do(t, http.MethodPut, path(p.clerk.ID), tt.body)
				assert.Equal(t, tt.status, r.Status, "%s", r.Body)
				assert.Equal(t, tt.code, r.Problem(t))
				assert.True(t, requirement(t, e, p.clerk.ID).User, "nothing stored")
			})
		}

		// The admin list and the user's own /me show it; the next password sign-in asks.
		var list struct {
			Users []struct {
				ID                 string `json:"id"`
				RequirePasskey     bool   `json:"require_passkey"`
				RequirePasskeyUser bool   `json:"require_passkey_user"`
			} `json:"users"`
		}
		p.acmeAdm.Do(t, http.MethodGet, "/api/v1/admin/users", nil).JSON(t, &list)
		found := false
		for _, u := range list.Users {
			if u.ID == p.clerk.ID {
				found = true
				assert.True(t, u.RequirePasskey)
				assert.True(t, u.RequirePasskeyUser)
			} else {
				assert.False(t, u.RequirePasskey, u.ID)
			}
		}
		assert.True(t, found)
		assert.Equal(t, "passkey_setup", e.Client().SignIn(t, "clerk@acme.example", policyPW))

		// Audited with the reason and how the caller was verified.
		r := p.ops.Do(t, http.MethodPut, path(p.clerk.ID), map[string]any{"require_passkey": false, "reason": "left payouts team",
			"verified_by": map[string]string{"method": "ticket", "note": "T-42"}})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.False(t, requirement(t, e, p.clerk.ID).User)
		evs := pkEvents(t, e, "user.passkey_requirement_changed", p.clerk.ID)
		require.Len(t, evs, 2)
		var last = evs[0]
		if evs[1].Reason == "left payouts team" {
			last = evs[1]
		}
		assert.Equal(t, "left payouts team", last.Reason)
		assert.Equal(t, "T-42", last.VerifiedByNote)
		assert.Equal(t, "done", e.Client().SignIn(t, "clerk@acme.example", policyPW))
	})
}

func TestRequirePasskeyForOrg(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		p := newPolicyEnv(t, e)
		path := func(id string) string { return "/api/v1/admin/orgs/" + id + "/require-passkey" }
		on := map[string]any{"require_passkey": true, "reason": "company policy"}
		orgFlag := func(id string) bool {
			v, err := e.App.Identity.Store().OrgRequiresPasskey(t.Context(), id)
			require.NoError(t, err)
			return v
		}

		tests := []struct {
			name   string
			caller *apitest.Client
			org    string
			status int
			code   string
		}{
			{"supplier users may not", p.supplier, p.acme.ID, http.StatusForbidden, "forbidden"},
			{"support may not", p.help, p.acme.ID, http.StatusForbidden, "forbidden"},
			{"a customer admin of another org", p.acmeAdm, p.other.ID, http.StatusNotFound, "org_not_found"},
			{"an unknown org", p.ops, "org_doesnotexist", http.StatusNotFound, "org_not_found"},
			{"a customer admin of their own org", p.acmeAdm, p.acme.ID, http.StatusOK, ""},
			{"a platform admin for any org", p.ops, p.other.ID, http.StatusOK, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				get := tt.caller.Do(t, http.MethodGet, path(tt.org), nil)
				r := tt.caller.Do(t, http.MethodPut, path(tt.org), on)
				require.Equal(t, tt.status, r.Status, "%s", r.Body)
				assert.Equal(t, tt.status, get.Status, "GET answers as PUT does: %s", get.Body)
				if tt.code != "" {
					assert.Equal(t, tt.code, r.Problem(t))
					return
				}
				var out struct {
					Org struct {
						ID string `json:"id"`
					} `json:"org"`
					RequirePasskey bool `json:"require_passkey"`
				}
				r.JSON(t, &out)
				assert.Equal(t, tt.org, out.Org.ID)
				assert.True(t, out.RequirePasskey)
				tt.caller.Do(t, http.MethodGet, path(tt.org), nil).JSON(t, &out)
				assert.True(t, out.RequirePasskey)
				assert.True(t, orgFlag(tt.org))
			})
		}

		for name, body := range map[string]any{
			"no flag":         map[string]any{"reason": "x"},
			"no reason":       map[string]any{"require_passkey": false},
			"staff-only data": map[string]any{"require_passkey": false, "reason": "x", "verified_by": map[string]string{"method": "ticket"}},
		} {
			t.Run(name, func(t *testing.T) {
				r := p.acmeAdm.Do(t, http.MethodPut, path(p.acme.ID), body)
				assert.GreaterOrEqual(t, r.Status, 400)
				assert.Less(t, r.Status, 500)
				assert.True(t, orgFlag(p.acme.ID), "nothing stored")
			})
		}

		// Every member's effective policy follows the org; their own flag is untouched.
		req := requirement(t, e, p.clerk.ID)
		assert.True(t, req.Required())
		assert.False(t, req.User)
		assert.Equal(t, []string{p.acme.ID}, req.Orgs)
		var me struct {
			RequirePasskey bool `json:"require_passkey"`
		}
		p.acmeAdm.Do(t, http.MethodGet, "/api/v1/me", nil).JSON(t, &me)
		assert.True(t, me.RequirePasskey)
		assert.Len(t, pkEvents(t, e, "org.passkey_requirement_changed", p.acme.ID), 1)

		r := p.acmeAdm.Do(t, http.MethodPut, path(p.acme.ID), map[string]any{"require_passkey": false, "reason": "pilot over"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.False(t, requirement(t, e, p.clerk.ID).Required())
	})
}

func TestRequirePasskeyMail(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		p := newPolicyEnv(t, e)
		r := p.ops.Do(t, http.MethodPut, "/api/v1/admin/orgs/"+p.acme.ID+"/require-passkey",
			map[string]any{"require_passkey": true, "reason": "company policy"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		msg := sfWaitSubject(t, e.Mail, "clerk@acme.example", "asks for your passkey")
		assert.Contains(t, msg.Text, "Acme now requires a passkey")
		sfWaitSubject(t, e.Mail, "adm@acme.example", "asks for your passkey")

		r = p.ops.Do(t, http.MethodPut, "/api/v1/admin/users/"+p.outsider.ID+"/require-passkey",
			map[string]any{"require_passkey": true, "reason": "handles payouts"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		msg = sfWaitSubject(t, e.Mail, "clerk@other.example", "asks for your passkey")
		assert.Contains(t, msg.Text, "Your administrator now requires a passkey")
	}, apitest.WithMail())
}
