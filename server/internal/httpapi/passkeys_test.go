package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/identity/passkeytest"
)

const (
	pkRegisterBegin  = "/api/v1/auth/passkeys/register/begin"
	pkRegisterFinish = "/api/v1/auth/passkeys/register/finish"
	pkLoginBegin     = "/api/v1/auth/passkeys/login/begin"
	pkLoginFinish    = "/api/v1/auth/passkeys/login/finish"
	pkMine           = "/api/v1/me/passkeys"
	pkStepUpBegin    = "/api/v1/auth/step-up/passkey/begin"
	pkStepUpFinish   = "/api/v1/auth/step-up/passkey/finish"
	pkPW             = "passkey passphrase for tests"
)

// pkItem is a passkey as GET /me/passkeys lists it.
type pkItem struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	BackupEligible bool       `json:"backup_eligible"`
	BackupState    bool       `json:"backup_state"`
	CloneWarning   bool       `json:"clone_warning"`
}

// pkAuthenticator returns a software authenticator on the server's public origin.
func pkAuthenticator(e *apitest.Env) *passkeytest.Authenticator {
	return passkeytest.New(identity.RPOrigin(e.App.Config.PublicURL))
}

// pkUser creates a supplier user and a client signed in as them.
func pkUser(t *testing.T, e *apitest.Env, email string) (identity.User, *apitest.Client) {
	t.Helper()
	u := e.CreateUser(t, email, pkPW, identity.RoleSupplierUser, "Supplier of "+email)
	c := e.Client()
	require.Equal(t, "done", c.SignIn(t, email, pkPW))
	return u, c
}

