package httpapi_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

var resetTokenRe = regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`)

// resetToken waits for the reset e-mail to an address and returns the token in its link.
func resetToken(t *testing.T, e *apitest.Env, to string) string {
	t.Helper()
	msg, err := e.Mail.WaitFor(t.Context(), to)
	require.NoError(t, err)
	assert.Equal(t, "Reset your Vouch password", msg.Subject)
	m := resetTokenRe.FindStringSubmatch(msg.Text)
	require.NotNil(t, m, "no link in: %s", msg.Text)
	assert.Contains(t, msg.HTML, m[1], "the HTML part carries the same link")
	require.NoError(t, e.Mail.DeleteAll(t.Context()))
	return m[1]
}

func TestPasswordResetByLink(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		old := e.Client()
		old.SignIn(t, "ap@acme.example", adminPW)
		c := e.Client()

		r := c.Do(t, "POST", "/api/v1/auth/password/reset/request", map[string]string{"email": "nobody@acme.example"})
		require.Equal(t, http.StatusAccepted, r.Status, "unknown addresses look the same")
		r = c.Do(t, "POST", "/api/v1/auth/password/reset/request", map[string]string{"email": "AP@acme.example"})
		require.Equal(t, http.StatusAccepted, r.Status)
		token := resetToken(t, e, "ap@acme.example")
		msgs, err := e.Mail.Messages(t.Context())
		require.NoError(t, err)
		assert.Empty(t, msgs, "nothing went to the unknown address")

		confirm := func(token, pw string) *apitest.Response {
			return c.Do(t, "POST", "/api/v1/auth/password/reset/confirm", map[string]string{"token": token, "new_password": pw})
		}
		assert.Equal(t, "weak_password", confirm(token, "password1234").Problem(t))
		assert.Equal(t, "reset_link_invalid", confirm("x", "another calm river stone").Problem(t))
		assert.Equal(t, "reset_link_invalid", confirm(otherToken(token), "another calm river stone").Problem(t))
		require.Equal(t, http.StatusNoContent, confirm(token, "another calm river stone").Status, "a refused password left the link usable")
		assert.Equal(t, "reset_link_invalid", confirm(token, "yet another calm river").Problem(t), "a link works once")

		assert.Equal(t, "unauthenticated", old.Do(t, "GET", "/api/v1/me", nil).Problem(t), "old sessions end")
		assert.Equal(t, "done", e.Client().SignIn(t, "ap@acme.example", "another calm river stone"))
		assert.Contains(t, mailSubjects(t, e, "ap@acme.example", 1), "Your Vouch password was changed")
	}, apitest.WithMail())
}

func TestResetLinkDiesWhenPasswordChanges(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		c.Do(t, "POST", "/api/v1/auth/password/reset/request", map[string]string{"email": "ap@acme.example"})
		token := resetToken(t, e, "ap@acme.example")

		c.SignIn(t, "ap@acme.example", adminPW)
		r := c.Do(t, "POST", "/api/v1/auth/password/change", map[string]string{"current_password": adminPW, "new_password": "brand new calm passphrase"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)

		r = e.Client().Do(t, "POST", "/api/v1/auth/password/reset/confirm", map[string]string{"token": token, "new_password": "another calm river stone"})
		assert.Equal(t, "reset_link_invalid", r.Problem(t), "a link issued before a password change is dead")
	}, apitest.WithMail())
}

func TestSupportSendsResetLink(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		user := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		help := e.Client()
		help.SignIn(t, "help@vouch.example", adminPW)

		r := help.Do(t, "POST", "/api/v1/admin/users/"+user.ID+"/reset-link", map[string]any{
			"reason": "user locked out, called in", "verified_by": map[string]string{"method": "callback", "note": "called number on file"},
		})
		require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
		token := resetToken(t, e, "ap@acme.example")
		assert.NotContains(t, string(r.Body), token, "staff never see the link")

		events, err := e.App.Audit.List(t.Context(), auditFilter(user.ID, "user.password_reset_link_sent"))
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, "user locked out, called in", events[0].Reason)
		assert.Equal(t, "callback", string(events[0].VerifiedByMethod))
		assert.NotContains(t, events[0].Hash+events[0].Reason+events[0].VerifiedByNote, token)
	}, apitest.WithMail())
}

// otherToken changes the last character of a token, so it is the same shape but wrong.
func otherToken(token string) string {
	last := "A"
	if token[len(token)-1] == 'A' {
		last = "B"
	}
	return token[:len(token)-1] + last
}
