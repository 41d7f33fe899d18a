package httpapi_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

const (
	rcRequest  = "/api/v1/auth/recovery/request"
	rcStart    = "/api/v1/auth/recovery/start"
	rcComplete = "/api/v1/auth/recovery/complete"
	rcAdmin    = "/api/v1/admin/recoveries"
	rcMine     = "/api/v1/me/recovery"
)

var recoverLinkRe = regexp.MustCompile(`/recover\?token=([A-Za-z0-9_-]{43})`)

// rcItem is a recovery as the API shows it.
type rcItem struct {
	ID          string    `json:"id"`
	UserID      string    `json:"user_id"`
	UserEmail   string    `json:"user_email"`
	Status      string    `json:"status"`
	RequestedIP string    `json:"requested_ip"`
	CreatedAt   time.Time `json:"created_at"`
	ReadyAt     time.Time `json:"ready_at"`
}

// rcOwner creates a customer admin of org with one passkey and returns them, signed in.
func rcOwner(t *testing.T, e *apitest.Env, email string, role identity.Role, org string) (identity.User, *apitest.Client) {
	t.Helper()
	u := e.CreateUser(t, email, adminPW, role, org)
	c := e.Client()
	require.Equal(t, "done", c.SignIn(t, email, adminPW))
	require.Equal(t, http.StatusCreated, pkRegister(t, c, pkAuthenticator(e), "Lost phone").Status)
	return u, c
}

// rcLink asks for a recovery link and returns its token from the e-mail.
func rcLink(t *testing.T, e *apitest.Env, c *apitest.Client, email string) string {
	t.Helper()
	require.NoError(t, e.Mail.DeleteAll(t.Context()))
	r := c.Do(t, http.MethodPost, rcRequest, map[string]string{"email": email})
	require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
	m := mailWith(t, e, email, "Recover access")
	tok := recoverLinkRe.FindStringSubmatch(m.Text)
	require.NotNil(t, tok, m.Text)
	assert.Contains(t, m.HTML, tok[1])
	return tok[1]
}