// pkRegister runs a whole registration ceremony and returns the finish response.
func pkRegister(t *testing.T, c *apitest.Client, a *passkeytest.Authenticator, name string, opts ...passkeytest.Option) *apitest.Response {
	t.Helper()
	r := c.Do(t, http.MethodPost, pkRegisterBegin, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	body, _, err := a.Create(r.Body, opts...)
	require.NoError(t, err)
	path := pkRegisterFinish
	if name != "" {
		path += "?name=" + url.QueryEscape(name)
	}
	return c.Do(t, http.MethodPost, path, string(body))
}

// pkBegin starts a sign-in (email "" is discoverable) and returns the options.
func pkBegin(t *testing.T, c *apitest.Client, email string) []byte {
	t.Helper()
	var body any = map[string]string{}
	if email != "" {
		body = map[string]string{"email": email}
	}
	r := c.Do(t, http.MethodPost, pkLoginBegin, body)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	return r.Body
}

// pkLogin runs a whole sign-in ceremony and returns the finish response.
func pkLogin(t *testing.T, c *apitest.Client, a *passkeytest.Authenticator, email string, opts ...passkeytest.Option) *apitest.Response {
	t.Helper()
	assertion, _, err := a.Get(pkBegin(t, c, email), opts...)
	require.NoError(t, err)
	return c.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
}

func pkList(t *testing.T, c *apitest.Client) []pkItem {
	t.Helper()
	r := c.Do(t, http.MethodGet, pkMine, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var out struct {
		Passkeys []pkItem `json:"passkeys"`
	}
	r.JSON(t, &out)
	return out.Passkeys
}

// pkEvents returns the audit events with exactly this action about target.
func pkEvents(t *testing.T, e *apitest.Env, action, target string) []audit.Event {
	t.Helper()
	evs, err := e.App.Audit.List(t.Context(), audit.Filter{Action: action, TargetID: target})
	require.NoError(t, err)
	out := evs[:0]
	for _, ev := range evs {
		if ev.Action == action {
			out = append(out, ev)
		}
	}
	return out
}

// pkOptions is the part of begin answers the tests look at.
type pkOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"rp"`
		User struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
		} `json:"user"`
		RPID                   string `json:"rpId"`
		UserVerification       string `json:"userVerification"`
		Timeout                int    `json:"timeout"`
		AuthenticatorSelection struct {
			ResidentKey        string `json:"residentKey"`
			RequireResidentKey bool   `json:"requireResidentKey"`
			UserVerification   string `json:"userVerification"`
		} `json:"authenticatorSelection"`
		ExcludeCredentials []struct {
			ID string `json:"id"`
		} `json:"excludeCredentials"`
		AllowCredentials []struct {
			ID         string   `json:"id"`
			Type       string   `json:"type"`
			Transports []string `json:"transports"`
		} `json:"allowCredentials"`
	} `json:"publicKey"`
}

func pkParse(t *testing.T, b []byte) pkOptions {
	t.Helper()
	var o pkOptions
	require.NoError(t, json.Unmarshal(b, &o), "%s", b)
	return o
}

func TestPasskeyRegisterListDelete(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "reg@s.example")
		laptop, phone := pkAuthenticator(e), pkAuthenticator(e)
		phone.BackupEligible, phone.BackupState = true, true

		// The creation options: passkeys only (resident key, user verification), the RP
		// from VOUCH_PUBLIC_URL, a random 64-byte handle rather than the e-mail.
		r := c.Do(t, http.MethodPost, pkRegisterBegin, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))
		o := pkParse(t, r.Body)
		assert.Equal(t, "localhost", o.PublicKey.RP.ID)
		assert.Equal(t, "Vouch", o.PublicKey.RP.Name)
		assert.Equal(t, "required", o.PublicKey.AuthenticatorSelection.ResidentKey)
		assert.True(t, o.PublicKey.AuthenticatorSelection.RequireResidentKey)
		assert.Equal(t, "required", o.PublicKey.AuthenticatorSelection.UserVerification)
		handle, err := base64.RawURLEncoding.DecodeString(o.PublicKey.User.ID)
		require.NoError(t, err)
		assert.Len(t, handle, 64)
		assert.NotContains(t, string(handle), "reg@s.example")
		assert.Equal(t, "reg@s.example", o.PublicKey.User.Name)
		assert.Equal(t, 300000, o.PublicKey.Timeout)
		assert.Empty(t, o.PublicKey.ExcludeCredentials)
		var ceremony *http.Cookie
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			if ck.Name == "vouch_ceremony" {
				ceremony = ck
			}
		}
		require.NotNil(t, ceremony, "the ceremony id rides in a cookie")
		assert.True(t, ceremony.HttpOnly)
		assert.Equal(t, http.SameSiteStrictMode, ceremony.SameSite)
		assert.Equal(t, "/api/v1/auth/", ceremony.Path)
		assert.Equal(t, 300, ceremony.MaxAge)

		body, _, err := laptop.Create(r.Body)
		require.NoError(t, err)
		r = c.Do(t, http.MethodPost, pkRegisterFinish+"?name="+url.QueryEscape("  Work   laptop "), string(body))
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		assert.Empty(t, c.Cookie("vouch_ceremony"), "the finish clears the ceremony cookie")
		var first pkItem
		r.JSON(t, &first)
		assert.Equal(t, "Work laptop", first.Name)
		assert.True(t, strings.HasPrefix(first.ID, "pk_"), first.ID)
		assert.Nil(t, first.LastUsedAt)
		assert.False(t, first.BackupEligible)
		assert.NotContains(t, string(r.Body), "public_key")

		// The same authenticator cannot register twice: its credential is excluded. (A
		// second passkey needs a step-up; stepup_test.go covers how one is made.)
		stepUp(t, e, c)
		r = c.Do(t, http.MethodPost, pkRegisterBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		o = pkParse(t, r.Body)
		require.Len(t, o.PublicKey.ExcludeCredentials, 1)
		assert.Equal(t, base64.RawURLEncoding.EncodeToString(laptop.Credentials()[0].ID), o.PublicKey.ExcludeCredentials[0].ID)
		assert.Equal(t, handle, pkHandle(t, r.Body), "the handle is stable")
		_, _, err = laptop.Create(r.Body)
		assert.ErrorIs(t, err, passkeytest.ErrExcluded)

		r = pkRegister(t, c, phone, "Phone")
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		var second pkItem
		r.JSON(t, &second)
		assert.True(t, second.BackupEligible)
		assert.True(t, second.BackupState)

		// A name nobody typed gets the default; a bad one is refused before anything
		// is stored.
		r = pkRegister(t, c, pkAuthenticator(e), strings.Repeat("x", 65))
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s", r.Body)

		list := pkList(t, c)
		require.Len(t, list, 2)
		assert.Equal(t, "Work laptop", list[0].Name)
		assert.Equal(t, "Phone", list[1].Name)

		evs := pkEvents(t, e, "passkey.registered", first.ID)
		require.Len(t, evs, 1)
		assert.Equal(t, u.ID, evs[0].ActorID)

		// Another user cannot delete (or learn about) these: 404, like a missing id.
		_, other := pkUser(t, e, "other@s.example")
		stepUp(t, e, other)
		r = other.Do(t, http.MethodDelete, pkMine+"/"+first.ID, nil)
		assert.Equal(t, http.StatusNotFound, r.Status, "%s", r.Body)
		assert.Equal(t, "passkey_not_found", r.Problem(t))
		assert.Empty(t, pkList(t, other))
		assert.Len(t, pkList(t, c), 2)

		r = c.Do(t, http.MethodDelete, pkMine+"/"+first.ID, nil)
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		list = pkList(t, c)
		require.Len(t, list, 1)
		assert.Equal(t, second.ID, list[0].ID)
		assert.Len(t, pkEvents(t, e, "passkey.deleted", first.ID), 1)
		assert.Equal(t, http.StatusNotFound, c.Do(t, http.MethodDelete, pkMine+"/"+first.ID, nil).Status)

		// The deleted passkey no longer signs in.
		anon := e.Client()
		r = pkLogin(t, anon, laptop, "", passkeytest.WithCredential(laptop.Credentials()[0]))
		assert.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
		assert.Equal(t, "passkey_invalid", r.Problem(t))
	})
}

// pkHandle reads the user handle out of creation options.
func pkHandle(t *testing.T, options []byte) []byte {
	t.Helper()
	h, err := base64.RawURLEncoding.DecodeString(pkParse(t, options).PublicKey.User.ID)
	require.NoError(t, err)
	return h
}

func TestPasskeyDiscoverableSignIn(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "disc@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)

		anon := e.Client()
		o := pkParse(t, pkBegin(t, anon, ""))
		assert.Empty(t, o.PublicKey.AllowCredentials, "discoverable: no list")
		assert.Equal(t, "localhost", o.PublicKey.RPID)
		assert.Equal(t, "required", o.PublicKey.UserVerification)

		planted := strings.Repeat("B", 43)
		anon.SetCookie("vouch_session", planted)
		r := pkLogin(t, anon, a, "")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out struct {
			User struct {
				ID    string `json:"id"`
				Email string `json:"email"`
			} `json:"user"`
			Next string `json:"next"`
		}
		r.JSON(t, &out)
		assert.Equal(t, u.ID, out.User.ID)
		assert.Equal(t, "disc@s.example", out.User.Email)
		assert.Equal(t, "done", out.Next)
		assert.NotEmpty(t, anon.Cookie("vouch_session"))
		assert.NotEqual(t, planted, anon.Cookie("vouch_session"), "a fresh session id")
		assert.Equal(t, http.StatusOK, anon.Do(t, http.MethodGet, "/api/v1/me", nil).Status)

		list := pkList(t, anon)
		require.Len(t, list, 1)
		require.NotNil(t, list[0].LastUsedAt)
		assert.WithinDuration(t, time.Now(), *list[0].LastUsedAt, time.Minute)

		evs := pkEvents(t, e, "auth.login_succeeded", u.ID)
		require.NotEmpty(t, evs)
		assert.Equal(t, "passkey", evs[0].Details["method"])
		assert.Equal(t, list[0].ID, evs[0].Details["passkey_id"])

		// Signing in again moves the counter on and works.
		r = pkLogin(t, e.Client(), a, "")
		assert.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	})
}

func TestPasskeySignInWithEmail(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		_, c := pkUser(t, e, "mail@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
		pkUser(t, e, "nopasskey@s.example")

		anon := e.Client()
		o := pkParse(t, pkBegin(t, anon, "  MAIL@s.example "))
		require.Len(t, o.PublicKey.AllowCredentials, 1)
		assert.Equal(t, base64.RawURLEncoding.EncodeToString(a.Credentials()[0].ID), o.PublicKey.AllowCredentials[0].ID)
		r := pkLogin(t, anon, a, "mail@s.example")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)

		// Unknown e-mails and accounts without passkeys get a list shaped like a real one,
		// the same each time, so begin does not tell who has an account.
		for _, email := range []string{"nobody@s.example", "nopasskey@s.example"} {
			first := pkParse(t, pkBegin(t, anon, email))
			again := pkParse(t, pkBegin(t, anon, email))
			require.Len(t, first.PublicKey.AllowCredentials, 1, email)
			assert.Equal(t, first.PublicKey.AllowCredentials, again.PublicKey.AllowCredentials, email)
			assert.Equal(t, len(o.PublicKey.AllowCredentials[0].ID), len(first.PublicKey.AllowCredentials[0].ID), email)
			assert.Equal(t, "public-key", first.PublicKey.AllowCredentials[0].Type)
			assert.NotEqual(t, first.PublicKey.Challenge, again.PublicKey.Challenge)

			// Whatever comes back for a decoy is refused.
			assertion, _, err := a.Get(pkBegin(t, anon, email), passkeytest.WithCredential(a.Credentials()[0]))
			require.NoError(t, err)
			r := anon.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
			assert.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
			assert.Equal(t, "passkey_invalid", r.Problem(t))
		}
		a1 := pkParse(t, pkBegin(t, anon, "nobody@s.example")).PublicKey.AllowCredentials[0].ID
		a2 := pkParse(t, pkBegin(t, anon, "nopasskey@s.example")).PublicKey.AllowCredentials[0].ID
		assert.NotEqual(t, a1, a2, "decoys differ per e-mail")

		// A passkey of one account cannot finish a sign-in begun for another.
		_, c2 := pkUser(t, e, "second@s.example")
		b := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c2, b, "Phone").Status)
		assertion, _, err := b.Get(pkBegin(t, anon, "mail@s.example"), passkeytest.WithCredential(b.Credentials()[0]))
		require.NoError(t, err)
		r = anon.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
		assert.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
		assert.Equal(t, "passkey_invalid", r.Problem(t))
	})
}

func TestPasskeySignInRefusals(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "refuse@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)

		cases := []struct {
			name string
			opts []passkeytest.Option
		}{
			{"phishing origin", []passkeytest.Option{passkeytest.WithOrigin("https://vouch-login.example")}},
			{"other origin port", []passkeytest.Option{passkeytest.WithOrigin("http://localhost:9999")}},
			{"other rp id", []passkeytest.Option{passkeytest.WithRPID("evil.example")}},
			{"tampered signature", []passkeytest.Option{passkeytest.WithTamperedSignature()}},
			{"no user verification", []passkeytest.Option{passkeytest.WithoutUserVerification()}},
			{"creation type", []passkeytest.Option{passkeytest.WithType("webauthn.create")}},
			{"other challenge", []passkeytest.Option{passkeytest.WithChallenge([]byte("0123456789abcdef0123456789abcdef"))}},
			{"cross origin", []passkeytest.Option{passkeytest.WithCrossOrigin()}},
			{"other user handle", []passkeytest.Option{passkeytest.WithUserHandle(make([]byte, 64))}},
			{"no user handle", []passkeytest.Option{passkeytest.WithoutUserHandle()}},
		}
		for _, tc := range cases {
			anon := e.Client()
			r := pkLogin(t, anon, a, "", tc.opts...)
			assert.Equal(t, http.StatusUnauthorized, r.Status, "%s: %s", tc.name, r.Body)
			assert.Equal(t, "passkey_invalid", r.Problem(t), tc.name)
			assert.Empty(t, anon.Cookie("vouch_session"), tc.name)
		}
		// Known accounts have their failures audited.
		assert.NotEmpty(t, pkEvents(t, e, "auth.login_failed", u.ID))

		// A ceremony is single use: the same answer replayed with the same id fails.
		anon := e.Client()
		assertion, _, err := a.Get(pkBegin(t, anon, ""))
		require.NoError(t, err)
		id := anon.Cookie("vouch_ceremony")
		require.NotEmpty(t, id)
		r := anon.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		replay := e.Client()
		replay.SetCookie("vouch_ceremony", id)
		r = replay.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
		assert.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
		assert.Equal(t, "ceremony_expired", r.Problem(t))

		// No ceremony at all, or a forged id: the same answer.
		for _, forged := range []string{"", strings.Repeat("A", 43), "short"} {
			c := e.Client()
			assertion, _, err := a.Get(pkBegin(t, c, ""))
			require.NoError(t, err)
			c.SetCookie("vouch_ceremony", forged)
			r := c.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
			assert.Equal(t, "ceremony_expired", r.Problem(t), "forged %q", forged)
		}

		// A registration ceremony cannot finish a sign-in. (A second passkey needs a step-up.)
		stepUp(t, e, c)
		r = c.Do(t, http.MethodPost, pkRegisterBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err = a.Get(pkBegin(t, e.Client(), ""))
		require.NoError(t, err)
		r = c.Do(t, http.MethodPost, pkLoginFinish, string(assertion))
		assert.Equal(t, "ceremony_expired", r.Problem(t))

		// After all that the passkey still works.
		assert.Equal(t, http.StatusOK, pkLogin(t, e.Client(), a, "").Status)
	})
}

func TestPasskeyCounterGoingBackwardsIsRefusedAndFlagged(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "clone@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Key").Status)
		require.Equal(t, http.StatusOK, pkLogin(t, e.Client(), a, "", passkeytest.WithCounter(7)).Status)

		// A copy of the key that is behind reports a counter at or below the stored one.
		for _, n := range []uint32{7, 3} {
			r := pkLogin(t, e.Client(), a, "", passkeytest.WithCounter(n))
			assert.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
			assert.Equal(t, "passkey_invalid", r.Problem(t))
		}
		list := pkList(t, c)
		require.Len(t, list, 1)
		assert.True(t, list[0].CloneWarning)
		evs := pkEvents(t, e, "passkey.clone_suspected", list[0].ID)
		require.Len(t, evs, 1, "flagged and audited once")
		assert.Equal(t, u.ID, evs[0].ActorID)

		// A flagged passkey stays refused, even with a counter that moves on, until its
		// owner removes it.
		r := pkLogin(t, e.Client(), a, "", passkeytest.WithCounter(100))
		assert.Equal(t, "passkey_invalid", r.Problem(t))
		r = c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err := a.Get(r.Body, passkeytest.WithCounter(200))
		require.NoError(t, err)
		assert.Equal(t, "passkey_invalid", c.Do(t, http.MethodPost, pkStepUpFinish, string(assertion)).Problem(t))

		// Authenticators that keep no counter (always 0, like synced passkeys) are fine.
		sync := pkAuthenticator(e)
		stepUp(t, e, c) // a second passkey needs a step-up
		require.Equal(t, http.StatusCreated, pkRegister(t, c, sync, "Synced").Status)
		for range 2 {
			r := pkLogin(t, e.Client(), sync, "", passkeytest.WithCounter(0))
			assert.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		}
	})
}

func TestPasskeyMalformedBodies(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		_, c := pkUser(t, e, "malformed@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
		stepUp(t, e, c) // so that register/begin below opens a ceremony for the bodies to fail

		b64 := base64.RawURLEncoding.EncodeToString
		garbage := []string{
			``, `null`, `[]`, `"x"`, `{}`, `{"id":1}`, `not json`, `{"id":"AA","rawId":"AA"`,
			`{"id":"AA","rawId":"AA","type":"public-key"}`,
			`{"id":"AA","rawId":"AB","type":"public-key","response":{}}`,
			`{"id":"%%%","rawId":"AA","type":"public-key","response":{}}`,
			`{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"!!","attestationObject":"!!"}}`,
			`{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"` + b64([]byte("nope")) +
				`","attestationObject":"` + b64([]byte{0xa3, 0xff}) + `","authenticatorData":"` + b64([]byte{1, 2}) +
				`","signature":"` + b64([]byte{3}) + `"}}`,
			`{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"` + b64([]byte(`{"type":"webauthn.get"}`)) +
				`","authenticatorData":"` + b64(make([]byte, 37)) + `","signature":"` + b64([]byte{3}) + `","userHandle":"` + b64(make([]byte, 64)) + `"}}`,
			`{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"` + b64([]byte(`{"type":"webauthn.create"}`)) +
				`","attestationObject":"` + b64([]byte{0xa0}) + `"}}`,
			`{"id":"AA","rawId":"AA","type":"public-key","response":{}} trailing`,
			strings.Repeat(`[`, 100000),
		}
		// Take a real answer apart too: every field dropped or replaced by junk.
		real, _, err := a.Get(pkBegin(t, e.Client(), ""))
		require.NoError(t, err)
		var whole map[string]any
		require.NoError(t, json.Unmarshal(real, &whole))
		for _, field := range []string{"clientDataJSON", "authenticatorData", "signature", "userHandle"} {
			for _, junk := range []any{nil, 12, "", "@@", b64([]byte("x")), map[string]any{}} {
				mutated := pkClone(t, whole)
				resp := mutated["response"].(map[string]any)
				if junk == nil {
					delete(resp, field)
				} else {
					resp[field] = junk
				}
				b, err := json.Marshal(mutated)
				require.NoError(t, err)
				garbage = append(garbage, string(b))
			}
		}

		for _, path := range []string{pkLoginFinish, pkRegisterFinish, pkStepUpFinish} {
			for _, body := range garbage {
				// Begin first, so the ceremony is live and only the body is wrong. Sign-ins
				// come from fresh addresses, out of the rate limit's way.
				begin := map[string]string{pkLoginFinish: pkLoginBegin, pkRegisterFinish: pkRegisterBegin, pkStepUpFinish: pkStepUpBegin}[path]
				cl := c
				if path == pkLoginFinish {
					cl = e.Client()
				}
				require.Equal(t, http.StatusOK, cl.Do(t, http.MethodPost, begin, map[string]string{}).Status)
				r := cl.Do(t, http.MethodPost, path, body)
				assert.True(t, r.Status >= 400 && r.Status < 500, "%s %.60q: %d %s", path, body, r.Status, r.Body)
				assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"), "%s %.60q", path, body)
			}
			r := c.Do(t, http.MethodPost, path, `{}`)
			assert.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			assert.Equal(t, "malformed_webauthn", r.Problem(t))
			r = c.Do(t, http.MethodPost, path, nil, "Content-Type", "text/plain")
			assert.Equal(t, http.StatusUnsupportedMediaType, r.Status, "%s", r.Body)
		}
		// Begin bodies are checked too.
		assert.Equal(t, "malformed_json", c.Do(t, http.MethodPost, pkLoginBegin, `{"email":`).Problem(t))
		assert.Equal(t, "malformed_json", c.Do(t, http.MethodPost, pkLoginBegin, `{"mail":"x"}`).Problem(t))
		r := c.Do(t, http.MethodPost, pkLoginBegin, ``)
		assert.Equal(t, http.StatusOK, r.Status, "an empty body is a discoverable begin")
	})
}

