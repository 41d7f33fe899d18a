package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/identity/passkeytest"
	"github.com/vouchhq/vouch/server/internal/notify/mailpittest"
)

const (
	sfBegin  = "/api/v1/auth/passkeys/second-factor/begin"
	sfFinish = "/api/v1/auth/passkeys/second-factor/finish"
)

// sfLoginResult is the {user, next} answer of a sign-in step.
type sfLoginResult struct {
	User struct {
		ID             string `json:"id"`
		RequirePasskey bool   `json:"require_passkey"`
	} `json:"user"`
	Next string `json:"next"`
}

// sfPasskeyUser creates a supplier user with one registered passkey, then requires a
// passkey of them (their own flag), and returns the user and their authenticator.
func sfPasskeyUser(t *testing.T, e *apitest.Env, email string) (identity.User, *passkeytest.Authenticator) {
	t.Helper()
	u, c := pkUser(t, e, email)
	a := pkAuthenticator(e)
	require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
	require.NoError(t, e.App.Identity.Store().SetUserRequirePasskey(t.Context(), u.ID, true))
	return u, a
}

// sfFinishWith runs the second factor's begin and finish with the authenticator.
func sfFinishWith(t *testing.T, c *apitest.Client, a *passkeytest.Authenticator, opts ...passkeytest.Option) *apitest.Response {
	t.Helper()
	r := c.Do(t, http.MethodPost, sfBegin, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assertion, _, err := a.Get(r.Body, opts...)
	require.NoError(t, err)
	return c.Do(t, http.MethodPost, sfFinish, string(assertion))
}

func TestSecondFactorPasswordThenPasskey(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, a := sfPasskeyUser(t, e, "2fa@s.example")

		c := e.Client()
		require.Equal(t, "passkey", c.SignIn(t, "2fa@s.example", pkPW))
		half := c.Cookie("vouch_session")
		sessions := identity.NewSessions(e.App.KV, identity.SessionConfig{})
		sess, err := sessions.Lookup(t.Context(), half)
		require.NoError(t, err)
		assert.Equal(t, identity.StagePasskey, sess.Stage)
		assert.Equal(t, identity.SecondFactorWindow, sess.ExpiresAt.Sub(sess.CreatedAt), "a half sign-in is short-lived")

		// The half-signed-in session may read who it is, nothing else.
		r := c.Do(t, http.MethodGet, "/api/v1/me", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var me struct {
			RequirePasskey bool   `json:"require_passkey"`
			PendingStep    string `json:"pending_step"`
		}
		r.JSON(t, &me)
		assert.True(t, me.RequirePasskey)
		assert.Equal(t, "passkey", me.PendingStep, "a reloaded page resumes the second factor")
		r = c.Do(t, http.MethodGet, pkMine, nil)
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "second_factor_required", r.Problem(t))

		// The options list this user's passkeys only.
		r = c.Do(t, http.MethodPost, sfBegin, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))
		o := pkParse(t, r.Body)
		assert.Len(t, o.PublicKey.AllowCredentials, 1)
		assert.Equal(t, "required", o.PublicKey.UserVerification)
		assertion, _, err := a.Get(r.Body)
		require.NoError(t, err)
		r = c.Do(t, http.MethodPost, sfFinish, string(assertion))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		sess, err = sessions.Lookup(t.Context(), c.Cookie("vouch_session"))
		require.NoError(t, err)
		assert.Equal(t, identity.StageFull, sess.Stage)
		assert.Greater(t, sess.ExpiresAt.Sub(sess.CreatedAt), identity.SecondFactorWindow)
		var out sfLoginResult
		r.JSON(t, &out)
		assert.Equal(t, "done", out.Next)
		assert.Equal(t, u.ID, out.User.ID)
		var full map[string]any
		c.Do(t, http.MethodGet, "/api/v1/me", nil).JSON(t, &full)
		assert.NotContains(t, full, "pending_step")

		// A new session id; the half one is gone.
		assert.NotEqual(t, half, c.Cookie("vouch_session"))
		assert.Len(t, pkList(t, c), 1)
		stale := e.Client()
		stale.SetCookie("vouch_session", half)
		assert.Equal(t, http.StatusUnauthorized, stale.Do(t, http.MethodGet, "/api/v1/me", nil).Status)

		assert.Len(t, pkEvents(t, e, "auth.second_factor", u.ID), 1)
		// A finished second factor is not pending any more.
		r = c.Do(t, http.MethodPost, sfBegin, nil)
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "second_factor_not_pending", r.Problem(t))
	})
}

