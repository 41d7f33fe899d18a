package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
)

const (
	adminPW    = "admin passphrase for tests"
	supplierPW = "supplier passphrase for tests"
)

type me struct {
	ID                 string   `json:"id"`
	Email              string   `json:"email"`
	Roles              []string `json:"roles"`
	MustChangePassword bool     `json:"must_change_password"`
	Org                *struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	} `json:"org"`
}

func TestSignInAndOut(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		assert.Equal(t, "unauthenticated", c.Do(t, "GET", "/api/v1/me", nil).Problem(t))

		planted := strings.Repeat("A", 43)
		c.SetCookie("vouch_session", planted)
		require.Equal(t, "done", c.SignIn(t, "AP@acme.example", adminPW))
		assert.NotEqual(t, planted, c.Cookie("vouch_session"), "sign-in issues a new session id")

		r := c.Do(t, "GET", "/api/v1/me", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var got me
		r.JSON(t, &got)
		assert.Equal(t, "ap@acme.example", got.Email)
		assert.Equal(t, []string{"customer_admin"}, got.Roles)
		require.NotNil(t, got.Org)
		assert.Equal(t, "Acme", got.Org.Name)
		assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))

		token := c.Cookie("vouch_session")
		require.Equal(t, http.StatusNoContent, c.Do(t, "POST", "/api/v1/auth/logout", nil).Status)
		assert.Empty(t, c.Cookie("vouch_session"), "sign-out clears the cookie")
		c.SetCookie("vouch_session", token)
		assert.Equal(t, "unauthenticated", c.Do(t, "GET", "/api/v1/me", nil).Problem(t), "the old token is dead")
	})
}

func TestSessionCookieAttributes(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		r := c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": adminPW})
		require.Equal(t, http.StatusOK, r.Status)
		var cookie *http.Cookie
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			if ck.Name == "vouch_session" {
				cookie = ck
			}
		}
		require.NotNil(t, cookie)
		assert.True(t, cookie.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, cookie.SameSite)
		uid, secret, ok := strings.Cut(cookie.Value, ".")
		require.True(t, ok, "the user id, then the secret: %s", cookie.Value)
		assert.True(t, strings.HasPrefix(uid, "usr_"), uid)
		assert.Len(t, secret, 43, "256 random bits, base64url")
	})
}

func TestFailedSignInsLookAlike(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		strip := func(r *apitest.Response) string {
			var p map[string]any
			r.JSON(t, &p)
			delete(p, "request_id")
			return strings.TrimSpace(strings.Join([]string{p["type"].(string), p["title"].(string), p["detail"].(string), p["code"].(string)}, "|"))
		}
		wrong := e.Client().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": "not the password at all"})
		unknown := e.Client().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "nobody@acme.example", "password": "not the password at all"})
		require.Equal(t, http.StatusUnauthorized, wrong.Status)
		require.Equal(t, http.StatusUnauthorized, unknown.Status)
		assert.Equal(t, strip(wrong), strip(unknown))
		assert.Contains(t, strip(wrong), "invalid_credentials")
	})
}

func TestSignInBadInput(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		tests := []struct {
			name   string
			body   any
			header []string
			noCSRF bool
			status int
			code   string
		}{
			{"no csrf token", map[string]string{"email": "a@b.example", "password": "x"}, nil, true, 403, "csrf_failed"},
			{"wrong csrf token", map[string]string{"email": "a@b.example", "password": "x"}, []string{"X-CSRF-Token", "forged"}, false, 403, "csrf_failed"},
			{"malformed json", `{"email": "a@b.example", "password":`, nil, false, 400, "malformed_json"},
			{"unknown field", map[string]string{"email": "a@b.example", "password": "x", "admin": "true"}, nil, false, 400, "malformed_json"},
			{"wrong type", `{"email": 42, "password": "x"}`, nil, false, 400, "malformed_json"},
			{"two values", `{"email":"a@b.example","password":"x"} {}`, nil, false, 400, "malformed_json"},
			{"not json", "email=a", []string{"Content-Type", "application/x-www-form-urlencoded"}, false, 415, "unsupported_media_type"},
			{"missing fields", map[string]string{}, nil, false, 422, "invalid_input"},
			{"oversized password", map[string]string{"email": "a@b.example", "password": strings.Repeat("p", 5000)}, nil, false, 401, "invalid_credentials"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := e.Client()
				c.NoCSRF = tt.noCSRF
				r := c.Do(t, "POST", "/api/v1/auth/login", tt.body, tt.header...)
				require.Equal(t, tt.status, r.Status, "%s", r.Body)
				assert.Equal(t, tt.code, r.Problem(t))
				assert.Empty(t, c.Cookie("vouch_session"), "no session on failure")
			})
		}
	})
}