func pkClone(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func TestPasskeyRoutesNeedCSRF(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		_, c := pkUser(t, e, "csrf@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
		id := pkList(t, c)[0].ID

		c.NoCSRF = true
		anon := e.Client()
		anon.NoCSRF = true
		for _, tc := range []struct {
			c    *apitest.Client
			path string
		}{
			{c, pkRegisterBegin}, {c, pkRegisterFinish}, {anon, pkLoginBegin}, {anon, pkLoginFinish},
			{c, pkStepUpBegin}, {c, pkStepUpFinish},
		} {
			r := tc.c.Do(t, http.MethodPost, tc.path, map[string]string{})
			assert.Equal(t, "csrf_failed", r.Problem(t), tc.path)
		}
		assert.Equal(t, "csrf_failed", c.Do(t, http.MethodDelete, pkMine+"/"+id, nil).Problem(t))
		c.NoCSRF = false
		assert.Len(t, pkList(t, c), 1)
	})
}

func TestPasskeyStepUp(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "stepup@s.example")
		r := c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		assert.Equal(t, http.StatusConflict, r.Status, "%s", r.Body)
		assert.Equal(t, "no_passkeys", r.Problem(t))

		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
		sessions := identity.NewSessions(e.App.KV, identity.SessionConfig{})
		sess, err := sessions.Lookup(t.Context(), c.Cookie("vouch_session"))
		require.NoError(t, err)
		assert.Nil(t, sess.StepUpAt)
		assert.False(t, identity.RecentStepUp(sess, time.Now()))

		// Another person's passkey cannot step this session up.
		_, other := pkUser(t, e, "stepup-other@s.example")
		b := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, other, b, "Theirs").Status)
		r = c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err := b.Get(r.Body, passkeytest.WithCredential(b.Credentials()[0]))
		require.NoError(t, err)
		assert.Equal(t, "passkey_invalid", c.Do(t, http.MethodPost, pkStepUpFinish, string(assertion)).Problem(t))
		assert.NotEmpty(t, pkEvents(t, e, "auth.step_up_failed", u.ID))

		// A step-up begun in one session cannot be finished from another of the same user.
		second := e.Client()
		require.Equal(t, "done", second.SignIn(t, "stepup@s.example", pkPW))
		r = c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		o := pkParse(t, r.Body)
		require.Len(t, o.PublicKey.AllowCredentials, 1)
		assert.Equal(t, "required", o.PublicKey.UserVerification)
		assertion, _, err = a.Get(r.Body)
		require.NoError(t, err)
		second.SetCookie("vouch_ceremony", c.Cookie("vouch_ceremony"))
		assert.Equal(t, "ceremony_expired", second.Do(t, http.MethodPost, pkStepUpFinish, string(assertion)).Problem(t))

		// The real thing.
		before := time.Now()
		r = c.Do(t, http.MethodPost, pkStepUpBegin, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertion, _, err = a.Get(r.Body)
		require.NoError(t, err)
		r = c.Do(t, http.MethodPost, pkStepUpFinish, string(assertion))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out struct {
			StepUpAt        time.Time `json:"step_up_at"`
			StepUpExpiresAt time.Time `json:"step_up_expires_at"`
		}
		r.JSON(t, &out)
		assert.WithinDuration(t, before, out.StepUpAt, time.Minute)
		assert.Equal(t, identity.StepUpWindow, out.StepUpExpiresAt.Sub(out.StepUpAt))

		sess, err = sessions.Lookup(t.Context(), c.Cookie("vouch_session"))
		require.NoError(t, err)
		require.NotNil(t, sess.StepUpAt)
		assert.WithinDuration(t, out.StepUpAt, *sess.StepUpAt, time.Millisecond)
		assert.True(t, identity.RecentStepUp(sess, time.Now()))
		assert.False(t, identity.RecentStepUp(sess, time.Now().Add(identity.StepUpWindow+time.Second)))
		assert.Len(t, pkEvents(t, e, "auth.step_up", u.ID), 1)

		// The other session did not step up.
		sess2, err := sessions.Lookup(t.Context(), second.Cookie("vouch_session"))
		require.NoError(t, err)
		assert.False(t, identity.RecentStepUp(sess2, time.Now()))
	})
}

