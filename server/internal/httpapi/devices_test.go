package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

type deviceAuth struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int    `json:"expires_in"`
	Interval                int    `json:"interval"`
}

// desktop is a client without cookies or CSRF token, as the desktop app is.
func desktop(e *apitest.Env) *apitest.Client {
	c := e.Client()
	c.NoCSRF = true
	return c
}

func authorizeDevice(t *testing.T, c *apitest.Client, name string) deviceAuth {
	t.Helper()
	r := c.Do(t, "POST", "/api/v1/auth/device/authorize", map[string]string{"device_name": name})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var da deviceAuth
	r.JSON(t, &da)
	return da
}

func TestDeviceFlowGivesTheDesktopATokenOnce(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u := e.CreateUser(t, "sales@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")
		browser := e.Client()
		browser.SignIn(t, "sales@supplier.example", supplierPW)
		dt := desktop(e)

		da := authorizeDevice(t, dt, "  Ann's laptop  ")
		assert.Regexp(t, regexp.MustCompile(`^[BCDFGHJKMNPQRTVWXY]{4}-[BCDFGHJKMNPQRTVWXY]{4}$`), da.UserCode)
		assert.Len(t, da.DeviceCode, 43)
		assert.True(t, strings.HasSuffix(da.VerificationURI, "/device"), da.VerificationURI)
		assert.Equal(t, da.VerificationURI+"?code="+da.UserCode, da.VerificationURIComplete)
		assert.Equal(t, 600, da.ExpiresIn)
		assert.Equal(t, 5, da.Interval)

		poll := func() *apitest.Response {
			return dt.Do(t, "POST", "/api/v1/auth/device/token", map[string]string{"device_code": da.DeviceCode})
		}
		r := poll()
		assert.Equal(t, http.StatusPreconditionRequired, r.Status)
		assert.Equal(t, "authorization_pending", r.Problem(t))
		r = poll()
		assert.Equal(t, http.StatusTooManyRequests, r.Status)
		assert.Equal(t, "slow_down", r.Problem(t), "faster than the interval")
		assert.Equal(t, "5", r.Header.Get("Retry-After"))

		// The person sees the request, typed loosely, and approves it.
		var req struct {
			DeviceName string `json:"device_name"`
			IP         string `json:"ip"`
			Status     string `json:"status"`
		}
		loose := strings.ToLower(strings.ReplaceAll(da.UserCode, "-", "%20"))
		r = browser.Do(t, "GET", "/api/v1/auth/device/"+loose, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		r.JSON(t, &req)
		assert.Equal(t, "Ann's laptop", req.DeviceName)
		assert.Equal(t, dt.IP(), req.IP, "shows where the device asked from")
		assert.Equal(t, "pending", req.Status)
		require.Equal(t, http.StatusNoContent, browser.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/approve", nil).Status)
		assert.Equal(t, "device_decided", browser.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/approve", nil).Problem(t))
		assert.Equal(t, "device_decided", browser.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/deny", nil).Problem(t))

		// Once the interval passed, the poll collects the token, once.
		var grant struct {
			Token     string   `json:"token"`
			TokenType string   `json:"token_type"`
			Scopes    []string `json:"scopes"`
			DeviceID  string   `json:"device_id"`
		}
		require.Eventually(t, func() bool {
			r = poll()
			return r.Status == http.StatusOK
		}, 8e9, 5e8, "the poll succeeds after approval")
		r.JSON(t, &grant)
		assert.True(t, strings.HasPrefix(grant.Token, "vch_"))
		assert.Equal(t, "Bearer", grant.TokenType)
		assert.Equal(t, []string{identity.ScopeProfile}, grant.Scopes)
		r = poll()
		assert.Equal(t, http.StatusBadRequest, r.Status)
		assert.Equal(t, "expired_token", r.Problem(t), "exactly once")

		// The token acts for the person, within its scopes only.
		bearer := []string{"Authorization", "Bearer " + grant.Token}
		r = dt.Do(t, "GET", "/api/v1/me", nil, bearer...)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Contains(t, string(r.Body), "sales@supplier.example")
		assert.Equal(t, "insufficient_scope", dt.Do(t, "GET", "/api/v1/me/devices", nil, bearer...).Problem(t), "a device cannot manage devices")

		var list struct {
			Devices []struct {
				ID, Name string
			} `json:"devices"`
		}
		browser.Do(t, "GET", "/api/v1/me/devices", nil).JSON(t, &list)
		require.Len(t, list.Devices, 1)
		assert.Equal(t, grant.DeviceID, list.Devices[0].ID)
		assert.Equal(t, "Ann's laptop", list.Devices[0].Name)

		assert.Equal(t, []string{"Vouch: a new device was connected to your account"}, mailSubjects(t, e, "sales@supplier.example", 1))
		for _, action := range []string{"device.approved"} {
			events, err := e.App.Audit.List(t.Context(), auditFilter(u.ID, action))
			require.NoError(t, err)
			assert.Len(t, events, 1, action)
		}
		events, err := e.App.Audit.List(t.Context(), auditFilter(grant.DeviceID, "token.issued"))
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, u.ID, events[0].ActorID, "issued on the person's approval")

		// Someone else cannot see or revoke it; the owner can, and the token dies at once.
		e.CreateUser(t, "other@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")
		other := e.Client()
		other.SignIn(t, "other@supplier.example", supplierPW)
		other.Do(t, "GET", "/api/v1/me/devices", nil).JSON(t, &list)
		assert.Empty(t, list.Devices)
		assert.Equal(t, "device_not_found", other.Do(t, "DELETE", "/api/v1/me/devices/"+grant.DeviceID, nil).Problem(t))
		require.Equal(t, http.StatusNoContent, browser.Do(t, "DELETE", "/api/v1/me/devices/"+grant.DeviceID, nil).Status)
		assert.Equal(t, "device_not_found", browser.Do(t, "DELETE", "/api/v1/me/devices/"+grant.DeviceID, nil).Problem(t))
		assert.Equal(t, "invalid_token", dt.Do(t, "GET", "/api/v1/me", nil, bearer...).Problem(t))
		browser.Do(t, "GET", "/api/v1/me/devices", nil).JSON(t, &list)
		assert.Empty(t, list.Devices)
	}, apitest.WithMail())
}

func TestDeviceFlowDenialAndBadInput(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "sales@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		browser, admin := e.Client(), e.Client()
		browser.SignIn(t, "sales@supplier.example", supplierPW)
		admin.SignIn(t, "ap@acme.example", adminPW)
		dt := desktop(e)

		for name, tc := range map[string]struct {
			path   string
			body   any
			status int
			code   string
		}{
			"no device name":      {"/api/v1/auth/device/authorize", map[string]string{}, 422, "invalid_input"},
			"blank device name":   {"/api/v1/auth/device/authorize", map[string]string{"device_name": "   "}, 422, "invalid_input"},
			"long device name":    {"/api/v1/auth/device/authorize", map[string]string{"device_name": strings.Repeat("x", 101)}, 422, "invalid_input"},
			"authorize not json":  {"/api/v1/auth/device/authorize", "{", 400, "malformed_json"},
			"no device code":      {"/api/v1/auth/device/token", map[string]string{}, 422, "invalid_input"},
			"unknown device code": {"/api/v1/auth/device/token", map[string]string{"device_code": strings.Repeat("A", 43)}, 400, "expired_token"},
			"short device code":   {"/api/v1/auth/device/token", map[string]string{"device_code": "abc"}, 400, "expired_token"},
		} {
			r := dt.Do(t, "POST", tc.path, tc.body)
			assert.Equal(t, tc.status, r.Status, "%s: %s", name, r.Body)
			assert.Equal(t, tc.code, r.Problem(t), name)
		}
		for _, code := range []string{"AAAA-AAAA", "BCDF-GHJ", "BCDF-GHJK", "%3Cscript%3E"} {
			assert.Equal(t, "device_code_not_found", browser.Do(t, "GET", "/api/v1/auth/device/"+code, nil).Problem(t), code)
			assert.Equal(t, "device_code_not_found", browser.Do(t, "POST", "/api/v1/auth/device/"+code+"/approve", nil).Problem(t), code)
		}

		da := authorizeDevice(t, dt, "Unknown PC")
		assert.Equal(t, http.StatusUnauthorized, e.Client().Do(t, "GET", "/api/v1/auth/device/"+da.UserCode, nil).Status, "approving needs a sign-in")
		require.Equal(t, http.StatusNoContent, browser.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/deny", nil).Status)
		assert.Equal(t, "device_decided", admin.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/approve", nil).Problem(t))
		r := dt.Do(t, "POST", "/api/v1/auth/device/token", map[string]string{"device_code": da.DeviceCode})
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "access_denied", r.Problem(t))
		assert.Equal(t, "device_code_not_found", browser.Do(t, "GET", "/api/v1/auth/device/"+da.UserCode, nil).Problem(t), "gone once the device heard")

		// Device tokens are the person's own: they never show among the org's API keys.
		da = authorizeDevice(t, dt, "Admin laptop")
		require.Equal(t, http.StatusNoContent, admin.Do(t, "POST", "/api/v1/auth/device/"+da.UserCode+"/approve", nil).Status)
		require.Equal(t, http.StatusOK, dt.Do(t, "POST", "/api/v1/auth/device/token", map[string]string{"device_code": da.DeviceCode}).Status)
		var keys struct {
			APIKeys []struct{ ID string } `json:"api_keys"`
		}
		admin.Do(t, "GET", "/api/v1/api-keys", nil).JSON(t, &keys)
		assert.Empty(t, keys.APIKeys)
	})
}