func TestSecondFactorRefusals(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, a := sfPasskeyUser(t, e, "victim@s.example")
		_, other := pkUser(t, e, "mallory@s.example")
		b := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, other, b, "Mallory's").Status)

		c := e.Client()
		require.Equal(t, "passkey", c.SignIn(t, "victim@s.example", pkPW))

		tests := []struct {
			name string
			run  func() *apitest.Response
			code string
		}{
			{"another user's passkey", func() *apitest.Response {
				return sfFinishWith(t, c, b, passkeytest.WithCredential(b.Credentials()[0]))
			}, "passkey_invalid"},
			{"a tampered signature", func() *apitest.Response {
				return sfFinishWith(t, c, a, passkeytest.WithTamperedSignature())
			}, "passkey_invalid"},
			{"no user verification", func() *apitest.Response {
				return sfFinishWith(t, c, a, passkeytest.WithoutUserVerification())
			}, "passkey_invalid"},
			{"a sign-in ceremony instead of a second-factor one", func() *apitest.Response {
				assertion, _, err := a.Get(pkBegin(t, c, ""))
				require.NoError(t, err)
				return c.Do(t, http.MethodPost, sfFinish, string(assertion))
			}, "ceremony_expired"},
			{"not a credential", func() *apitest.Response {
				return c.Do(t, http.MethodPost, sfFinish, `{"id":"x"}`)
			}, "malformed_webauthn"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.run()
				assert.Equal(t, tt.code, r.Problem(t), "%s", r.Body)
				// Still half signed in.
				assert.Equal(t, "second_factor_required", c.Do(t, http.MethodGet, pkMine, nil).Problem(t))
			})
		}
		assert.NotEmpty(t, pkEvents(t, e, "auth.second_factor_failed", u.ID))
		assert.Empty(t, pkEvents(t, e, "auth.second_factor", u.ID))

		// A ceremony begun by one half session cannot be finished by another.
		c2 := e.Client()
		require.Equal(t, "passkey", c2.SignIn(t, "victim@s.example", pkPW))
		r := c.Do(t, http.MethodPost, sfBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err := a.Get(r.Body)
		require.NoError(t, err)
		c2.SetCookie("vouch_ceremony", c.Cookie("vouch_ceremony"))
		assert.Equal(t, "ceremony_expired", c2.Do(t, http.MethodPost, sfFinish, string(assertion)).Problem(t))

		// The right passkey still works afterwards.
		r = sfFinishWith(t, c, a)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	})
}

func TestSecondFactorBeforeForcedReset(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, a := sfPasskeyUser(t, e, "forced2fa@s.example")
		require.NoError(t, e.App.Identity.Store().SetMustChangePassword(t.Context(), u.ID, true))

		c := e.Client()
		require.Equal(t, "passkey", c.SignIn(t, "forced2fa@s.example", pkPW))
		// The password change waits for the second factor.
		r := c.Do(t, http.MethodPost, "/api/v1/auth/password/change",
			map[string]string{"current_password": pkPW, "new_password": "a brand new passphrase 42"})
		assert.Equal(t, "second_factor_required", r.Problem(t))

		r = sfFinishWith(t, c, a)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out sfLoginResult
		r.JSON(t, &out)
		assert.Equal(t, "change_password", out.Next)
		assert.Equal(t, "password_change_required", c.Do(t, http.MethodGet, pkMine, nil).Problem(t))
		r = c.Do(t, http.MethodPost, "/api/v1/auth/password/change",
			map[string]string{"current_password": pkPW, "new_password": "a brand new passphrase 42"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Len(t, pkList(t, c), 1)
	})
}

func TestSecondFactorNotAskedOfPasskeySignIn(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		_, a := sfPasskeyUser(t, e, "pkonly@s.example")
		c := e.Client()
		r := pkLogin(t, c, a, "")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out sfLoginResult
		r.JSON(t, &out)
		assert.Equal(t, "done", out.Next, "a passkey with user verification is two factors already")
		assert.Len(t, pkList(t, c), 1)
	})
}

func TestSecondFactorByOrgPolicy(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "member@c.example", pkPW, identity.RoleSupplierUser, "Policy Co")
		e.CreateUser(t, "outsider@c.example", pkPW, identity.RoleSupplierUser, "Other Co")
		org, err := e.App.Identity.Store().GetOrgByName(t.Context(), identity.OrgSupplier, "Policy Co")
		require.NoError(t, err)
		require.NoError(t, e.App.Identity.Store().SetOrgRequirePasskey(t.Context(), org.ID, true))

		assert.Equal(t, "passkey_setup", e.Client().SignIn(t, "member@c.example", pkPW))
		assert.Equal(t, "done", e.Client().SignIn(t, "outsider@c.example", pkPW))
	})
}