func TestForgedSessionCookieIsCleared(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		c := e.Client()
		for _, v := range []string{"x", strings.Repeat("B", 43), "../../etc", strings.Repeat("%", 43)} {
			c.SetCookie("vouch_session", v)
			r := c.Do(t, "GET", "/api/v1/me", nil)
			assert.Equal(t, http.StatusUnauthorized, r.Status)
			assert.Empty(t, c.Cookie("vouch_session"), "a stale cookie is cleared")
		}
	})
}

func TestForcedPasswordReset(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		clerk := e.CreateUser(t, "clerk@acme.example", supplierPW, identity.RoleCustomerAdmin, "Acme")

		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		laptop, phone := e.Client(), e.Client()
		laptop.SignIn(t, "clerk@acme.example", supplierPW)
		phone.SignIn(t, "clerk@acme.example", supplierPW)

		r := admin.Do(t, "POST", "/api/v1/admin/users/"+clerk.ID+"/force-password-reset", map[string]string{})
		assert.Equal(t, "invalid_input", r.Problem(t), "a reason is required")
		r = admin.Do(t, "POST", "/api/v1/admin/users/"+clerk.ID+"/force-password-reset", map[string]string{"reason": "suspected phishing"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)

		assert.Equal(t, "unauthenticated", laptop.Do(t, "GET", "/api/v1/me", nil).Problem(t), "the user's sessions end")
		assert.Equal(t, "unauthenticated", phone.Do(t, "GET", "/api/v1/me", nil).Problem(t))

		require.Equal(t, "change_password", laptop.SignIn(t, "clerk@acme.example", supplierPW))
		assert.Equal(t, "password_change_required", laptop.Do(t, "GET", "/api/v1/admin/users", nil).Problem(t))
		var got me
		laptop.Do(t, "GET", "/api/v1/me", nil).JSON(t, &got)
		assert.True(t, got.MustChangePassword)

		phone.SignIn(t, "clerk@acme.example", supplierPW)
		change := func(current, next string) *apitest.Response {
			return laptop.Do(t, "POST", "/api/v1/auth/password/change", map[string]string{"current_password": current, "new_password": next})
		}
		assert.Equal(t, "invalid_input", change("wrong current password", "a brand new passphrase").Problem(t))
		assert.Equal(t, "weak_password", change(supplierPW, "short").Problem(t))
		assert.Equal(t, "weak_password", change(supplierPW, supplierPW).Problem(t))
		require.Equal(t, http.StatusNoContent, change(supplierPW, "a brand new passphrase").Status)

		laptop.Do(t, "GET", "/api/v1/me", nil).JSON(t, &got)
		assert.False(t, got.MustChangePassword)

		subjects := mailSubjects(t, e, "clerk@acme.example", 2)
		assert.Contains(t, subjects, "Choose a new Vouch password at your next sign-in")
		assert.Contains(t, subjects, "Your Vouch password was changed")

		events, err := e.App.Audit.List(t.Context(), audit.Filter{TargetID: clerk.ID})
		require.NoError(t, err)
		var actions []string
		for _, ev := range events {
			actions = append(actions, ev.Action)
			if ev.Action == "user.password_reset_forced" {
				assert.Equal(t, "suspected phishing", ev.Reason)
				assert.Equal(t, admin.IP(), ev.IP)
				assert.Equal(t, "customer_admin", ev.ActorRole)
			}
		}
		assert.Contains(t, actions, "user.password_reset_forced")
		assert.Contains(t, actions, "user.password_changed")
		assert.Contains(t, actions, "auth.login_succeeded")
		v, err := e.App.Audit.Verify(t.Context())
		require.NoError(t, err)
		assert.True(t, v.OK, "the chain verifies")
		assert.Equal(t, http.StatusOK, laptop.Do(t, "GET", "/api/v1/admin/users", nil).Status, "the full product is back")
		assert.Equal(t, "unauthenticated", phone.Do(t, "GET", "/api/v1/me", nil).Problem(t), "a password change ends the other sessions")
		assert.Equal(t, "done", e.Client().SignIn(t, "clerk@acme.example", "a brand new passphrase"))
	}, apitest.WithMail())
}