func rcList(t *testing.T, c *apitest.Client) []rcItem {
	t.Helper()
	r := c.Do(t, http.MethodGet, rcAdmin, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var out struct {
		Recoveries []rcItem `json:"recoveries"`
	}
	r.JSON(t, &out)
	return out.Recoveries
}

func rcMineOf(t *testing.T, c *apitest.Client) *rcItem {
	t.Helper()
	r := c.Do(t, http.MethodGet, rcMine, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var out struct {
		Recovery *rcItem `json:"recovery"`
	}
	r.JSON(t, &out)
	return out.Recovery
}

func rcToken(c *apitest.Client, t *testing.T, path, token string) *apitest.Response {
	t.Helper()
	return c.Do(t, http.MethodPost, path, map[string]string{"token": token})
}

func signedInAs(t *testing.T, e *apitest.Env, email string) *apitest.Client {
	t.Helper()
	c := e.Client()
	require.Equal(t, "done", c.SignIn(t, email, adminPW))
	return c
}

func TestPasskeyRecoveryEndToEnd(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		bob, bobWeb := rcOwner(t, e, "bob@acme.example", identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "alice@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "eve@globex.example", adminPW, identity.RoleCustomerAdmin, "Globex")
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		e.CreateUser(t, "nokeys@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		anon := e.Client()

		// Unknown addresses and accounts without passkeys look the same and get nothing.
		for _, email := range []string{"nobody@acme.example", "nokeys@acme.example"} {
			r := anon.Do(t, http.MethodPost, rcRequest, map[string]string{"email": email})
			assert.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
		}
		assert.Equal(t, "invalid_input", anon.Do(t, http.MethodPost, rcRequest, map[string]string{}).Problem(t))
		token := rcLink(t, e, anon, "BOB@acme.example")
		msgs, err := e.Mail.Messages(t.Context())
		require.NoError(t, err)
		assert.Len(t, msgs, 1, "only bob got mail")

		// Bad links.
		assert.Equal(t, "invalid_input", anon.Do(t, http.MethodPost, rcStart, map[string]string{}).Problem(t))
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcStart, "short").Problem(t))
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcStart, otherToken(token)).Problem(t))
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcComplete, token).Problem(t), "not started yet")

		before := time.Now()
		r := rcToken(anon, t, rcStart, token)
		require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
		var started rcItem
		r.JSON(t, &started)
		assert.Equal(t, "waiting", started.Status)
		assert.WithinDuration(t, before.Add(24*time.Hour), started.ReadyAt, time.Minute, "VOUCH_RECOVERY_WAIT defaults to 24h")

		// The org's other admin is told who, when and from where; the user too; the
		// platform admins are not, since the org has an admin of its own.
		alert := mailWith(t, e, "alice@acme.example", "passkey recovery started for bob@acme.example")
		assert.Contains(t, alert.Text, anon.IP())
		assert.Contains(t, alert.Text, "/admin/recoveries")
		mine := mailWith(t, e, "bob@acme.example", "will be removed")
		assert.Contains(t, mine.Text, anon.IP())
		assert.Contains(t, mine.Text, "/account")
		assert.Equal(t, []string{"Vouch: passkey recovery started for bob@acme.example"}, mailSubjects(t, e, "alice@acme.example", 1))
		msgs, err = e.Mail.Messages(t.Context())
		require.NoError(t, err)
		for _, to := range []string{"ops@vouch.example", "eve@globex.example"} {
			for _, m := range msgs {
				for _, a := range m.To {
					assert.NotEqual(t, to, a.Address)
				}
			}
		}
		assert.Len(t, pkEvents(t, e, "passkey.recovery_started", bob.ID), 1)

		// Starting again shows the same recovery; completing early says when.
		r = rcToken(e.Client(), t, rcStart, token)
		require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
		var again rcItem
		r.JSON(t, &again)
		assert.True(t, started.ReadyAt.Equal(again.ReadyAt))
		r = rcToken(anon, t, rcComplete, token)
		assert.Equal(t, http.StatusConflict, r.Status)
		var waiting struct {
			Code    string    `json:"code"`
			ReadyAt time.Time `json:"ready_at"`
		}
		r.JSON(t, &waiting)
		assert.Equal(t, "recovery_waiting", waiting.Code)
		assert.True(t, started.ReadyAt.Equal(waiting.ReadyAt))

		// Who sees it: the user, their org's admins and platform staff; not another org.
		own := rcMineOf(t, bobWeb)
		require.NotNil(t, own)
		assert.Equal(t, "bob@acme.example", own.UserEmail)
		alice, eve := signedInAs(t, e, "alice@acme.example"), signedInAs(t, e, "eve@globex.example")
		ops, help := signedInAs(t, e, "ops@vouch.example"), signedInAs(t, e, "help@vouch.example")
		list := rcList(t, alice)
		require.Len(t, list, 1)
		assert.Equal(t, bob.ID, list[0].UserID)
		assert.Equal(t, anon.IP(), list[0].RequestedIP)
		assert.Empty(t, rcList(t, eve))
		assert.Len(t, rcList(t, ops), 1)
		assert.Len(t, rcList(t, help), 1)
		assert.Nil(t, rcMineOf(t, alice))

		// Another org's admin cannot cancel it: not found, as if it did not exist.
		r = eve.Do(t, http.MethodPost, rcAdmin+"/"+list[0].ID+"/cancel", map[string]string{"reason": "mischief"})
		assert.Equal(t, http.StatusNotFound, r.Status)
		assert.Equal(t, "recovery_not_found", r.Problem(t))
		r = alice.Do(t, http.MethodPost, rcAdmin+"/"+list[0].ID+"/cancel", map[string]string{"reason": "  "})
		assert.Equal(t, "invalid_input", r.Problem(t))
		assert.Len(t, rcList(t, alice), 1, "nothing changed")

		// After the wait the link removes every passkey and ends every session.
		e.App.Recoveries.SetClock(func() time.Time { return time.Now().Add(24*time.Hour + time.Minute) })
		r = rcToken(anon, t, rcComplete, token)
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Equal(t, http.StatusUnauthorized, bobWeb.Do(t, http.MethodGet, "/api/v1/me", nil).Status)
		fresh := signedInAs(t, e, "bob@acme.example")
		assert.Empty(t, pkList(t, fresh))
		evs := pkEvents(t, e, "passkey.recovery_completed", bob.ID)
		require.Len(t, evs, 1)
		assert.Equal(t, "1", fmt.Sprint(evs[0].Details["passkeys_removed"]))
		assert.Contains(t, mailSubjects(t, e, "bob@acme.example", 3), "The passkeys of your Vouch account were removed")
		assert.Empty(t, rcList(t, ops))

		// A used link is dead; the first passkey registers again without a step-up.
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcComplete, token).Problem(t))
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcStart, token).Problem(t))
		assert.Equal(t, http.StatusCreated, pkRegister(t, fresh, pkAuthenticator(e), "New phone").Status)
	}, apitest.WithMail())
}

