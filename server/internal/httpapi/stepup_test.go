package httpapi_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify/mailpittest"
)

const (
	suEmailBegin  = "/api/v1/auth/step-up/email/begin"
	suEmailFinish = "/api/v1/auth/step-up/email/finish"
)

var stepUpCodeRe = regexp.MustCompile(`\b(\d{6})\b`)

// stepUp records a step-up on the client's session directly, for tests about what a
// step-up unlocks rather than how one is made.
func stepUp(t testing.TB, e *apitest.Env, c *apitest.Client) {
	t.Helper()
	_, err := identity.NewSessions(e.App.KV, identity.SessionConfig{}).RecordStepUp(t.Context(), c.Cookie("vouch_session"))
	require.NoError(t, err)
}

// mailWith waits for a message to an address whose subject contains want, and returns it.
func mailWith(t *testing.T, e *apitest.Env, to, want string) mailpittest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		list, err := e.Mail.Messages(ctx)
		require.NoError(t, err)
		for _, s := range list {
			for _, a := range s.To {
				if strings.EqualFold(a.Address, to) && strings.Contains(s.Subject, want) {
					m, err := e.Mail.Message(ctx, s.ID)
					require.NoError(t, err)
					return m
				}
			}
		}
		select {
		case <-ctx.Done():
			require.FailNow(t, "no mail", "to %s with %q", to, want)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// emailCode asks for a step-up code and returns the one that arrived.
func emailCode(t *testing.T, e *apitest.Env, c *apitest.Client, to string) string {
	t.Helper()
	require.NoError(t, e.Mail.DeleteAll(t.Context()))
	r := c.Do(t, http.MethodPost, suEmailBegin, nil)
	require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
	m := mailWith(t, e, to, "confirmation code")
	code := stepUpCodeRe.FindStringSubmatch(m.Subject)
	require.NotNil(t, code, m.Subject)
	assert.Contains(t, m.Text, code[1])
	assert.Contains(t, m.HTML, code[1])
	return code[1]
}

// stepUpProblem is a step_up_required answer.
type stepUpProblem struct {
	Code    string   `json:"code"`
	Methods []string `json:"methods"`
}

func requireStepUp(t *testing.T, r *apitest.Response) stepUpProblem {
	t.Helper()
	require.Equal(t, http.StatusForbidden, r.Status, "%s", r.Body)
	var p stepUpProblem
	r.JSON(t, &p)
	require.Equal(t, "step_up_required", p.Code)
	return p
}

func finishCode(t *testing.T, c *apitest.Client, code string) *apitest.Response {
	t.Helper()
	return c.Do(t, http.MethodPost, suEmailFinish, map[string]string{"code": code})
}

func TestEmailStepUpUnlocksAPIKeyCreation(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u := e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		require.Equal(t, "done", c.SignIn(t, "ap@acme.example", adminPW))
		key := map[string]string{"name": "ERP"}

		p := requireStepUp(t, c.Do(t, http.MethodPost, "/api/v1/api-keys", key))
		assert.Equal(t, []string{"email"}, p.Methods, "no passkey: the e-mailed code is the way")

		assert.Equal(t, "code_expired", finishCode(t, c, "123456").Problem(t), "no code was sent to this session")
		code := emailCode(t, e, c, "ap@acme.example")
		wrong := "000000"
		if code == wrong {
			wrong = "000001"
		}
		for _, bad := range []string{wrong, "12345", "abcdef", "1234567", " " + code} {
			r := finishCode(t, c, bad)
			assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%q: %s", bad, r.Body)
			assert.Equal(t, "invalid_code", r.Problem(t), bad)
		}
		assert.Equal(t, "malformed_json", c.Do(t, http.MethodPost, suEmailFinish, "{").Problem(t))
		requireStepUp(t, c.Do(t, http.MethodPost, "/api/v1/api-keys", key))
		fails := pkEvents(t, e, "auth.step_up_failed", u.ID)
		require.Len(t, fails, 1, "malformed codes are not guesses")
		assert.Equal(t, "email", fails[0].Details["method"])

		// A code belongs to the session it was sent to.
		other := e.Client()
		require.Equal(t, "done", other.SignIn(t, "ap@acme.example", adminPW))
		assert.Equal(t, "code_expired", finishCode(t, other, code).Problem(t))

		r := finishCode(t, c, code)
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		evs := pkEvents(t, e, "auth.step_up", u.ID)
		require.Len(t, evs, 1)
		assert.Equal(t, "email", evs[0].Details["method"])
		assert.Equal(t, "code_expired", finishCode(t, c, code).Problem(t), "a code works once")

		r = c.Do(t, http.MethodPost, "/api/v1/api-keys", key)
		assert.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		requireStepUp(t, other.Do(t, http.MethodPost, "/api/v1/api-keys", key))
	}, apitest.WithMail())
}