func TestStaffReach(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		other := e.CreateUser(t, "ap@globex.example", adminPW, identity.RoleCustomerAdmin, "Globex")
		ops := e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "sales@supplier.example", supplierPW, identity.RoleSupplierUser, "Supplier Co")

		acme := e.Client()
		acme.SignIn(t, "ap@acme.example", adminPW)
		var list struct {
			Users []struct {
				Email string `json:"email"`
			} `json:"users"`
		}
		acme.Do(t, "GET", "/api/v1/admin/users", nil).JSON(t, &list)
		require.Len(t, list.Users, 1, "a customer admin sees their own org only")
		assert.Equal(t, "ap@acme.example", list.Users[0].Email)
		r := acme.Do(t, "POST", "/api/v1/admin/users/"+other.ID+"/force-password-reset", map[string]string{"reason": "x"})
		assert.Equal(t, "user_not_found", r.Problem(t), "another org's user does not exist for them")

		help := e.Client()
		help.SignIn(t, "help@vouch.example", adminPW)
		help.Do(t, "GET", "/api/v1/admin/users?q=EXAMPLE", nil).JSON(t, &list)
		assert.Len(t, list.Users, 5)
		help.Do(t, "GET", "/api/v1/admin/users?q=globex", nil).JSON(t, &list)
		assert.Len(t, list.Users, 1)
		help.Do(t, "GET", "/api/v1/admin/users?q=%25", nil).JSON(t, &list)
		assert.Empty(t, list.Users, "% is a literal, not a wildcard")
		r = help.Do(t, "POST", "/api/v1/admin/users/"+ops.ID+"/force-password-reset", map[string]string{"reason": "x"})
		assert.Equal(t, http.StatusForbidden, r.Status, "support cannot act on platform staff")
		r = help.Do(t, "POST", "/api/v1/admin/users/"+other.ID+"/force-password-reset",
			map[string]any{"reason": "caller asked", "verified_by": map[string]string{"method": "carrier pigeon"}})
		assert.Equal(t, "invalid_input", r.Problem(t))

		supplier := e.Client()
		supplier.SignIn(t, "sales@supplier.example", supplierPW)
		assert.Equal(t, "forbidden", supplier.Do(t, "GET", "/api/v1/admin/users", nil).Problem(t))
	})
}

func TestSignInIsRateLimited(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		var last *apitest.Response
		for i := 0; i < 12; i++ {
			last = c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": "guess number " + strings.Repeat("x", i)})
			if last.Status == http.StatusTooManyRequests {
				break
			}
			require.Equal(t, http.StatusUnauthorized, last.Status)
		}
		require.Equal(t, http.StatusTooManyRequests, last.Status, "guessing is stopped")
		assert.Equal(t, "rate_limited", last.Problem(t))
		assert.NotEmpty(t, last.Header.Get("Retry-After"))
		r := c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": adminPW})
		assert.Equal(t, http.StatusTooManyRequests, r.Status, "even the right password waits: no oracle while limited")
		assert.Equal(t, "done", e.Client().SignIn(t, "ap@acme.example", adminPW), "the real user, elsewhere, is not locked out")
	})
}

// mailSubjects waits until n messages reached the address and returns their subjects.
func mailSubjects(t *testing.T, e *apitest.Env, to string, n int) []string {
	t.Helper()
	var subjects []string
	require.Eventually(t, func() bool {
		msgs, err := e.Mail.Messages(t.Context())
		require.NoError(t, err)
		subjects = subjects[:0]
		for _, m := range msgs {
			for _, a := range m.To {
				if a.Address == to {
					subjects = append(subjects, m.Subject)
				}
			}
		}
		return len(subjects) >= n
	}, 10*time.Second, 50*time.Millisecond, "%d messages to %s", n, to)
	return subjects
}

func auditFilter(target, action string) audit.Filter {
	return audit.Filter{TargetID: target, Action: action}
}

func TestStaffRevokesSessions(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		clerk := e.CreateUser(t, "clerk@acme.example", supplierPW, identity.RoleCustomerAdmin, "Acme")
		admin, stolen := e.Client(), e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		stolen.SignIn(t, "clerk@acme.example", supplierPW)

		r := admin.Do(t, "DELETE", "/api/v1/admin/users/"+clerk.ID+"/sessions", map[string]string{"reason": "laptop stolen"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Equal(t, "unauthenticated", stolen.Do(t, "GET", "/api/v1/me", nil).Problem(t))
		assert.Equal(t, http.StatusOK, admin.Do(t, "GET", "/api/v1/me", nil).Status, "the admin's own session is untouched")
		events, err := e.App.Audit.List(t.Context(), auditFilter(clerk.ID, "user.sessions_revoked"))
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, "laptop stolen", events[0].Reason)
	})
}