func TestPasskeySignInHonoursForcedReset(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		u, c := pkUser(t, e, "forced@s.example")
		a := pkAuthenticator(e)
		require.Equal(t, http.StatusCreated, pkRegister(t, c, a, "Laptop").Status)
		require.NoError(t, e.App.Identity.Store().SetMustChangePassword(t.Context(), u.ID, true))

		anon := e.Client()
		r := pkLogin(t, anon, a, "")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out struct {
			Next string `json:"next"`
		}
		r.JSON(t, &out)
		assert.Equal(t, "change_password", out.Next)
		assert.Equal(t, "password_change_required", anon.Do(t, http.MethodGet, pkMine, nil).Problem(t))
		assert.Equal(t, http.StatusOK, anon.Do(t, http.MethodGet, "/api/v1/me", nil).Status)
	})
}

func TestPasskeySignInIsRateLimited(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		c := e.Client()
		limited := false
		for range 40 {
			r := c.Do(t, http.MethodPost, pkLoginBegin, map[string]string{})
			if r.Status == http.StatusTooManyRequests {
				limited = true
				assert.NotEmpty(t, r.Header.Get("Retry-After"))
				assert.Equal(t, "rate_limited", r.Problem(t))
				break
			}
			require.Equal(t, http.StatusOK, r.Status)
		}
		assert.True(t, limited, "passkey sign-in begins are rate limited per address")
		assert.Equal(t, http.StatusOK, e.Client().Do(t, http.MethodPost, pkLoginBegin, map[string]string{}).Status,
			"another address is not affected")
	})
}