func TestEmailStepUpCodeLimits(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		c.SignIn(t, "ap@acme.example", adminPW)

		// Five wrong tries kill the code, even for the right answer after them.
		code := emailCode(t, e, c, "ap@acme.example")
		wrong := "999999"
		if code == wrong {
			wrong = "999998"
		}
		for range identity.EmailCodeMaxTries {
			assert.Equal(t, "invalid_code", finishCode(t, c, wrong).Problem(t))
		}
		assert.Equal(t, "code_expired", finishCode(t, c, code).Problem(t))

		// A new code replaces the old one.
		first := emailCode(t, e, c, "ap@acme.example")
		second := emailCode(t, e, c, "ap@acme.example")
		if first != second {
			assert.Equal(t, "invalid_code", finishCode(t, c, first).Problem(t))
		}
		require.Equal(t, http.StatusNoContent, finishCode(t, c, second).Status)

		// Ten minutes later a code is dead.
		code = emailCode(t, e, c, "ap@acme.example")
		e.App.EmailCodes.SetClock(func() time.Time { return time.Now().Add(identity.EmailCodeTTL + time.Second) })
		assert.Equal(t, "code_expired", finishCode(t, c, code).Problem(t))
		e.App.EmailCodes.SetClock(time.Now)

		// Each code is an e-mail: a person gets five per quarter hour (four were sent).
		require.Equal(t, http.StatusAccepted, c.Do(t, http.MethodPost, suEmailBegin, nil).Status)
		r := c.Do(t, http.MethodPost, suEmailBegin, nil)
		assert.Equal(t, http.StatusTooManyRequests, r.Status, "%s", r.Body)
		assert.Equal(t, "rate_limited", r.Problem(t))
		assert.NotEmpty(t, r.Header.Get("Retry-After"))
	}, apitest.WithMail())
}

func TestStepUpGuardsPasskeys(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "guard@s.example")
		laptop := pkAuthenticator(e)

		// The first passkey needs only the sign-in.
		r := pkRegister(t, c, laptop, "Laptop")
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		var first pkItem
		r.JSON(t, &first)

		// The second needs a step-up, and with a passkey that is the way: no e-mailed code.
		p := requireStepUp(t, c.Do(t, http.MethodPost, pkRegisterBegin, nil))
		assert.Equal(t, []string{"passkey"}, p.Methods)
		requireStepUp(t, c.Do(t, http.MethodDelete, pkMine+"/"+first.ID, nil))
		r = c.Do(t, http.MethodPost, suEmailBegin, nil)
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "passkey_step_up_required", r.Problem(t))
		assert.Empty(t, pkEvents(t, e, "passkey.deleted", first.ID))

		r = c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err := laptop.Get(r.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, c.Do(t, http.MethodPost, pkStepUpFinish, string(assertion)).Status)

		require.Equal(t, http.StatusCreated, pkRegister(t, c, pkAuthenticator(e), "Phone").Status)
		r = c.Do(t, http.MethodDelete, pkMine+"/"+first.ID, nil)
		assert.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		assert.Len(t, pkEvents(t, e, "passkey.deleted", first.ID), 1)
		assert.Len(t, pkList(t, c), 1)

		// Another session of the same person has not stepped up.
		second := e.Client()
		require.Equal(t, "done", second.SignIn(t, "guard@s.example", pkPW))
		requireStepUp(t, second.Do(t, http.MethodPost, pkRegisterBegin, nil))
		_ = u
	})
}

func TestStepUpIsNeverABearerToken(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		c := e.Client()
		c.SignIn(t, "ap@acme.example", adminPW)
		stepUp(t, e, c)
		r := c.Do(t, http.MethodPost, "/api/v1/api-keys", map[string]any{"name": "all", "scopes": []string{"profile", "payments:check"}})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		var k struct {
			Key string `json:"key"`
		}
		r.JSON(t, &k)
		bearer := e.Client()
		r = bearer.Do(t, http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "minted"}, "Authorization", "Bearer "+k.Key)
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "insufficient_scope", r.Problem(t), "keys cannot mint keys, stepped up or not")
		r = bearer.Do(t, http.MethodPost, suEmailBegin, nil, "Authorization", "Bearer "+k.Key)
		assert.Equal(t, http.StatusForbidden, r.Status)
	})
}