func TestPasskeyRecoveryCancelled(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		bob, bobWeb := rcOwner(t, e, "bob@acme.example", identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "alice@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		anon := e.Client()

		// An admin cancels, with a reason; the user is told and the link is spent.
		token := rcLink(t, e, anon, "bob@acme.example")
		require.Equal(t, http.StatusAccepted, rcToken(anon, t, rcStart, token).Status)
		alice := signedInAs(t, e, "alice@acme.example")
		list := rcList(t, alice)
		require.Len(t, list, 1)
		r := alice.Do(t, http.MethodPost, rcAdmin+"/"+list[0].ID+"/cancel", map[string]string{"reason": "Bob has his phone"})
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		evs := pkEvents(t, e, "passkey.recovery_cancelled", bob.ID)
		require.Len(t, evs, 1)
		assert.Equal(t, "Bob has his phone", evs[0].Reason)
		msg := mailWith(t, e, "bob@acme.example", "was cancelled")
		assert.Contains(t, msg.Text, "an administrator")
		assert.Contains(t, msg.Text, "Bob has his phone")
		assert.Empty(t, rcList(t, alice))
		assert.Nil(t, rcMineOf(t, bobWeb))
		assert.Equal(t, "recovery_not_found", alice.Do(t, http.MethodPost, rcAdmin+"/"+list[0].ID+"/cancel", map[string]string{"reason": "again"}).Problem(t))
		e.App.Recoveries.SetClock(func() time.Time { return time.Now().Add(48 * time.Hour) })
		r = rcToken(anon, t, rcComplete, token)
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "recovery_cancelled", r.Problem(t))
		assert.Equal(t, "recovery_cancelled", rcToken(anon, t, rcStart, token).Problem(t))
		e.App.Recoveries.SetClock(time.Now)
		assert.Len(t, pkList(t, bobWeb), 1, "the passkey stayed")

		// The user cancels their own, signed in with anything that still works.
		token = rcLink(t, e, anon, "bob@acme.example")
		require.Equal(t, http.StatusAccepted, rcToken(anon, t, rcStart, token).Status)
		// A second link while one waits is refused: the first one is the recovery.
		second := rcLink(t, e, anon, "bob@acme.example")
		assert.Equal(t, "recovery_pending", rcToken(anon, t, rcStart, second).Problem(t))
		require.NotNil(t, rcMineOf(t, bobWeb))
		require.Equal(t, http.StatusNoContent, bobWeb.Do(t, http.MethodDelete, rcMine, nil).Status)
		assert.Nil(t, rcMineOf(t, bobWeb))
		assert.Equal(t, "recovery_not_found", bobWeb.Do(t, http.MethodDelete, rcMine, nil).Problem(t))
		assert.Contains(t, mailWith(t, e, "bob@acme.example", "was cancelled").Text, "cancelled by you")
		assert.Equal(t, "recovery_cancelled", rcToken(anon, t, rcStart, token).Problem(t))
	}, apitest.WithMail())
}

func TestPasskeyRecoveryExpiry(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		rcOwner(t, e, "sup@s.example", identity.RoleSupplierUser, "Supplier Co")
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		anon := e.Client()

		// A link not opened within the hour is dead.
		token := rcLink(t, e, anon, "sup@s.example")
		e.App.Recoveries.SetClock(func() time.Time { return time.Now().Add(identity.RecoveryLinkTTL + time.Second) })
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcStart, token).Problem(t))
		e.App.Recoveries.SetClock(time.Now)

		// A supplier's org has no admins of its own: the platform admins are told.
		token = rcLink(t, e, anon, "sup@s.example")
		require.Equal(t, http.StatusAccepted, rcToken(anon, t, rcStart, token).Status)
		mailWith(t, e, "ops@vouch.example", "passkey recovery started for sup@s.example")

		// A recovery nobody completes does not stay armed for ever.
		e.App.Recoveries.SetClock(func() time.Time {
			return time.Now().Add(identity.DefaultRecoveryWait + identity.RecoveryCompleteWindow + time.Minute)
		})
		assert.Equal(t, "recovery_link_invalid", rcToken(anon, t, rcComplete, token).Problem(t))
	}, apitest.WithMail())
}

func TestPasskeyRecoveryRequestIsRateLimited(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		c := e.Client()
		var last *apitest.Response
		for range 4 {
			last = c.Do(t, http.MethodPost, rcRequest, map[string]string{"email": "same@acme.example"})
		}
		assert.Equal(t, http.StatusTooManyRequests, last.Status, "%s", last.Body)
		assert.Equal(t, "rate_limited", last.Problem(t))
	})
}