func TestLockout(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		victim := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		guess := func(c *apitest.Client, pw string) *apitest.Response {
			return c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": pw})
		}

		lone := e.Client()
		for i := 0; i < 5; i++ {
			assert.Equal(t, "invalid_credentials", guess(lone, "wrong guess number "+strings.Repeat("x", i)).Problem(t))
		}
		assert.Equal(t, "done", e.Client().SignIn(t, "ap@acme.example", adminPW), "one address alone cannot lock anybody out")

		a, b := e.Client(), e.Client()
		for i := 0; i < 3; i++ {
			guess(a, "botnet guess a "+strings.Repeat("y", i))
		}
		guess(b, "botnet guess b one")
		assert.Equal(t, "invalid_credentials", guess(b, "botnet guess b two").Problem(t), "the locking attempt still looks like any failure")

		r := guess(e.Client(), adminPW)
		require.Equal(t, http.StatusLocked, r.Status, "%s", r.Body)
		assert.Equal(t, "account_locked", r.Problem(t))
		assert.NotEmpty(t, r.Header.Get("Retry-After"))
		assert.Equal(t, "account_locked", guess(e.Client(), "a wrong password now").Problem(t), "no password oracle while locked")

		help := e.Client()
		help.SignIn(t, "help@vouch.example", adminPW)
		var list struct {
			Users []struct {
				LockedUntil *string `json:"locked_until"`
			} `json:"users"`
		}
		help.Do(t, "GET", "/api/v1/admin/users?q=ap@acme", nil).JSON(t, &list)
		require.Len(t, list.Users, 1)
		assert.NotNil(t, list.Users[0].LockedUntil, "support sees the lock")

		r = help.Do(t, "POST", "/api/v1/admin/users/"+victim.ID+"/unlock", map[string]any{"reason": "verified by callback", "verified_by": map[string]string{"method": "callback"}})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Equal(t, "done", e.Client().SignIn(t, "ap@acme.example", adminPW))

		for _, action := range []string{"user.locked", "user.unlocked"} {
			events, err := e.App.Audit.List(t.Context(), auditFilter(victim.ID, action))
			require.NoError(t, err)
			assert.Len(t, events, 1, action)
		}
	})
}

func TestOwnSessions(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "other@acme.example", supplierPW, identity.RoleCustomerAdmin, "Acme")
		laptop, phone, other := e.Client(), e.Client(), e.Client()
		laptop.SignIn(t, "ap@acme.example", adminPW)
		phone.SignIn(t, "ap@acme.example", adminPW)
		other.SignIn(t, "other@acme.example", supplierPW)

		type sess struct {
			ID      string `json:"id"`
			IP      string `json:"ip"`
			Current bool   `json:"current"`
		}
		var list struct {
			Sessions []sess `json:"sessions"`
		}
		laptop.Do(t, "GET", "/api/v1/me/sessions", nil).JSON(t, &list)
		require.Len(t, list.Sessions, 2, "only the caller's own sessions")
		var phoneID string
		for _, s := range list.Sessions {
			if s.Current {
				assert.Equal(t, laptop.IP(), s.IP)
			} else {
				assert.Equal(t, phone.IP(), s.IP)
				phoneID = s.ID
			}
		}
		require.NotEmpty(t, phoneID)

		var theirs struct {
			Sessions []sess `json:"sessions"`
		}
		other.Do(t, "GET", "/api/v1/me/sessions", nil).JSON(t, &theirs)
		require.Len(t, theirs.Sessions, 1)
		assert.Equal(t, "session_not_found", laptop.Do(t, "DELETE", "/api/v1/me/sessions/"+theirs.Sessions[0].ID, nil).Problem(t),
			"someone else's session is not yours to end")
		assert.Equal(t, http.StatusOK, other.Do(t, "GET", "/api/v1/me", nil).Status)

		require.Equal(t, http.StatusNoContent, laptop.Do(t, "DELETE", "/api/v1/me/sessions/"+phoneID, nil).Status)
		assert.Equal(t, "unauthenticated", phone.Do(t, "GET", "/api/v1/me", nil).Problem(t))
		laptop.Do(t, "GET", "/api/v1/me/sessions", nil).JSON(t, &list)
		require.Len(t, list.Sessions, 1)
		assert.True(t, list.Sessions[0].Current)
	})
}