// sfWaitSubject waits for a message to `to` whose subject contains want.
func sfWaitSubject(t *testing.T, mail *mailpittest.Client, to, want string) mailpittest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		msg, err := mail.WaitFor(ctx, to)
		require.NoError(t, err, "no message %q to %s", want, to)
		if strings.Contains(msg.Subject, want) {
			return msg
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no message %q to %s", want, to)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func TestSecondFactorSetup(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u := e.CreateUser(t, "setup@s.example", pkPW, identity.RoleSupplierUser, "Setup Co")
		require.NoError(t, e.App.Identity.Store().SetUserRequirePasskey(t.Context(), u.ID, true))

		c := e.Client()
		require.Equal(t, "passkey_setup", c.SignIn(t, "setup@s.example", pkPW))
		half := c.Cookie("vouch_session")
		assert.Equal(t, http.StatusOK, c.Do(t, http.MethodGet, "/api/v1/me", nil).Status)
		r := c.Do(t, http.MethodGet, pkMine, nil)
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "passkey_setup_required", r.Problem(t))
		assert.Equal(t, "passkey_setup_required", c.Do(t, http.MethodPost, sfBegin, nil).Problem(t))

		a := pkAuthenticator(e)
		r = pkRegister(t, c, a, "Phone")
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		assert.NotEqual(t, half, c.Cookie("vouch_session"), "the setup session is replaced")
		assert.Len(t, pkList(t, c), 1, "the new session is fully signed in")
		stale := e.Client()
		stale.SetCookie("vouch_session", half)
		assert.Equal(t, http.StatusUnauthorized, stale.Do(t, http.MethodGet, "/api/v1/me", nil).Status)
		assert.Len(t, pkEvents(t, e, "passkey.registered", ""), 1)

		msg := sfWaitSubject(t, e.Mail, "setup@s.example", "A passkey was added")
		assert.Contains(t, msg.Text, `"Phone"`)
		assert.Contains(t, msg.Text, "/forgot-password")

		// From now on the password asks for that passkey.
		c2 := e.Client()
		require.Equal(t, "passkey", c2.SignIn(t, "setup@s.example", pkPW))
		r = sfFinishWith(t, c2, a)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	}, apitest.WithMail())
}

// TestUnfinishedStagesAreRefusedElsewhere holds every signed-in route against sessions
// that are half signed in: each answers 403 with the stage's code, except the few the
// stage exists for.
func TestUnfinishedStagesAreRefusedElsewhere(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		sfPasskeyUser(t, e, "stage-pk@s.example")
		setup := e.CreateUser(t, "stage-setup@s.example", pkPW, identity.RoleCustomerAdmin, "Stage Co")
		require.NoError(t, e.App.Identity.Store().SetUserRequirePasskey(t.Context(), setup.ID, true))

		stages := []struct {
			email, next, code string
			allowed           []string
		}{
			{"stage-pk@s.example", "passkey", "second_factor_required",
				[]string{"GET /api/v1/me", "POST " + sfBegin, "POST " + sfFinish}},
			{"stage-setup@s.example", "passkey_setup", "passkey_setup_required",
				[]string{"GET /api/v1/me", "POST " + pkRegisterBegin, "POST " + pkRegisterFinish}},
		}
		for _, st := range stages {
			c := e.Client()
			require.Equal(t, st.next, c.SignIn(t, st.email, pkPW))
			checked := 0
			for _, rt := range e.Server.Routes() {
				key := rt.Method + " " + rt.Path
				if rt.Access.String() == "public" {
					continue
				}
				path := strings.NewReplacer(":id", "usr_doesnotexist", ":rule_id", "ipr_doesnotexist", ":approval_id", "apr_doesnotexist").Replace(rt.Path)
				var body any
				if rt.Method != http.MethodGet {
					body = map[string]string{}
				}
				r := c.Do(t, rt.Method, path, body)
				if contains(st.allowed, key) {
					assert.NotEqual(t, http.StatusForbidden, r.Status, "%s at %s: %s", key, st.next, r.Body)
					continue
				}
				assert.Equal(t, http.StatusForbidden, r.Status, "%s at %s: %s", key, st.next, r.Body)
				assert.Equal(t, st.code, r.Problem(t), "%s at %s", key, st.next)
				checked++
			}
			assert.Greater(t, checked, 20, "the matrix covers the signed-in routes")
			// Sign-out works at every stage.
			assert.Equal(t, http.StatusNoContent, c.Do(t, http.MethodPost, "/api/v1/auth/logout", nil).Status)
			assert.Equal(t, http.StatusUnauthorized, c.Do(t, http.MethodGet, "/api/v1/me", nil).Status)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSecondFactorIsRateLimitedPerAccount(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		sfPasskeyUser(t, e, "limited2fa@s.example")
		limited := false
		for i := range 30 {
			// A fresh address for every call: the per-account bucket is what holds.
			c := e.Client()
			require.Equal(t, "passkey", c.SignIn(t, "limited2fa@s.example", pkPW), "sign-in %d", i)
			r := c.Do(t, http.MethodPost, sfBegin, nil)
			if r.Status == http.StatusTooManyRequests {
				limited = true
				assert.NotEmpty(t, r.Header.Get("Retry-After"))
				assert.Equal(t, "rate_limited", r.Problem(t))
				break
			}
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		}
		assert.True(t, limited, "second-factor ceremonies are rate limited per account")
	})
}
